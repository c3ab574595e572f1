// The per-queue table: one row per queue, busiest first, rows updated in place.
import { formatCount, formatDuration, formatRate } from './format.mjs';

const MAX_ROWS = 100;

const COLUMNS = [
  { key: 'activeSessions', format: formatCount },
  { key: 'totalConnections', format: formatCount },
  { key: 'avgSessionDurationMs', format: formatDuration },
  { key: 'p90Ms', format: formatDuration },
  { key: 'messagesPerMinute', format: formatRate },
];

const busiestFirst = (a, b) =>
  (b.activeSessions ?? 0) - (a.activeSessions ?? 0) ||
  (b.messagesPerMinute ?? 0) - (a.messagesPerMinute ?? 0) ||
  String(a.queueId).localeCompare(String(b.queueId));

export class queue_table {
  #body;
  #note;
  #rows = new Map();

  constructor(table, noteEl) {
    this.#body = table.tBodies[0];
    this.#note = noteEl;
  }

  show(queues) {
    const sorted = [...queues].filter((q) => q.queueId != null).sort(busiestFirst);
    const shown = sorted.slice(0, MAX_ROWS);
    const keep = new Set(shown.map((q) => String(q.queueId)));
    for (const [id, row] of this.#rows) {
      if (!keep.has(id)) {
        row.remove();
        this.#rows.delete(id);
      }
    }
    this.#body.querySelector('.empty')?.toggleAttribute('hidden', shown.length > 0);
    const rows = shown.map((q) => this.#rowFor(q));
    const current = [...this.#body.querySelectorAll('tr[data-queue]')];
    // Moving rows only when the order changed keeps a screen reader's place in the table.
    if (rows.some((r, i) => current[i] !== r)) this.#body.append(...rows);
    this.#note.textContent =
      sorted.length > MAX_ROWS ? `Showing the ${MAX_ROWS} busiest of ${formatCount(sorted.length)} queues.` : '';
  }

  #rowFor(q) {
    const id = String(q.queueId);
    let row = this.#rows.get(id);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.queue = id;
      const head = document.createElement('th');
      head.scope = 'row';
      head.className = 'queue-name';
      head.title = id;
      row.append(head);
      for (const c of COLUMNS) {
        const cell = document.createElement('td');
        cell.dataset.col = c.key;
        row.append(cell);
      }
      this.#rows.set(id, row);
    }
    const name = q.queueName || id;
    if (row.cells[0].textContent !== name) row.cells[0].textContent = name;
    COLUMNS.forEach((c, i) => {
      const text = c.format(q[c.key]);
      const cell = row.cells[i + 1];
      if (cell.textContent !== text) cell.textContent = text;
    });
    return row;
  }
}
