// Number, duration and time formatting for the dashboard. Pure functions, no DOM.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const DASH = '—';

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

export function formatCount(value) {
  return isNumber(value) ? integer.format(value) : DASH;
}

// Counts per minute as contact centres write them: whole numbers.
export function formatRate(value) {
  return isNumber(value) ? integer.format(Math.round(value)) : DASH;
}

// A share 0..1 as a whole percentage, e.g. "87 %".
export function formatPercent(value) {
  return isNumber(value) ? `${integer.format(Math.round(value * 100))} %` : DASH;
}

// Axis ticks: whole numbers unless the scale is below one.
export function formatTick(value) {
  if (!isNumber(value)) return '';
  return value === 0 || Math.abs(value) >= 1 ? integer.format(value) : twoDecimals.format(value);
}

const pad2 = (n) => String(n).padStart(2, '0');

// A duration as contact centres write it: m:ss, h:mm:ss past an hour (whole seconds).
export function formatDuration(ms) {
  if (!isNumber(ms)) return DASH;
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

// Age of something, e.g. "0.4 s", "12 s", "3 min", for the status bar.
export function formatAge(ms) {
  if (!isNumber(ms)) return DASH;
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${oneDecimal.format(s)} s`;
  if (s < 120) return `${integer.format(s)} s`;
  if (s < 7200) return `${integer.format(s / 60)} min`;
  return `${integer.format(s / 3600)} h`;
}

// Server timestamps arrive as epoch milliseconds or ISO-8601 strings.
export function toMillis(value) {
  if (isNumber(value)) return value;
  if (typeof value === 'string' && value !== '') {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return asNumber;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return null;
}

export function formatClock(ms) {
  if (!isNumber(ms)) return DASH;
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}
