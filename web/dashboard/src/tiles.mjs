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

export class tiles {
  #tiles;
  #bases;

  constructor(root) {
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
