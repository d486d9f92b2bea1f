// Measurement helpers for the bench runner. The functions marked "in page" are serialized by
// Playwright and run inside the measured page, so they must not use anything from this module's scope.
//
// The init script (installed with page.addInitScript before any of the page's own code runs) keeps
// in window.__bench:
//   last        performance.now() of the latest DOM mutation (MutationObserver on document:
//               subtree, childList, attributes, characterData)
//   mutations   number of mutation records seen
//   events      Event Timing entries (durationThreshold 16 ms, the smallest the API allows)
//   releases    { type, at, paintedAt } per pointer/mouse/drag release and Enter keydown: the event's
//               timeStamp and the time after the next frame (rAF, then setTimeout 0), the second
//               "next paint" estimate beside Event Timing (which reports nothing under 16 ms)
//   readyAt     when <html data-tafel-ready> appeared (Tafel), seededAt / seedError (Tafel seeding)
//   projectsAt  when the first project card appeared, where window.__benchWatchProjects is set

export const QUIET_MS = 300;

/** In page (init script). */
export function benchInitScript() {
  if (window.__bench) return;
  const b = (window.__bench = { last: performance.now(), mutations: 0, events: [], releases: [] });
  new MutationObserver((records) => {
    b.last = performance.now();
    b.mutations += records.length;
    const html = document.documentElement;
    if (b.readyAt === undefined && html?.hasAttribute('data-tafel-ready')) b.readyAt = b.last;
    if (b.seededAt === undefined && html?.hasAttribute('data-tafel-seeded')) b.seededAt = b.last;
    // Only where asked (the start-up on OpenProject): a query per mutation would weigh on the views.
    if (window.__benchWatchProjects && b.projectsAt === undefined && document.querySelector('[data-testid="project-card"]')) {
      b.projectsAt = b.last;
    }
    if (b.seedError === undefined && html?.hasAttribute('data-tafel-seed-error')) {
      b.seedError = html.getAttribute('data-tafel-seed-error');
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  try {
    const po = new PerformanceObserver((list) => b.events.push(...list.getEntries().map(plain)));
    po.observe({ type: 'event', durationThreshold: 16, buffered: true });
    b.takeEvents = () => b.events.push(...po.takeRecords().map(plain));
  } catch {
    b.takeEvents = () => {};
  }
  function plain(e) {
    return { name: e.name, startTime: e.startTime, duration: e.duration, processingStart: e.processingStart,
      processingEnd: e.processingEnd };
  }
  const release = (e) => {
    if (e.type === 'keydown' && e.key !== 'Enter') return;
    const r = { type: e.type, at: e.timeStamp, paintedAt: null };
    b.releases.push(r);
    requestAnimationFrame(() => setTimeout(() => (r.paintedAt = performance.now()), 0));
  };
  for (const type of ['pointerup', 'mouseup', 'drop', 'dragend', 'keydown']) {
    addEventListener(type, release, { capture: true });
  }
}

/**
 * In page. Resolves once no mutation happened for `quietMs`, with the time of the LAST mutation
 * minus `start` (the quiet window is not included). `start` null = "now" (the caller starts a render
 * right after); a number = that performance.now() value (0 = navigation start).
 */
export function waitQuiet({ quietMs, start }) {
  const b = window.__bench;
  return new Promise((resolve) => {
    const poll = () => {
      const idle = performance.now() - b.last;
      if (idle >= quietMs) resolve({ settled: Math.max(0, b.last - start), mutations: b.mutations });
      else setTimeout(poll, Math.max(10, quietMs - idle));
    };
    poll();
  });
}

/** In page: starts the clock and the peer's render in one task. */
export function startRender() {
  const b = window.__bench;
  const start = performance.now();
  b.last = start;
  b.mutations = 0;
  window.benchRender();
  return start;
}

/** In page: element counts and the element the scroll test will move (described for the report). */
export function domCount() {
  return document.getElementsByTagName('*').length;
}

/**
 * In page. Moves the main scroller `px` pixels per frame for `frames` frames (each step in
 * requestAnimationFrame) and returns the frame intervals. The scroller is the page's own choice
 * (window.benchScroller) or else the element with the most to scroll (scrollHeight − clientHeight,
 * overflow-y auto/scroll, or the document's scrolling element).
 */
export function scrollTest({ frames, px }) {
  const describe = (el) => {
    if (el === document.scrollingElement) return 'document';
    const testid = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${testid ? `[data-testid="${testid}"]` : ''}` +
      ` (${el.clientHeight}px of ${el.scrollHeight}px)`;
  };
  let el = window.benchScroller?.();
  if (!el) {
    let best = 0;
    const root = document.scrollingElement;
    if (root && root.scrollHeight - root.clientHeight > 1) [el, best] = [root, root.scrollHeight - root.clientHeight];
    for (const e of document.body.getElementsByTagName('*')) {
      const room = e.scrollHeight - e.clientHeight;
      if (room <= best) continue;
      const overflow = getComputedStyle(e).overflowY;
      if (overflow === 'auto' || overflow === 'scroll') [el, best] = [e, room];
    }
  }
  if (!el) return { target: 'nothing scrolls', intervals: [], scrolledPx: 0 };
  const target = describe(el);
  el.scrollTop = 0;
  return new Promise((resolve) => {
    const intervals = [];
    let prev = null;
    let step = 0;
    const frame = (ts) => {
      if (prev !== null) intervals.push(ts - prev);
      prev = ts;
      if (step === frames) return resolve({ target, intervals, scrolledPx: el.scrollTop });
      step += 1;
      el.scrollTop += px;
      requestAnimationFrame(frame);
    };
    // Two frames first so the first interval is not the wait for the first frame.
    requestAnimationFrame(() => requestAnimationFrame(frame));
  }).then((r) => {
    el.scrollTop = 0;
    return r;
  });
}

/** In page: flushes Event Timing and returns what was recorded at or after `since`. */
export function interactionSince({ since, pattern }) {
  const b = window.__bench;
  b.takeEvents();
  const re = new RegExp(pattern);
  const events = b.events.filter((e) => e.startTime >= since && re.test(e.name));
  const releases = b.releases.filter((r) => r.at >= since);
  return { events, releases };
}

/** In page: the marks and paint entries the Tafel figures come from. */
export function tafelTimings() {
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
  const paint = (name) => performance.getEntriesByName(name, 'paint')[0]?.startTime ?? null;
  return {
    storeLoaded: mark('tafel:store-loaded'),
    storeDecoded: mark('tafel:store-decoded'),
    readyMark: mark('tafel:ready'),
    readyAt: window.__bench?.readyAt ?? null,
    projectsAt: window.__bench?.projectsAt ?? null,
    firstPaint: paint('first-paint'),
    firstContentfulPaint: paint('first-contentful-paint'),
    wasmBytes: globalThis.tafelWasmMemoryBytes?.() ?? 0,
  };
}

// ---- Node side ---------------------------------------------------------------------------------

/** JS heap used after a full garbage collection (CDP), plus the page's WebAssembly memory. */
export async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => globalThis.tafelWasmMemoryBytes?.() ?? 0);
    return { heapMB: usedSize / 2 ** 20, wasmMB: wasm / 2 ** 20, memoryMB: (usedSize + wasm) / 2 ** 20 };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export async function collectGarbage(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').finally(() => cdp.detach().catch(() => {}));
}

/** p95 (nearest rank) and worst of the scroll test's frame intervals. */
export function scrollFigures({ intervals, target, scrolledPx }) {
  if (!intervals.length) return { scrollP95: null, scrollWorst: null, scrollTarget: target, scrolledPx };
  const sorted = [...intervals].sort((a, b) => a - b);
  const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1];
  return { scrollP95: p95, scrollWorst: sorted[sorted.length - 1], scrollTarget: target, scrolledPx };
}

/**
 * "Move → next paint" from what interactionSince returned: the longer of the longest Event Timing
 * entry (input to the next paint) and the longest release → next-frame time. Both, because headless
 * Chromium sometimes reports no entry at all for a slow interaction (seen: jkanban at 100k, a pointerup
 * followed by a 1 s frame and no entry), and Event Timing never reports anything under 16 ms.
 */
export function paintFigure({ events, releases }) {
  const timed = events.length ? Math.max(...events.map((e) => e.duration)) : null;
  const done = releases.filter((r) => r.paintedAt !== null);
  const framed = done.length ? Math.max(...done.map((r) => r.paintedAt - r.at)) : null;
  if (timed === null && framed === null) return { value: null, method: 'no event seen' };
  if (framed === null || (timed !== null && timed >= framed)) return { value: timed, method: 'event-timing' };
  return { value: framed, method: 'next-frame' };
}

/**
 * Reads a move once it is done: `gestureFrom` = before the gesture began (pointer down / Space),
 * `releaseFrom` = just before the release (mouse up / Enter). movePaint is the release → next paint
 * (what the brief calls the move); gestureWorst is the worst event of the whole gesture (a drag's
 * pick-up and hovering included), kept because for native drag-and-drop that is where peers pay.
 */
export async function readMove(page, { gestureFrom, releaseFrom, pattern }) {
  const gesture = paintFigure(await page.evaluate(interactionSince, { since: gestureFrom, pattern }));
  const release = paintFigure(await page.evaluate(interactionSince, { since: releaseFrom, pattern }));
  return { movePaint: release.value, moveMethod: release.method, gestureWorst: gesture.value };
}

/** Runs `promise`; after `ms` rejects with an error whose `timeout` is true. */
export function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: not done within ${ms / 1000} s`), { timeout: true })), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** median / min / max of the numbers in `values` (nulls ignored); null when there are none. */
export function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], count: v.length };
}
