// Whether the event source behind the service is delivering, and how to say so when it is
// not: "No data from Genesys Cloud for 42 s — figures as of 21:36:02". Pure, no DOM.
import { formatAge, formatClock, toMillis } from './format.mjs';

// A source that is CONNECTED but has sent no frame (not even a heartbeat, every 30 s for
// Genesys Cloud) for this long is as good as lost.
export const SOURCE_SILENT_MS = 65_000;

const NAMES = { genesys: 'Genesys Cloud', tutorial: 'the event stream', generator: 'the generator', replay: 'the replay' };

export function sourceName(kind) {
  return NAMES[kind] ?? (kind && kind !== 'none' ? `the ${kind} source` : 'the event source');
}

// 'unknown' before any status, 'live' while connected and heard from, else 'lost'.
export function sourceHealth(status, nowMs) {
  if (!status?.state) return 'unknown';
  if (String(status.state).toUpperCase() !== 'CONNECTED') return 'lost';
  const last = toMillis(status.lastFrameAt);
  if (last != null && nowMs - last > SOURCE_SILENT_MS) return 'lost';
  return 'live';
}

// The plain sentence for a lost source; asOfMs is when the figures shown were last true.
export function lossSentence(status, nowMs) {
  const name = sourceName(status?.sourceKind);
  const last = toMillis(status?.lastFrameAt);
  if (last == null) return `No data from ${name} yet — waiting for it to connect.`;
  return `No data from ${name} for ${formatAge(nowMs - last)} — figures as of ${formatClock(last)}.`;
}

// What the details toggle holds: the raw error and the attempts, for whoever operates it.
export function lossDetails(status) {
  const parts = [];
  if (status?.state) parts.push(`state ${String(status.state).toLowerCase()}`);
  if (typeof status?.failedAttempts === 'number') parts.push(`${status.failedAttempts} failed connection attempts`);
  if (typeof status?.reconnects === 'number') parts.push(`${status.reconnects} reconnects`);
  if (status?.lastError) parts.push(`last error: ${status.lastError}`);
  return parts.join(' · ');
}
