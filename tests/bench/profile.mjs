#!/usr/bin/env node
// Profiles one Tafel benchmark scenario in headless Chromium (CDP Profiler with a fine sampling
// interval, plus a trace for style/layout/paint/GC) and prints where the time goes: the top self-time
// and total-time functions, grouped into phases (wasm by function name, JS, GC, browser work), the
// main-thread trace events by self time, and the last DOM mutations (what "settled" waited for).
// It drives the app like tests/bench/run.mjs (it imports its seeding and move helpers).
//
//   node tests/bench/profile.mjs SCENARIO [--n 1000] [--interval 100] [--top 25] [--json FILE] [--trace FILE]
//
// --interval: sampling interval in µs; --json: the summaries; --trace: the raw trace and CPU profile,
// which Chromium's DevTools (Performance panel, "Load profile") opens.
// SCENARIO: startup            `/` on an empty store, from navigation to 300 ms after the last mutation
//           board|gantt|table  the view of project `bench` (seeded with N), navigation → settled
//           board-move         the board's keyboard move (Space, ArrowRight, Enter) once settled
//           gantt-move         ArrowRight on a Gantt bar once settled
//           table-sort         a click on the table's Subject header once settled
//           gantt-scroll|board-scroll|table-scroll   the bench's scroll test once settled
//
// Wasm function names: profile a names-kept build, never the shipped one. `bash scripts/profile-build.sh`
// builds the release wasm with its name section kept (same code, same -Oz) into dist-profile/; then
//   TAFEL_DIST=dist-profile node tests/bench/profile.mjs gantt-move --n 10000
// Against the plain dist/ the wasm frames show as $func<index>.
import { writeFileSync } from 'node:fs';
import { launchBrowser } from '../e2e/support/browser.mjs';
import { startServer, DIST_DIR } from '../e2e/support/server.mjs';
import * as m from './measure.mjs';
import { VIEWPORT, SCROLL, seedTafel, tafelKeyboardMove, tafelGanttMove, tafelTableSort } from './run.mjs';

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.wasm',
  'loading',
  'toplevel',
].join(',');

function parseArgs(argv) {
  const o = { scenario: null, n: 1000, interval: 100, top: 25, json: null, trace: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--n') o.n = Number(value());
    else if (flag === '--interval') o.interval = Number(value());
    else if (flag === '--top') o.top = Number(value());
    else if (flag === '--json') o.json = value();
    else if (flag === '--trace') o.trace = value();
    else if (flag.startsWith('--')) throw new Error(`unknown option ${flag}`);
    else o.scenario = flag;
  }
  if (!o.scenario) throw new Error('usage: node tests/bench/profile.mjs SCENARIO [--n N] [--interval µs] [--top K] [--json FILE]');
  return o;
}

/** In page (init script): the WebAssembly memory at each of the app's performance marks. */
function memoryAtMarks() {
  const log = (window.__memoryAtMarks = []);
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    log.push({ name, at: performance.now(), wasmMB: (globalThis.tafelWasmMemoryBytes?.() ?? 0) / 2 ** 20 });
    return mark(name, options);
  };
}

