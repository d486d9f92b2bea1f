// dhtmlx-gantt 10.0.3 (MIT), default configuration (smart rendering on): tasks and finish-to-start
// links in its JSON format with Date objects, parents open.
import { gantt } from 'dhtmlx-gantt';
import 'dhtmlx-gantt/codebase/dhtmlxgantt.css';
import { definePeer, day, centre } from './common.js';
import './gantt.css';

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

definePeer({
  name: 'dhtmlx-gantt',
  prepare: ({ workPackages, relations }) => ({
    data: workPackages.map((wp) => ({
      id: wp.id,
      text: wp.subject,
      start_date: day(wp.start),
      duration: wp.duration,
      parent: wp.parent ?? 0,
      type: wp.parent ? 'task' : 'project',
      open: true,
      progress: 0,
    })),
    // type "0" = finish_to_start
    links: relations.map((r) => ({ id: r.id, source: r.from, target: r.to, type: '0' })),
  }),
  render(input, app) {
    gantt.init(app);
    gantt.parse(input);
  },
  scroller: () => document.querySelector('.gantt_ver_scroll'),
  // The move: drag the bar of the first task (id 2) three day-columns to the right.
  async move() {
    gantt.showTask(2);
    await nextFrame();
    const bar = document.querySelector('.gantt_task_line[data-task-id="2"] .gantt_task_content') ??
      document.querySelector('.gantt_task_line[data-task-id="2"]');
    window.benchMovedFrom = +gantt.getTask(2).start_date;
    const from = centre(bar);
    return { from, to: { x: from.x + 3 * gantt.config.min_column_width, y: from.y } };
  },
  moved: () => +gantt.getTask(2).start_date !== window.benchMovedFrom,
});
