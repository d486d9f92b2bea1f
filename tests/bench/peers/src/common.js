// What every peer page shares: it reads N from `?n=`, builds the shared data set (../../dataset.mjs)
// and converts it into the peer's own input format BEFORE any timer starts, then exposes
//   window.benchRender()   renders into #app (the runner starts its clock just before calling it)
//   window.benchScroller() optional: the element the scroll test should move (default: found at run time)
//   window.benchMove()     optional: { from: {x, y}, to: {x, y} } page coordinates of a mouse drag
//   window.benchMoved()    optional: true once that drag took effect
// and marks <html data-bench-ready> (or data-bench-error="message") so the runner knows it can start.
import { generate, STATUSES } from '../../dataset.mjs';

export { STATUSES };

/** `peer` = { name, prepare(data, n) -> input, render(input, container), scroller?, move?, moved? } */
export function definePeer(peer) {
  const html = document.documentElement;
  try {
    const n = Number(new URLSearchParams(location.search).get('n') || 1000);
    const t0 = performance.now();
    const data = generate(n);
    const t1 = performance.now();
    const input = peer.prepare(data, n);
    const t2 = performance.now();
    // Informational only: how long generating and converting the data took (never timed as render).
    window.benchInfo = { peer: peer.name, n, generateMs: t1 - t0, prepareMs: t2 - t1 };
    const container = document.getElementById('app');
    let rendered = false;
    window.benchRender = () => {
      if (rendered) throw new Error('benchRender called twice');
      rendered = true;
      return peer.render(input, container);
    };
    if (peer.scroller) window.benchScroller = peer.scroller;
    if (peer.move) window.benchMove = peer.move;
    if (peer.moved) window.benchMoved = peer.moved;
    html.dataset.benchReady = String(n);
  } catch (err) {
    console.error(err);
    html.dataset.benchError = String(err?.stack || err);
  }
}

/** Centre of an element's box in page coordinates (for Playwright's mouse). */
export function centre(el, dx = 0, dy = 0) {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2 + dx, y: r.top + r.height / 2 + dy };
}

/** Local-midnight Date of an ISO day (peers take Date objects; the page runs in UTC anyway). */
export function day(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The cards of the five status columns, in data-set order (every work package, parents included). */
export function byStatus(workPackages) {
  const columns = STATUSES.map((status) => ({ status, cards: [] }));
  const index = new Map(STATUSES.map((s, i) => [s, i]));
  for (const wp of workPackages) columns[index.get(wp.status)].cards.push(wp);
  return columns;
}

/** The one-line meta text of a card: "#12 · Bug · Anna Schmidt". */
export function cardMeta(wp) {
  return `#${wp.id} · ${wp.type}${wp.assignee ? ` · ${wp.assignee}` : ''}`;
}