/** In page (init script, after benchInitScript): the last mutation records, described, with times. */
function mutationLog() {
  const log = (window.__mutationLog = []);
  const describe = (node) => {
    if (!node) return '?';
    if (node.nodeType !== 1) return `${node.nodeName.toLowerCase()} in ${describe(node.parentNode)}`;
    const testid = node.getAttribute('data-testid');
    const cls = typeof node.className === 'string' ? node.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${cls ? `.${cls}` : ''}${testid ? `[${testid}]` : ''}`;
  };
  new MutationObserver((records) => {
    const at = performance.now();
    for (const r of records) {
      log.push({
        at,
        type: r.type,
        target: describe(r.target),
        detail: r.type === 'attributes' ? `${r.attributeName}=${String(r.target.getAttribute?.(r.attributeName)).slice(0, 40)}`
          : r.type === 'childList' ? `+${r.addedNodes.length} -${r.removedNodes.length}` : String(r.target.data).slice(0, 40),
      });
    }
    if (log.length > 4000) log.splice(0, log.length - 2000);
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

// ---- CDP: profiler and trace -----------------------------------------------------------------------
async function startRecording(page, intervalUs) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach().catch(() => {});
      return { profile, events };
    },
  };
}

const isWasm = (f) => f.url.startsWith('wasm://') || /^\$?func\d+$/.test(f.functionName) || f.url.endsWith('.wasm');
function phaseOf(f) {
  if (f.functionName === '(garbage collector)') return 'GC';
  if (f.functionName === '(idle)') return 'idle';
  if (f.functionName === '(program)') return 'browser (style, layout, paint, parsing, other native)';
  if (f.functionName === '(root)') return 'root';
  if (isWasm(f)) return 'wasm';
  if (/tafel-[0-9a-f]+\.js|boot\.js/.test(f.url)) return 'JS glue (wasm-bindgen, boot.js)';
  if (!f.url) return 'native (builtins, DOM calls)';
  return 'JS (other)';
}
const label = (f) => {
  const name = f.functionName || '(anonymous)';
  if (isWasm(f)) return `wasm ${name}`;
  const file = f.url ? f.url.split('/').pop() : '';
  return file ? `${name} (${file}:${f.lineNumber + 1})` : name;
};

/**
 * Self and total time per function (total counts a function once per sample however deep it recurs),
 * per phase, optionally only for samples within [from, to] (profiler clock, µs).
 */
function summarizeProfile(profile, { from = -Infinity, to = Infinity } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const phases = new Map();
  let t = profile.startTime;
  let sum = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < from || t > to || dt <= 0) continue;
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = label(f);
    self.set(key, (self.get(key) ?? 0) + dt);
    const ph = phaseOf(f);
    phases.set(ph, (phases.get(ph) ?? 0) + dt);
    sum += dt;
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = label(byId.get(id).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  return { self, total, phases, sum };
}

/** The complete ('X') events of the renderer's main thread, in time order. */
function mainThreadEvents(events) {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
}

/** Main-thread trace events of the page's renderer: self time per event name, plus marks. */
function summarizeTrace(events, { from = -Infinity, to = Infinity } = {}) {
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'i' || e.ph === 'n'))
    .map((e) => ({ name: e.name, ts: e.ts }));
  const perThread = new Map();
  const open = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    let list = perThread.get(key);
    if (!list) perThread.set(key, (list = []));
    if (e.ph === 'X' && e.dur !== undefined) list.push({ name: e.name, ts: e.ts, dur: e.dur });
    else if (e.ph === 'B') (open.get(key) ?? open.set(key, []).get(key)).push(e);
    else if (e.ph === 'E') {
      const b = open.get(key)?.pop();
      if (b) list.push({ name: b.name, ts: b.ts, dur: e.ts - b.ts });
    }
  }
  const selfByName = new Map();
  for (const list of perThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const close = (until) => {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= until) {
        const done = stack.pop();
        const s = Math.max(0, Math.min(done.ts + done.dur, to) - Math.max(done.ts, from)) - done.childInWindow;
        if (s > 0) selfByName.set(done.name, (selfByName.get(done.name) ?? 0) + s / 1000);
        if (stack.length) stack.at(-1).childInWindow += Math.max(0, Math.min(done.ts + done.dur, to) - Math.max(done.ts, from));
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ ...e, childInWindow: 0 });
    }
    close(Infinity);
  }
  return { selfByName, marks };
}

/** Busy time per 20 ms slice between `from` and `to` (µs) and what ran most in it: gaps show waits. */
function timeline(profile, from, to, since, sliceMs = 20) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const slices = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < from || t > to) continue;
    const f = byId.get(profile.samples[i]).callFrame;
    const k = Math.floor((t - from) / 1000 / sliceMs);
    const s = (slices[k] ??= { busy: 0, what: new Map() });
    if (f.functionName === '(idle)') continue;
    s.busy += dt;
    const ph = phaseOf(f) === 'wasm' ? label(f) : phaseOf(f);
    s.what.set(ph, (s.what.get(ph) ?? 0) + dt);
  }
  console.log(`\ntimeline after ${since} (${sliceMs} ms slices: busy ms, what ran most)`);
  const out = [];
  for (let k = 0; k < slices.length; k++) {
    const s = slices[k] ?? { busy: 0, what: new Map() };
    const top = [...s.what].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([w, v]) => `${w} ${v.toFixed(1)}`).join('; ');
    console.log(`${String(k * sliceMs).padStart(6)} ms  ${s.busy.toFixed(1).padStart(5)} busy  ${top}`);
    out.push({ at: k * sliceMs, busy: s.busy, top });
  }
  return out;
}

const ms = (x) => `${x.toFixed(1).padStart(8)} ms`;
function printTop(title, map, sum, top) {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(v)} ${sum ? `${((100 * v) / sum).toFixed(1).padStart(5)} %` : ''}  ${k}`);
  }
}

