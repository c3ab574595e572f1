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

export function frame(eventType, atMs, sessionId) {
  return JSON.stringify({ eventType, timestamp: new Date(atMs).toISOString(), data: { sessionId } });
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
