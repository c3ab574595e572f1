// uPlot line charts over a rolling_series, sized to their container and to the screen.
import uPlot from './vendor/uPlot.esm.js';

const cssVar = (name, fallback) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const pad = (n) => String(n).padStart(2, '0');

// 24-hour local time, the same on every screen of a wall.
function clockLabel(seconds) {
  const d = new Date(seconds * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function remPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

// Higher on tall screens, never so high that both charts leave no room for the queues; the
// share of the screen is --chart-share (smaller on a wallboard).
function plotHeight() {
  const share = parseFloat(cssVar('--chart-share', '0.24')) || 0.24;
  return Math.round(Math.min(520, Math.max(120, window.innerHeight * share)));
}

// Seconds with no value (the source was lost) are shaded and the line breaks there.
function shadeGaps(u) {
  const xs = u.data[0];
  const ys = u.data[1] ?? [];
  const { ctx } = u;
  ctx.save();
  ctx.fillStyle = cssVar('--gap-fill', 'rgba(255, 93, 93, 0.16)');
  const fill = (a, b) => {
    const x0 = u.valToPos(xs[a] - 0.5, 'x', true);
    const x1 = u.valToPos(xs[b] + 0.5, 'x', true);
    ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
  };
  let start = null;
  for (let i = 0; i < xs.length; i += 1) {
    if (ys[i] == null) start ??= i;
    else if (start != null) {
      fill(start, i - 1);
      start = null;
    }
  }
  if (start != null) fill(start, xs.length - 1);
  ctx.restore();
}

// A y range from 0 to a round number above the data, so the scale does not jump each second.
function yRange(_u, _min, max) {
  const top = Number.isFinite(max) && max > 0 ? max * 1.15 : 1;
  const step = 10 ** Math.floor(Math.log10(top));
  return [0, Math.ceil(top / step) * step];
}

export class line_chart {
  #u;
  #el;
  #summary;
  #lastDrawn = -1;
  #observer;
  #gone = false;

  // lines: [{ key, label, color, fill, dash, format }]; windowSeconds: what the x axis spans.
  // Lines differ by dash pattern as well as colour; a single line has no legend.
  constructor(el, summaryEl, lines, windowSeconds, formatAxis) {
    this.#el = el;
    this.#summary = summaryEl;
    this.lines = lines;
    const scale = parseFloat(cssVar('--axis-scale', '0.8')) || 0.8; // 1 on a wallboard: 20 px there
    const font = `${Math.max(12, Math.round(remPx() * scale))}px system-ui, sans-serif`;
    const grid = cssVar('--grid', 'rgba(168, 179, 196, 0.14)');
    const axis = { stroke: cssVar('--muted', '#a8b3c4'), font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.#u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: plotHeight(),
        padding: [remPx() * 0.5, remPx() * 0.75, 0, 0],
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        legend: { show: lines.length > 1, live: false }, // a key; the tiles carry the current values
        hooks: { draw: [shadeGaps] },
        scales: {
          x: {
            time: true,
            range: (_u, _min, max) => {
              const end = Number.isFinite(max) ? max : Date.now() / 1000;
              return [end - windowSeconds, end];
            },
          },
          y: { range: yRange },
        },
        axes: [
          { ...axis, space: remPx() * 5, values: (_u, ticks) => ticks.map(clockLabel) },
          { ...axis, size: remPx() * 4, values: (_u, ticks) => ticks.map(formatAxis) },
        ],
        series: [
          { label: 'Time', value: '{HH}:{mm}:{ss}' },
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.color,
            width: l.width ?? 2.5,
            fill: l.fill,
            dash: l.dash,
            spanGaps: false,
            points: { show: false },
            value: (_u, v) => (v == null ? '—' : l.format(v)),
          })),
        ],
      },
      [[], ...lines.map(() => [])],
      el,
    );
    // Deferred to the next frame: resizing inside the callback would re-trigger it.
    el.dataset.lines = String(lines.length);
    this.#observer = new ResizeObserver(() => requestAnimationFrame(() => this.#resize()));
    this.#observer.observe(el);
  }

  get points() {
    return this.#u.data[0].length;
  }

  // Redraws when the newest second moved (at most once a second) or when forced.
  draw(series, force = false) {
    const last = series.lastTime ?? -1;
    if (!force && last === this.#lastDrawn) return;
    this.#lastDrawn = last;
    this.#u.setData([series.times, ...this.lines.map((l) => series.columns[l.key])]);
    this.#el.dataset.points = String(series.length);
    this.#el.dataset.gaps = String(series.columns[this.lines[0].key].filter((v) => v == null).length);
    this.#describe(series);
  }

  // The text a screen reader gets instead of the picture.
  #describe(series) {
    const parts = this.lines.map((l) => {
      const col = series.columns[l.key].filter((v) => v != null);
      if (!col.length) return `${l.label}: no data yet`;
      const now = col[col.length - 1];
      return `${l.label}: now ${l.format(now)}, low ${l.format(Math.min(...col))}, high ${l.format(Math.max(...col))}`;
    });
    this.#summary.textContent = `${parts.join('. ')}. Over the last ${Math.round(series.seconds / 60)} minutes.`;
  }

  destroy() {
    this.#gone = true;
    this.#observer.disconnect();
    this.#u.destroy();
  }

  #resize() {
    if (this.#gone) return;
    const width = Math.max(200, this.#el.clientWidth);
    const height = plotHeight();
    if (width !== this.#u.width || height !== this.#u.height) this.#u.setSize({ width, height });
  }
}
