// The metric tiles: each `[data-metric]` element shows one of the dashboard's metric names.
import { DASH, formatCount, formatRate, splitDuration } from './format.mjs';

const FORMATS = {
  count: (v) => ({ value: formatCount(v), unit: '' }),
  rate: (v) => ({ value: formatRate(v), unit: '' }),
  duration: (v) => splitDuration(v),
};

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

export class tiles {
  #tiles;

  constructor(root) {
    this.#tiles = [...root.querySelectorAll('[data-metric]')].map((el) => ({
      el,
      metric: el.dataset.metric,
      format: FORMATS[el.dataset.format] ?? FORMATS.count,
      num: el.querySelector('.num'),
      unit: el.querySelector('.unit'),
    }));
  }

  // Marks the tiles whose metric this server does not provide.
  setAvailable(names) {
    for (const t of this.#tiles) {
      const missing = !names.includes(t.metric);
      t.el.classList.toggle('unavailable', missing);
      if (missing) {
        setText(t.num, DASH);
        t.el.title = 'Not provided by this server';
      }
    }
  }

  show(metrics) {
    for (const t of this.#tiles) {
      if (!(t.metric in metrics)) continue;
      const { value, unit } = t.format(metrics[t.metric]);
      setText(t.num, value);
      setText(t.unit, unit);
    }
  }
}
