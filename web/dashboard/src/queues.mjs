// The per-queue table: one row per queue, in a stable order (by name unless a column header
// asks otherwise), a filter box, rows updated in place. On phones the CSS turns each row
// into a card with its key figures (`data-label` names each figure there).
import { DASH, formatCount, formatDuration, formatPercent, formatRate } from './format.mjs';
import { applyLevel } from './levels.mjs';

const MAX_ROWS = 200;

// key: the dashboard's name (fields.mjs); minor: left out of phone cards and the wallboard.
export const QUEUE_COLUMNS = [
  { key: 'waiting', label: 'Waiting', format: formatCount, base: 'now' },
  { key: 'longestWaitingMs', label: 'Longest wait', format: formatDuration, base: 'now' },
  { key: 'offered', label: 'Offered', format: formatCount, base: 'window' },
  { key: 'answered', label: 'Answered', format: formatCount, base: 'window' },
  { key: 'abandoned', label: 'Abandoned', format: formatCount, base: 'window' },
  { key: 'abandonRate', label: 'Abandon rate', format: formatPercent, base: 'window' },
  { key: 'serviceLevel', label: 'Service level', format: formatPercent, base: 'window' },
  { key: 'averageSpeedOfAnswerMs', label: 'ASA', title: 'Average speed of answer', format: formatDuration, base: 'window' },
  { key: 'avgFirstResponseMs', label: 'First response', title: 'Average first response', format: formatDuration, base: 'window' },
  { key: 'avgHandleMs', label: 'Handle', title: 'Average handle time', format: formatDuration, base: 'window', minor: true },
  { key: 'activeSessions', label: 'Active', title: 'Sessions open now', format: formatCount, base: 'now' },
  { key: 'totalConnections', label: 'Connections', title: 'Sessions that connected since the counting start', format: formatCount, base: 'period', minor: true },
  { key: 'avgSessionDurationMs', label: 'Avg duration', format: formatDuration, base: 'window', minor: true },
  { key: 'messagesPerMinute', label: 'Msgs / min', format: formatRate, base: 'window', minor: true },
];

export const nameOf = (q) => String(q.queueName || q.queueId);

const byName = (a, b) =>
  nameOf(a).localeCompare(nameOf(b), undefined, { numeric: true, sensitivity: 'base' }) ||
  String(a.queueId).localeCompare(String(b.queueId));

// Rows sorted by `key` ('name' or a column key), `dir` 1 or -1; figures without a value last
// whatever the direction, ties by name, so the order never flickers between updates.
export function sortQueues(queues, { key = 'name', dir = 1 } = {}) {
  const rows = [...queues];
  if (key === 'name') return rows.sort((a, b) => dir * byName(a, b));
  return rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const xn = typeof x !== 'number';
    const yn = typeof y !== 'number';
    if (xn || yn) return xn === yn ? byName(a, b) : xn ? 1 : -1;
    return dir * (x - y) || byName(a, b);
  });
}

// Queues whose name or id contains `text` (case-insensitive); all for an empty filter.
export function filterQueues(queues, text) {
  const needle = String(text ?? '').trim().toLowerCase();
  if (!needle) return [...queues];
  return queues.filter((q) => nameOf(q).toLowerCase().includes(needle) || String(q.queueId).toLowerCase().includes(needle));
}

export class queue_table {
  #table;
  #body;
  #note;
  #columns = QUEUE_COLUMNS;
  #rows = new Map();
  #sort = { key: 'name', dir: 1 };
  #filter = '';
  #last = [];
  #linkTo;

  // linkTo(queueId) -> href of the queue's own view.
  constructor(table, noteEl, { filterInput = null, linkTo = null } = {}) {
    this.#table = table;
    this.#body = table.tBodies[0];
    this.#note = noteEl;
    this.#linkTo = linkTo;
    filterInput?.addEventListener('input', () => {
      this.#filter = filterInput.value;
      this.show(this.#last);
    });
    this.#renderHead();
  }

  // Only the columns this server provides.
  setAvailable(names) {
    this.#columns = QUEUE_COLUMNS.filter((c) => names.includes(c.key));
    for (const row of this.#rows.values()) row.remove();
    this.#rows.clear();
    this.#renderHead();
    this.show(this.#last);
  }

  get columns() {
    return this.#columns;
  }

  show(queues) {
    this.#last = queues.filter((q) => q.queueId != null);
    const visible = sortQueues(filterQueues(this.#last, this.#filter), this.#sort);
    const shown = visible.slice(0, MAX_ROWS);
    const keep = new Set(shown.map((q) => String(q.queueId)));
    for (const [id, row] of this.#rows) {
      if (!keep.has(id)) {
        row.remove();
        this.#rows.delete(id);
      }
    }
    const empty = this.#body.querySelector('.empty');
    if (empty) {
      empty.hidden = shown.length > 0;
      empty.cells[0].colSpan = this.#columns.length + 1;
      empty.cells[0].textContent = this.#last.length ? 'No queue matches the filter.' : 'No queue has been seen yet.';
    }
    const rows = shown.map((q) => this.#rowFor(q));
    const current = [...this.#body.querySelectorAll('tr[data-queue]')];
    // Moving rows only when the order changed keeps a screen reader's place in the table.
    if (rows.some((r, i) => current[i] !== r)) this.#body.append(...rows);
    let note = '';
    if (visible.length > MAX_ROWS) note = `Showing the first ${MAX_ROWS} of ${formatCount(visible.length)} queues.`;
    else if (visible.length < this.#last.length) note = `${formatCount(visible.length)} of ${formatCount(this.#last.length)} queues match.`;
    if (this.#note.textContent !== note) this.#note.textContent = note;
  }

  #renderHead() {
    const tr = this.#table.tHead.rows[0];
    tr.replaceChildren(this.#headCell('name', 'Queue', 'Queue name'), ...this.#columns.map((c) => this.#headCell(c.key, c.label, c.title, c.minor)));
  }

  #headCell(key, label, title, minor) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.col = key;
    if (minor) th.classList.add('minor');
    const sorted = this.#sort.key === key;
    th.setAttribute('aria-sort', sorted ? (this.#sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = label;
    if (title) button.title = title;
    button.addEventListener('click', () => {
      this.#sort = { key, dir: sorted ? -this.#sort.dir : key === 'name' ? 1 : -1 };
      this.#renderHead();
      this.show(this.#last);
    });
    th.append(button);
    return th;
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
      head.append(this.#linkTo ? Object.assign(document.createElement('a'), { href: this.#linkTo(id) }) : document.createElement('span'));
      row.append(head);
      for (const c of this.#columns) {
        const cell = document.createElement('td');
        cell.dataset.col = c.key;
        cell.dataset.label = c.label;
        if (c.minor) cell.classList.add('minor');
        row.append(cell);
      }
      this.#rows.set(id, row);
    }
    const label = row.cells[0].firstChild;
    const name = nameOf(q);
    if (label.textContent !== name) label.textContent = name;
    this.#columns.forEach((c, i) => {
      const cell = row.cells[i + 1];
      const text = q[c.key] === undefined ? DASH : c.format(q[c.key]);
      if (cell.textContent !== text) cell.textContent = text;
      applyLevel(cell, q, c.key);
    });
    return row;
  }
}
