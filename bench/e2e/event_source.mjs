// A local event source in the tutorial's protocol (ws://127.0.0.1:<ephemeral>/…): waits for
// the client's subscription message, then sends what the driver asks, respecting the
// socket's buffer (sends as fast as the socket takes them).
import { WebSocketServer } from 'ws';

const SUBSCRIPTION_PREFIX = '{"subscription":';
const HIGH_WATER = 1 << 20;

export async function startEventSource() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve, reject) => { wss.once('listening', resolve); wss.once('error', reject); });
  let client = null;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      if (client === null && data.toString().startsWith(SUBSCRIPTION_PREFIX)) { client = ws; }
    });
    ws.on('error', () => {});
  });
  const drained = () => new Promise((resolve) => setImmediate(resolve));
  return {
    url: `ws://127.0.0.1:${wss.address().port}/api/v2/analytics/events/stream`,
    isSubscribed: () => client !== null,
    subscriptions: () => wss.clients.size,
    // Sends every frame; resolves with the time the first frame was handed to the socket.
    async burst(frames) {
      const firstAt = performance.now();
      for (const f of frames) {
        client.send(f);
        while (client.bufferedAmount > HIGH_WATER) await drained();
      }
      return firstAt;
    },
    // Sends `make()` frames at `perSecond` until stop(), which returns { sent, seconds }.
    paced(perSecond, make) {
      let sent = 0;
      let running = true;
      const startedAt = performance.now();
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - startedAt) / 1000) * perSecond);
        while (running && sent < due && client.bufferedAmount <= HIGH_WATER) { client.send(make()); sent += 1; }
      }, 5);
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
