// Threshold levels: the server says, per figure, whether it is OK, WARN or ALERT
// (Metrics.levels); the dashboard only maps that onto a data-level attribute the CSS colours.
// Figures without a level (or servers without levels) carry no attribute.

export const LEVELLED = ['waiting', 'longestWaitingMs', 'serviceLevel', 'abandonRate', 'avgFirstResponseMs'];

const KNOWN = new Set(['ok', 'warn', 'alert']);

// 'ok' | 'warn' | 'alert' | null for the figure `key` of a metrics object read by fields.read.
export function levelOf(metrics, key) {
  const raw = metrics?.[`level:${key}`];
  if (typeof raw !== 'string') return null;
  const level = raw.toLowerCase();
  return KNOWN.has(level) ? level : null;
}

// Sets or clears el's data-level for the figure.
export function applyLevel(el, metrics, key) {
  const level = levelOf(metrics, key);
  if (level) {
    if (el.dataset.level !== level) el.dataset.level = level;
  } else if (el.dataset.level !== undefined) {
    delete el.dataset.level;
  }
}

// Words for a level, so that it is not told by colour alone.
export function levelWord(level) {
  return level === 'alert' ? 'alert' : level === 'warn' ? 'warning' : '';
}
