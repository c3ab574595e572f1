// A local event source in the tutorial's protocol (ws://127.0.0.1:<ephemeral>/…): waits for
// the client's subscription message, then sends what the driver asks. Frames are encoded here
// (unmasked server text frames, no extension negotiated) and written to the socket in large
// chunks, so the sender is not the bottleneck: one write carries thousands of frames, and a
// write waits for 'drain' when the socket's buffer is full.
import { WebSocketServer } from 'ws';

const SUBSCRIPTION_PREFIX = '{"subscription":';
const CHUNK_FRAMES = 4096;

// The bytes of one server-to-client text frame per string, concatenated.
export function encodeFrames(frames) {
  const bodies = frames.map((f) => Buffer.from(f, 'utf8'));
  let size = 0;
  for (const b of bodies) size += b.length + (b.length < 126 ? 2 : b.length < 65536 ? 4 : 10);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const b of bodies) {
    out[at++] = 0x81;  // FIN, text
    if (b.length < 126) out[at++] = b.length;
    else if (b.length < 65536) { out[at++] = 126; out.writeUInt16BE(b.length, at); at += 2; }
    else { out[at++] = 127; out.writeBigUInt64BE(BigInt(b.length), at); at += 8; }
    b.copy(out, at);
    at += b.length;
  }
  return out;
}

export async function startEventSource() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve, reject) => { wss.once('listening', resolve); wss.once('error', reject); });
  let client = null;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      if (client === null && data.toString().startsWith(SUBSCRIPTION_PREFIX)) { client = ws; }
    });
    ws.on('error', () => {});
  });
  const write = (bytes) => new Promise((resolve) => {
    if (client._socket.write(bytes)) resolve(); else client._socket.once('drain', resolve);
  });
  return {
    url: `ws://127.0.0.1:${wss.address().port}/api/v2/analytics/events/stream`,
    isSubscribed: () => client !== null,
    subscriptions: () => wss.clients.size,
    // Sends every frame, already encoded in chunks (encoding is not timed); resolves with the
    // time the first chunk was handed to the socket.
    async burst(frames) {
      const chunks = [];
      for (let i = 0; i < frames.length; i += CHUNK_FRAMES) chunks.push(encodeFrames(frames.slice(i, i + CHUNK_FRAMES)));
      const firstAt = performance.now();
      for (const c of chunks) await write(c);
      return firstAt;
    },
    // Sends `make()` frames at `perSecond` until stop(), which returns { sent, seconds }: every
    // `everyMs` the frames due, in one write. `onSent(index, at)` is told each frame's send time.
    paced(perSecond, make, { everyMs = 5, onSent } = {}) {
      let sent = 0;
      let running = true;
      let busy = false;
      const startedAt = performance.now();
      const timer = setInterval(() => {
        if (!running || busy || client._socket.writableLength > (1 << 20)) return;
        const due = Math.floor(((performance.now() - startedAt) / 1000) * perSecond);
        if (due <= sent) return;
        const frames = [];
        while (sent + frames.length < due) frames.push(make());
        const at = performance.now();
        busy = !client._socket.write(encodeFrames(frames));
        if (busy) client._socket.once('drain', () => { busy = false; });
        if (onSent) for (let i = 0; i < frames.length; i += 1) onSent(sent + i, at);
        sent += frames.length;
      }, everyMs);
      return {
        stop() { running = false; clearInterval(timer); return { sent, seconds: (performance.now() - startedAt) / 1000 }; },
      };
    },
    close() {
      for (const c of wss.clients) c.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
