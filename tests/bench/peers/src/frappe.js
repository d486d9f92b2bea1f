// frappe-gantt 1.2.2 (MIT): no virtualization, so the runner only feeds it up to N = 5,000. Day view,
// parents as ordinary bars (it has no hierarchy), dependencies as predecessor ids, bounded height.
import Gantt from 'frappe-gantt';
// The package's exports map hides its stylesheet from bundlers, hence the path.
import '../../node_modules/frappe-gantt/dist/frappe-gantt.css';
import { definePeer, centre } from './common.js';
import './gantt.css';

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
let chart;

definePeer({
  name: 'frappe-gantt',
  prepare({ workPackages, relations }) {
    const predecessor = new Map(relations.map((r) => [r.to, r.from]));
    return workPackages.map((wp) => ({
      id: String(wp.id),
      name: wp.subject,
      start: wp.start,
      end: wp.due,
      progress: 0,
      dependencies: predecessor.has(wp.id) ? String(predecessor.get(wp.id)) : '',
    }));
  },
  render(tasks, app) {
    chart = new Gantt(app, tasks, { view_mode: 'Day', container_height: window.innerHeight, scroll_to: 'start' });
  },
  scroller: () => document.querySelector('.gantt-container'),
  async move() {
    const wrapper = document.querySelector('.bar-wrapper[data-id="2"]');
    const container = document.querySelector('.gantt-container');
    container.scrollLeft = Math.max(0, wrapper.getBBox().x - 100);
    container.scrollTop = 0;
    await nextFrame();
    const bar = wrapper.querySelector('.bar');
    window.benchMovedFrom = chart.get_task('2')._start.getTime();
    const from = centre(bar);
    return { from, to: { x: from.x + 3 * chart.config.column_width, y: from.y } };
  },
  moved: () => chart.get_task('2')._start.getTime() !== window.benchMovedFrom,
});
