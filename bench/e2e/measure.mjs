// The measurements of the side-by-side bench, one service at a time. Every wait is a bounded poll.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

import { startEventSource } from './event_source.mjs';
import { pollUntil, realTimeMetrics, waitReady } from './services.mjs';
import { frame, steadyWorkload } from './workload.mjs';
import { runWrk } from './wrk.mjs';

export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

export const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// A fresh source and service for `body(svc, source)`; both stopped afterwards.
export async function withService(start, body) {
  const source = await startEventSource();
  const svc = await start(source.url);
  try {
    await waitReady(svc, source);
    return await body(svc, source);
  } finally {
    svc.exit = await svc.stop();
    await source.close();
  }
}

const connectionsAtLeast = (svc, n, deadlineMs) => pollUntil(`${svc.name} to count ${n} connections`, deadlineMs, 2,
  async () => { const m = await realTimeMetrics(svc.port); return m && m.totalConnections >= n ? m : undefined; });

// Ingest: `open` sessions opened first (not timed), then `events` events at `perMs` per ms;
// first chunk handed to the socket → the answer shows the last event applied.
export async function ingestCase(start, { open, events, perMs, seed, deadlineMs }) {
  const w = steadyWorkload({ seed, open, events, perMs, startMs: Date.now(), prefix: `o${open}` });
  return withService(start, async (svc, source) => {
    const rssRest = rssKiB(svc.pid);
    await source.burst(w.openFrames);
    await connectionsAtLeast(svc, w.openedConnections, deadlineMs);
    const rssOpen = rssKiB(svc.pid);
    const firstAt = await source.burst(w.frames);
    const final = await connectionsAtLeast(svc, w.totalConnections, deadlineMs).catch(() => undefined);
    const ms = performance.now() - firstAt;
    return {
      open, events: w.frames.length, perMs, ms, eventsPerSecond: final ? w.frames.length / (ms / 1000) : NaN,
      rssRestKiB: rssRest, rssOpenKiB: rssOpen, rssPer10kKiB: ((rssOpen - rssRest) * 10000) / open,
      correct: final ? final.totalConnections === w.totalConnections && final.activeSessions === w.activeSessions : false,
      final, expected: { totalConnections: w.totalConnections, activeSessions: w.activeSessions },
    };
  });
}

// GraphQL idle, then while the source streams `busyRate` events/s (wmpulse only: the seed
// cannot take it); then whether ingest kept up: how long until the answer shows every connect sent.
export async function graphqlCase(start, { seconds, connections, warmup, busyRate, dir }) {
  return withService(start, async (svc, source) => {
    const wrk = (s) => runWrk({ port: svc.port, seconds: s, connections, threads: 2, dir });
    await wrk(warmup);
    const out = { idle: await wrk(seconds) };
    out.answer = await (await fetch(`http://127.0.0.1:${svc.port}/graphql`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: (await import('./wrk.mjs')).TUTORIAL_QUERY }) })).text();
    if (!busyRate) return out;
    const base = (await realTimeMetrics(svc.port)).totalConnections;
    let n = 0;
    const stream = source.paced(busyRate, () => { const k = n++; return frame('webchat:connected', Date.now(), `busy-${k}`); });
    out.busy = await wrk(seconds);
    const { sent, seconds: took } = stream.stop();
    const stoppedAt = performance.now();
    await connectionsAtLeast(svc, base + sent, 30000).catch(() => undefined);
    out.busy.streamPerSecond = sent / took;
    out.busy.caughtUpMs = performance.now() - stoppedAt;
    return out;
  });
}

// A graphql-ws subscriber of totalConnections; `onCount(count, at)` per `next`.
export async function subscribe(port, onCount) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const acked = new Promise((resolve) => ws.on('message', (data) => {
    const at = performance.now();
    const m = JSON.parse(data.toString());
    if (m.type === 'connection_ack') resolve();
    if (m.type === 'next') onCount(m.payload.data.realTimeMetrics.totalConnections, at);
  }));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await acked;
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { realTimeMetrics { totalConnections } }' } }));
  return ws;
}

// Event → visible to a subscriber: every connect's send time against the first `next` whose
// count includes it. A steady `rate` for `seconds`, then (leading edge) `singles` lone events
// each after a quiet `quietMs`.
export async function latencyCase(start, { rate, seconds, singles = 0, quietMs = 500 }) {
  return withService(start, async (svc, source) => {
    const sentAt = [];
    let base;
    let seen = 0;
    const lat = [];
    const ws = await subscribe(svc.port, (count, at) => {
      if (base === undefined) { base = count; return; }
      for (; seen < count - base && seen < sentAt.length; seen += 1) lat.push(at - sentAt[seen]);
    });
    await pollUntil('the first subscription result', 10000, 5, async () => (base === undefined ? undefined : true));
    let n = 0;
    const make = () => frame('webchat:connected', Date.now(), `lat-${n++}`);
    const stream = source.paced(rate, make, { everyMs: 1, onSent: (k, at) => { sentAt[k] = at; } });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    stream.stop();
    await pollUntil('every event to show', 10000, 5, async () => (seen >= sentAt.length ? true : undefined)).catch(() => {});
    const steady = lat.splice(0);
    const singleLat = [];
    for (let i = 0; i < singles; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const k = sentAt.length;
      sentAt[k] = performance.now();
      await source.burst([make()]);
      await pollUntil('a lone event to show', 10000, 1, async () => (seen > k ? true : undefined)).catch(() => {});
      singleLat.push(...lat.splice(0));
    }
    ws.close();
    const stats = (xs) => ({ n: xs.length, p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs) });
    return { steady: stats(steady), singles: stats(singleLat) };
  });
}
