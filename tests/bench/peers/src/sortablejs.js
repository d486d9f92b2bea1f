// sortablejs 1.15.7: five columns of plain card divs made with the DOM API, one Sortable per list
// (a shared group, so cards move between columns).
import Sortable from 'sortablejs';
import { definePeer, byStatus, cardMeta, centre } from './common.js';
import './board.css';

definePeer({
  name: 'sortablejs',
  // Its "format" is simply the cards grouped per column.
  prepare: (data) => byStatus(data.workPackages),
  render(columns, app) {
    for (const { status, cards } of columns) {
      const col = document.createElement('section');
      col.className = 'col';
      const head = document.createElement('h2');
      head.textContent = `${status} (${cards.length})`;
      const list = document.createElement('div');
      list.className = 'list';
      for (const wp of cards) {
        const card = document.createElement('div');
        card.className = 'card';
        card.dataset.id = wp.id;
        const meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = cardMeta(wp);
        card.append(meta, wp.subject);
        list.append(card);
      }
      col.append(head, list);
      app.append(col);
      // Sortable's defaults (no animation: with it, every hover re-measures all cards of a column).
      Sortable.create(list, { group: 'board' });
    }
  },
  move() {
    const lists = document.querySelectorAll('.list');
    const card = lists[0].querySelector('.card');
    window.benchMovedId = card.dataset.id;
    return { from: centre(card), to: centre(lists[1].querySelector('.card')) };
  },
  moved: () => !!document.querySelectorAll('.list')[1].querySelector(`[data-id="${window.benchMovedId}"]`),
});