function report(title, { profile, events }, window, top) {
  const p = summarizeProfile(profile, window);
  const tr = summarizeTrace(events, window);
  const busy = p.sum - (p.phases.get('idle') ?? 0);
  console.log(`\n=== ${title}: ${p.sum.toFixed(1)} ms sampled, ${busy.toFixed(1)} ms busy ===`);
  printTop('phases (share of busy time)', new Map([...p.phases].filter(([k]) => k !== 'idle')), busy, 10);
  const noIdle = (map) => new Map([...map].filter(([k]) => !/^\((idle|root)\)/.test(k)));
  printTop(`top ${top} by self time`, noIdle(p.self), busy, top);
  printTop(`top ${top} by total time (a function and everything it called)`, noIdle(p.total), busy, top);
  printTop('main-thread trace events by self time (style = UpdateLayoutTree, Layout, Paint, GC, …)',
    new Map([...tr.selfByName].filter(([k]) => !/^(RunTask|ThreadControllerImpl::RunTask|RunMicrotasks)$/.test(k))), 0, 20);
  return { phases: Object.fromEntries(p.phases), self: Object.fromEntries(p.self), total: Object.fromEntries(p.total),
    trace: Object.fromEntries(tr.selfByName) };
}

/** DevTools' format: the trace events plus the CPU profile as a ProfileChunk-free "CpuProfile" event. */
function saveTrace(file, { profile, events }) {
  if (!file) return;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const cpu = main && { name: 'CpuProfile', ph: 'I', cat: 'disabled-by-default-devtools.timeline', pid: main.pid, tid: main.tid,
    ts: profile.endTime, args: { data: { cpuProfile: profile } } };
  writeFileSync(file, JSON.stringify({ traceEvents: cpu ? [...events, cpu] : events }));
  console.log(`trace written to ${file}`);
}

