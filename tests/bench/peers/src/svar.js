// @svar-ui/react-gantt 2.7.3 + React 19 (MIT), Willow theme, default scales and columns: summary
// tasks for the parents, finish-to-start ("e2s") links, all open. React renders asynchronously; the
// runner's mutation observer catches it whenever it lands.
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Gantt, Willow } from '@svar-ui/react-gantt';
import '@svar-ui/react-gantt/all.css';
import { definePeer, day, centre } from './common.js';
import './gantt.css';
import './svar.css';

const DAY = 86_400_000;
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
let api;

definePeer({
  name: 'svar-react-gantt',
  prepare: ({ workPackages, relations }) => ({
    tasks: workPackages.map((wp) => ({
      id: wp.id,
      text: wp.subject,
      start: day(wp.start),
      end: new Date(+day(wp.due) + DAY), // SVAR's end is exclusive
      ...(wp.parent ? { parent: wp.parent, type: 'task' } : { type: 'summary', open: true }),
      progress: 0,
    })),
    links: relations.map((r) => ({ id: r.id, source: r.from, target: r.to, type: 'e2s' })),
  }),
  render({ tasks, links }, app) {
    createRoot(app).render(
      h(Willow, { fonts: false }, h(Gantt, { tasks, links, init: (a) => { api = a; } })),
    );
  },
  async move() {
    api.exec('scroll-chart', { left: Math.max(0, api.getTask(2).$x - 100), top: 0 });
    await nextFrame();
    await nextFrame();
    const bar = document.querySelector('.wx-bar[data-id="2"]');
    window.benchMovedFrom = +api.getTask(2).start;
    const from = centre(bar);
    return { from, to: { x: from.x + 3 * (api.getState().cellWidth || 40), y: from.y } };
  },
  moved: () => +api.getTask(2).start !== window.benchMovedFrom,
});
