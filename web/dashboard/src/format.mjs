// Number, duration and time formatting for the dashboard. Pure functions, no DOM.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const DASH = '—';

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

export function formatCount(value) {
  return isNumber(value) ? integer.format(value) : DASH;
}

// Rates keep one decimal below 100 so that slow queues do not all read "0".
export function formatRate(value) {
  if (!isNumber(value)) return DASH;
  return Math.abs(value) < 100 ? oneDecimal.format(value) : integer.format(value);
}

// Axis ticks: whole numbers unless the scale is below one.
export function formatTick(value) {
  if (!isNumber(value)) return '';
  return value === 0 || Math.abs(value) >= 1 ? integer.format(value) : twoDecimals.format(value);
}

// A duration in milliseconds as value + unit, e.g. { value: "4.2", unit: "min" }.
export function splitDuration(ms) {
  if (!isNumber(ms)) return { value: DASH, unit: '' };
  const s = ms / 1000;
  if (s < 1) return { value: integer.format(ms), unit: 'ms' };
  if (s < 60) return { value: oneDecimal.format(s), unit: 's' };
  if (s < 3600) return { value: oneDecimal.format(s / 60), unit: 'min' };
  return { value: twoDecimals.format(s / 3600), unit: 'h' };
}

export function formatDuration(ms) {
  const { value, unit } = splitDuration(ms);
  return unit ? `${value} ${unit}` : value;
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