// ---- scenarios -----------------------------------------------------------------------------------
async function main() {
  const o = parseArgs(process.argv.slice(2));
  const server = await startServer({ root: DIST_DIR });
  const browser = await launchBrowser();
  const out = { scenario: o.scenario, n: o.n, dist: DIST_DIR };
  try {
    const [kind, action] = o.scenario.split('-');
    let context;
    if (kind === 'startup') {
      context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
    } else {
      ({ context } = await seedTafel({ browser, tafel: server, timeoutMs: 120_000, seedTimeoutMs: 300_000, tafelSeeds: true }, o.n));
      console.log(`seeded N=${o.n}`);
    }
    const page = await context.newPage();
    await page.addInitScript(m.benchInitScript);
    await page.addInitScript(mutationLog);
    await page.addInitScript(memoryAtMarks);
    // Land on the origin first, so the profiled navigation stays in this renderer (and its V8).
    await page.goto(`${server.url}/favicon.svg`);
    const path = kind === 'startup' ? '/' : `/projects/bench/${kind}`;
    let rec = action ? null : await startRecording(page, o.interval);
    await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
    await page.waitForSelector('html[data-tafel-ready]', { state: 'attached', timeout: 120_000 });
    if (kind !== 'startup') {
      await page.waitForFunction(() => performance.getEntriesByName('tafel:store-decoded').length > 0, null, { timeout: 120_000, polling: 20 });
    }
    const { settled } = await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
    const t = await page.evaluate(m.tafelTimings);
    console.log(`settled ${settled.toFixed(1)} ms from navigation; marks: ${JSON.stringify(t)}`);
    out.settled = settled;
    out.timings = t;
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((e) => ({ name: e.name, at: +e.startTime.toFixed(1) })));
    console.log(`marks: ${marks.map((x) => `${x.name} ${x.at}`).join(', ')}`);
    const memory = await page.evaluate(() => [...window.__memoryAtMarks,
      { name: 'settled', at: performance.now(), wasmMB: (globalThis.tafelWasmMemoryBytes?.() ?? 0) / 2 ** 20 }]);
    console.log(`wasm memory (MB) at the marks: ${memory.map((x) => `${x.name} ${x.wasmMB.toFixed(1)}`).join(', ')}`);
    out.memoryAtMarks = memory;
    const lastMutations = await page.evaluate(() => window.__mutationLog.slice(-40));
    console.log('\nlast DOM mutations (ms from navigation, type, target, detail):');
    for (const r of lastMutations) console.log(`${r.at.toFixed(1).padStart(9)}  ${r.type.padEnd(13)} ${r.target}  ${r.detail}`);
    out.lastMutations = lastMutations;

    if (!action) {
      const recorded = await rec.stop();
      saveTrace(o.trace, recorded);
      // Split at the app's marks (trace clock = profiler clock, µs).
      const { marks: traceMarks } = summarizeTrace(recorded.events);
      const at = (name) => traceMarks.find((x) => x.name === name)?.ts;
      const nav = at('navigationStart') ?? recorded.profile.startTime;
      const decoded = at('tafel:store-decoded');
      out.whole = report(`${o.scenario} N=${o.n}: whole navigation`, recorded, {}, o.top);
      if (decoded) {
        out.beforeDecoded = report('navigation → tafel:store-decoded', recorded, { from: nav, to: decoded }, o.top);
        const last = nav + settled * 1000;
        out.render = report('tafel:store-decoded → last DOM mutation (the bench\'s render figure)', recorded, { from: decoded, to: last }, o.top);
        out.timeline = timeline(recorded.profile, decoded, last, 'tafel:store-decoded');
      }
      if (kind === 'startup') {
        const ready = at('tafel:ready');
        if (ready) {
          out.toReady = report('navigation → tafel:ready (interactive)', recorded, { from: nav, to: ready }, o.top);
          out.timeline = timeline(recorded.profile, nav, ready, 'navigation');
        }
        const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({
          name: r.name.split('/').pop(), start: r.startTime, responseStart: r.responseStart, end: r.responseEnd, bytes: r.encodedBodySize })));
        console.log('\nresources (ms from navigation: requested, first byte, done; bytes):');
        for (const r of resources) console.log(`${r.start.toFixed(1).padStart(8)} ${r.responseStart.toFixed(1).padStart(8)} ${r.end.toFixed(1).padStart(8)}  ${r.name} ${r.bytes}`);
        out.resources = resources;
      }
      console.log(`\ntrace marks (ms after navigationStart): ${traceMarks.filter((x) => x.name.startsWith('tafel:')).map((x) => `${x.name} ${((x.ts - nav) / 1000).toFixed(1)}`).join(', ')}`);
    } else {
      rec = await startRecording(page, o.interval);
      let figures;
      if (o.scenario === 'gantt-move') figures = await tafelGanttMove(page);
      else if (o.scenario === 'board-move') figures = await tafelKeyboardMove(page);
      else if (o.scenario === 'table-sort') figures = await tafelTableSort(page);
      else if (action === 'scroll') figures = m.scrollFigures(await page.evaluate(m.scrollTest, SCROLL));
      else throw new Error(`unknown scenario ${o.scenario}`);
      const recorded = await rec.stop();
      saveTrace(o.trace, recorded);
      console.log(`figures: ${JSON.stringify(figures)}`);
      out.figures = figures;
      out.action = report(`${o.scenario} N=${o.n}: the whole action, until 300 ms without a mutation`, recorded, {}, o.top);
      // The release (the last keydown or click) to the next frame committed: what "move → next paint" waits for.
      const main = mainThreadEvents(recorded.events);
      const release = main.filter((e) => e.name === 'EventDispatch' && /^(keydown|click|pointerup|mouseup)$/.test(e.args?.data?.type)).at(-1);
      const commit = release && main.find((e) => e.name === 'Commit' && e.ts > release.ts + release.dur);
      if (commit) {
        console.log(`\nrelease (${release.args.data.type}) → next commit: ${((commit.ts - release.ts) / 1000).toFixed(1)} ms`);
        out.toPaint = report(`${o.scenario} N=${o.n}: ${release.args.data.type} → next frame committed`, recorded, { from: release.ts, to: commit.ts }, o.top);
      }
    }
    await context.close();
  } finally {
    await browser.close().catch(() => {});
    await server.close?.();
  }
  if (o.json) writeFileSync(o.json, JSON.stringify(out, null, 1));
}

main().catch((err) => {
  console.error(`[profile] failed: ${err.stack || err}`);
  process.exit(1);
});
