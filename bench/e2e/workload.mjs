// The seeded workload both services receive, in the tutorial's protocol: sessions that
// connect, send `messagesPerSession` messages and disconnect, at most `concurrent` open at a
// time; the last `keepOpen` sessions never disconnect. Same seed, same frames.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The ISO-8601 text of a time, its second's prefix computed once per second (a workload of a
// million frames is built in about a second).
let isoSecond = NaN;
let isoPrefix = '';
function iso(atMs) {
  const second = Math.floor(atMs / 1000);
  if (second !== isoSecond) { isoSecond = second; isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); }
  return `${isoPrefix}${String(atMs - second * 1000).padStart(3, '0')}Z`;
}

// Ids and event types here need no escaping.
export function frame(eventType, atMs, sessionId) {
  return `{"eventType":"${eventType}","timestamp":"${iso(atMs)}","data":{"sessionId":"${sessionId}"}}`;
}

// Frames stamped from `startMs`, `eventsPerMs` events per millisecond (timestamps never go back).
export function burstWorkload({ seed, sessions, messagesPerSession, concurrent, keepOpen, startMs, eventsPerMs, prefix }) {
  const rand = mulberry32(seed);
  const frames = [];
  const pool = []; // { id, left: messages still to send, closes }
  let next = 0;
  const at = () => startMs + Math.floor(frames.length / eventsPerMs);
  const open = () => {
    const id = `${prefix}-${next}`;
    pool.push({ id, left: messagesPerSession, closes: next < sessions - keepOpen });
    next += 1;
    frames.push(frame('webchat:connected', at(), id));
  };
  while (next < sessions || pool.length > 0) {
    if (next < sessions && (pool.length < concurrent || rand() < 0.1)) { open(); continue; }
    const i = Math.floor(rand() * pool.length);
    const s = pool[i];
    if (s.left > 0) {
      s.left -= 1;
      frames.push(frame('webchat:message', at(), s.id));
      continue;
    }
    pool[i] = pool[pool.length - 1];
    pool.pop();
    if (s.closes) frames.push(frame('webchat:disconnected', at(), s.id));
  }
  return {
    frames,
    expected: { totalConnections: sessions, messages: sessions * messagesPerSession, activeSessions: keepOpen },
  };
}

// The ingest cases' workload: `open` sessions opened first (not timed), then `events` events
// as aggregator_bench makes them (80 % messages on random open sessions, 10 % disconnects,
// 10 % connects of new ids, so the open count stays put), stamped `perMs` per millisecond (how
// many events the 60 s window holds), then one last connect: when it shows, all is applied.
export function steadyWorkload({ seed, open, events, perMs, startMs, prefix }) {
  const rand = mulberry32(seed);
  let n = 0;
  const at = () => startMs + Math.floor(n++ / perMs);
  const ids = [];
  const openFrames = [];
  for (let i = 0; i < open; i += 1) { ids.push(`${prefix}-${i}`); openFrames.push(frame('webchat:connected', at(), ids[i])); }
  let next = open;
  let closed = 0;  // disconnected since; each makes room for one connect of a new id
  const frames = [];
  while (frames.length < events) {
    const r = rand();
    const i = Math.floor(rand() * ids.length);
    if (r >= 0.8 && closed === 0 && ids.length > 1) {
      frames.push(frame('webchat:disconnected', at(), ids[i]));
      ids[i] = ids[ids.length - 1];
      ids.pop();
      closed += 1;
    } else if (r >= 0.8) {
      ids.push(`${prefix}-${next}`);
      frames.push(frame('webchat:connected', at(), ids[ids.length - 1]));
      next += 1;
      closed -= 1;
    } else {
      frames.push(frame('webchat:message', at(), ids[i]));
    }
  }
  frames.push(frame('webchat:connected', at(), `${prefix}-end`));
  return { openFrames, frames, openedConnections: open, totalConnections: next + 1, activeSessions: ids.length + 1 };
}

// An endless stream at a fixed offered rate: connect, one message, disconnect per session.
export function pacedFrameMaker(prefix) {
  let n = 0;
  return () => {
    const id = `${prefix}-${Math.floor(n / 3)}`;
    const kind = ['webchat:connected', 'webchat:message', 'webchat:disconnected'][n % 3];
    n += 1;
    return frame(kind, Date.now(), id);
  };
}
