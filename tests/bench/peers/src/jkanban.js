// jkanban 1.3.1 (dragula inside): five boards, one item per work package; jkanban builds the DOM
// itself from its JSON input (each item's title is HTML: the meta line, then the subject).
import 'jkanban/dist/jkanban.js';
import { definePeer, byStatus, cardMeta, centre } from './common.js';
import 'jkanban/dist/jkanban.css';
import './board.css';
import './jkanban-layout.css';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

definePeer({
  name: 'jkanban',
  prepare: (data) =>
    byStatus(data.workPackages).map(({ status, cards }, i) => ({
      id: `col-${i}`,
      title: `${status} (${cards.length})`,
      item: cards.map((wp) => ({
        id: `wp-${wp.id}`,
        title: `<span class="meta">${esc(cardMeta(wp))}</span>${esc(wp.subject)}`,
      })),
    })),
  render(boards, app) {
    // dragBoards off: a user moves cards here, not whole columns.
    new window.jKanban({ element: `#${app.id}`, boards, gutter: '6px', widthBoard: '280px', dragBoards: false });
  },
  move() {
    const lists = document.querySelectorAll('.kanban-drag');
    const card = lists[0].querySelector('.kanban-item');
    window.benchMovedId = card.dataset.eid;
    return { from: centre(card), to: centre(lists[1].querySelector('.kanban-item')) };
  },
  moved: () => !!document.querySelectorAll('.kanban-drag')[1].querySelector(`[data-eid="${window.benchMovedId}"]`),
});
