// The metric tiles: each `[data-metric]` element shows one of the dashboard's metric names,
// coloured by its threshold level when the server gives one; each tile's `.base` says the
// figure's time base (now, the last 60 s, or since the counting period started).
import { DASH, formatClock, formatCount, formatDuration, formatPercent, formatRate, toMillis } from './format.mjs';
import { applyLevel } from './levels.mjs';

const FORMATS = { count: formatCount, rate: formatRate, duration: formatDuration, percent: formatPercent };

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

// "since 00:00" today, "since 2 Dec 05:12" for an earlier day; local time of the browser.
export function sinceLabel(countingSinceMs, nowMs) {
  if (countingSinceMs == null) return 'since counting started';
  const d = new Date(countingSinceMs);
  const today = new Date(nowMs).toDateString() === d.toDateString();
  const clock = formatClock(countingSinceMs).slice(0, 5);
  return today ? `today since ${clock}` : `since ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${clock}`;
}

export function windowLabel(windowMs) {
  if (!windowMs) return 'in the window';
  const s = Math.round(windowMs / 1000);
  return s % 60 === 0 && s >= 120 ? `last ${s / 60} min` : `last ${s} s`;
}

// The tiles made from data: [kind, metric, title, format, time base, hint]; the messages tile, with
// its in / out split, is in index.html, between the `before` and `after` groups.
const TILES = {
  before: [
    ['cc', 'waiting', 'Waiting', 'count', 'now', 'in queue, no agent yet'],
    ['cc', 'longestWaitingMs', 'Longest wait', 'duration', 'now'],
    ['cc', 'serviceLevel', 'Service level', 'percent', 'window'],
    ['cc', 'abandonRate', 'Abandon rate', 'percent', 'window'],
    ['cc', 'averageSpeedOfAnswerMs', 'Speed of answer', 'duration', 'window', 'average'],
    ['cc', 'avgFirstResponseMs', 'First response', 'duration', 'window', 'average'],
    ['main', 'activeSessions', 'Active sessions', 'count', 'now', 'open right now'],
    ['main', 'totalConnections', 'Connections', 'count', 'period', 'distinct sessions'],
    ['main', 'avgSessionDurationMs', 'Avg session duration', 'duration', 'window', 'of sessions ended'],
  ],
  after: [
    ['pct', 'p50Ms', 'Duration p50', 'duration', 'window'],
    ['pct', 'p90Ms', 'Duration p90', 'duration', 'window'],
    ['pct', 'p99Ms', 'Duration p99', 'duration', 'window'],
  ],
};

function tileElement(doc, [kind, metric, title, format, base, hint]) {
  const el = (tag, cls, text) => Object.assign(doc.createElement(tag), cls ? { className: cls } : {}, text ? { textContent: text } : {});
  const tile = el('div', `tile ${kind}`);
  Object.assign(tile.dataset, { metric, format });
  tile.setAttribute('role', 'group');
  tile.setAttribute('aria-labelledby', `l-${metric}`);
  const h3 = Object.assign(el('h3', '', title), { id: `l-${metric}` });
  const value = el('p', 'value');
  value.append(el('span', 'num', DASH));
  const baseEl = el('p', 'base');
  baseEl.dataset.base = base;
  tile.append(h3, value, baseEl);
  if (hint) tile.append(el('p', 'hint', hint));
  return tile;
}

// Adds the TILES around the tile already in `section`.
export function buildTiles(section) {
  const anchor = section.querySelector('.tile');
  const doc = section.ownerDocument;
  anchor.before(...TILES.before.map((t) => tileElement(doc, t)));
  anchor.after(...TILES.after.map((t) => tileElement(doc, t)));
}

export class tiles {
  #tiles;
  #bases;

  constructor(root) {
    buildTiles(root.querySelector('section.tiles'));
    this.#tiles = [...root.querySelectorAll('[data-metric]')].map((el) => ({
      el,
      metric: el.dataset.metric,
      format: FORMATS[el.dataset.format] ?? formatCount,
      num: el.querySelector('.num'),
    }));
    this.#bases = [...root.querySelectorAll('.tile [data-base]')];
  }

  // Hides the tiles whose metric this server does not provide.
  setAvailable(names) {
    for (const t of this.#tiles) {
      const missing = !names.includes(t.metric);
      const tile = t.el.closest('.tile') ?? t.el;
      if (tile === t.el) tile.hidden = missing;
      else t.el.classList.toggle('unavailable', missing);
      if (missing) setText(t.num, DASH);
    }
  }

  show(metrics) {
    for (const t of this.#tiles) {
      if (!(t.metric in metrics)) continue;
      setText(t.num, t.format(metrics[t.metric]));
      applyLevel(t.el, metrics, t.metric);
    }
    const labels = {
      now: 'now',
      window: windowLabel(metrics.windowMs),
      period: sinceLabel(toMillis(metrics.countingSince), toMillis(metrics.takenAt) ?? Date.now()),
    };
    for (const el of this.#bases) setText(el, labels[el.dataset.base] ?? '');
  }
}
