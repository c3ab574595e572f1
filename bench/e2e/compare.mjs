// Side by side, same machine, same run: wmpulse and the tutorial's Node service (seed-node)
// fed the same seeded workload by a local tutorial-protocol source, then
//   (a) ingest: first frame sent → the GraphQL answer shows every event applied, events/s;
//   (b) GraphQL: wrk POSTing the tutorial query, requests/s and p99, idle and while a paced
//       stream is ingested.
// Usage: node bench/e2e/compare.mjs --wmpulse build-bench/wmpulse [--seed-dir DIR] [--sessions N]
//        [--messages N] [--concurrent N] [--keep-open N] [--seconds S] [--connections C]
//        [--paced-rate EV_PER_S] [--warmup S] [--seed N] [--only wmpulse|seed] [--json FILE]
// The seed-node copy (default: seed-node/ next to the wmpulse binary) must have had `npm ci`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startEventSource } from './event_source.mjs';
import { pollUntil, realTimeMetrics, startSeed, startWmpulse, waitReady } from './services.mjs';
import { burstWorkload, pacedFrameMaker } from './workload.mjs';
import { runWrk } from './wrk.mjs';

const { values: opt } = parseArgs({
  options: {
    wmpulse: { type: 'string' }, 'seed-dir': { type: 'string' },
    sessions: { type: 'string', default: '10000' }, messages: { type: 'string', default: '2' },
    concurrent: { type: 'string', default: '1000' }, 'keep-open': { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' },
    'paced-rate': { type: 'string', default: '5000' }, seed: { type: 'string', default: '42' },
    warmup: { type: 'string', default: '3' }, only: { type: 'string' }, json: { type: 'string' },
  },
});
if (!opt.wmpulse) { console.error('usage: node bench/e2e/compare.mjs --wmpulse build-bench/wmpulse'); process.exit(2); }
const wmpulseBinary = resolve(opt.wmpulse);
const seedDir = resolve(opt['seed-dir'] ?? join(dirname(wmpulseBinary), 'seed-node'));
if (!existsSync(join(seedDir, 'node_modules'))) {
  console.error(`no ${seedDir}/node_modules: cp -r /work/shared/peers/seed-node ${seedDir} && (cd ${seedDir} && npm ci)`);
  process.exit(2);
}
const num = (k) => Number(opt[k]);
const workDir = mkdtempSync(join(tmpdir(), 'wmpulse-e2e-'));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const INGEST_DEADLINE_MS = 180000;

function allApplied(m, expected) {
  return m.totalConnections >= expected.totalConnections && Math.round(m.messagesPerMinute) >= expected.messages;
}

async function ingest(svc, source) {
  const { frames, expected } = burstWorkload({
    seed: num('seed'), sessions: num('sessions'), messagesPerSession: num('messages'), concurrent: num('concurrent'),
    keepOpen: num('keep-open'), startMs: Date.now(), eventsPerMs: 10, prefix: 'b',
  });
  const firstAt = await source.burst(frames);
  const sentMs = performance.now() - firstAt;
  const final = await pollUntil(`${svc.name} to apply ${frames.length} events`, INGEST_DEADLINE_MS, 5, async () => {
    const m = await realTimeMetrics(svc.port);
    return m && allApplied(m, expected) ? m : undefined;
  });
  const ms = performance.now() - firstAt;
  const correct = final.totalConnections === expected.totalConnections && final.activeSessions === expected.activeSessions
    && Math.round(final.messagesPerMinute) === expected.messages;
  return { events: frames.length, ms, sentMs, eventsPerSecond: frames.length / (ms / 1000), final, expected, correct };
}

async function graphqlUnderLoad(svc, source, baseline) {
  const stream = source.paced(num('paced-rate'), pacedFrameMaker('p'));
  const wrk = await runWrk({ port: svc.port, seconds: num('seconds'), connections: num('connections'), threads: 2, dir: workDir });
  const { sent, seconds } = stream.stop();
  const askedAt = performance.now();
  const atStop = await realTimeMetrics(svc.port).catch(() => undefined);
  const answerMs = performance.now() - askedAt;
  const sentConnects = Math.ceil(sent / 3);
  const appliedConnects = atStop ? atStop.totalConnections - baseline : NaN;
  return { ...wrk, streamSent: sent, streamSentPerSecond: sent / seconds, appliedShareAtAnswer: appliedConnects / sentConnects, answerAfterStopMs: answerMs };
}

async function measure(name, start) {
  const source = await startEventSource();
  const svc = await start(source.url);
  const result = { name, command: svc.command, pid: svc.pid };
  try {
    await waitReady(svc, source);
    result.loadBefore = uptime();
    // Warm-up (JIT, allocators, connection setup), not recorded; same for both services.
    await runWrk({ port: svc.port, seconds: num('warmup'), connections: num('connections'), threads: 2, dir: workDir });
    result.idle = await runWrk({ port: svc.port, seconds: num('seconds'), connections: num('connections'), threads: 2, dir: workDir });
    result.ingest = await ingest(svc, source);
    result.busy = await graphqlUnderLoad(svc, source, result.ingest.final.totalConnections);
    result.subscriptions = source.subscriptions();
    result.loadAfter = uptime();
  } finally {
    result.exit = await svc.stop();
    await source.close();
  }
  return result;
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');

function table(w, s) {
  const ratio = (a, b) => (a && b ? `${f(a / b, 1)}×` : 'n/a');
  const row = (what, a, b, r) => `| ${what} | ${a} | ${b} | ${r} |`;
  const lines = [
    row('what', 'wmpulse', 'seed-node', 'wmpulse / seed-node'), '|---|---|---|---|',
    row(`ingest, ${f(w.ingest.events)} events (events/s)`, f(w.ingest.eventsPerSecond), f(s.ingest.eventsPerSecond), ratio(w.ingest.eventsPerSecond, s.ingest.eventsPerSecond)),
    row('ingest, first frame → all applied (ms)', f(w.ingest.ms), f(s.ingest.ms), ''),
    row('ingest, answer correct after', String(w.ingest.correct), String(s.ingest.correct), ''),
    row('GraphQL idle, req/s', f(w.idle.requestsPerSecond), f(s.idle.requestsPerSecond), ratio(w.idle.requestsPerSecond, s.idle.requestsPerSecond)),
    row('GraphQL idle, p99 (ms)', f(w.idle.p99Ms, 2), f(s.idle.p99Ms, 2), ratio(s.idle.p99Ms, w.idle.p99Ms) + ' lower'),
    row('GraphQL idle, requests completed', f(w.idle.requests), f(s.idle.requests), ''),
    row(`GraphQL while ingesting (offered ${opt['paced-rate']} ev/s), req/s`, f(w.busy.requestsPerSecond, 1), f(s.busy.requestsPerSecond, 1), ratio(w.busy.requestsPerSecond, s.busy.requestsPerSecond)),
    row('GraphQL while ingesting, p99 (ms)', f(w.busy.p99Ms, 2), f(s.busy.p99Ms, 2), ratio(s.busy.p99Ms, w.busy.p99Ms) + ' lower'),
    row('GraphQL while ingesting, requests completed', f(w.busy.requests), f(s.busy.requests), ''),
    row('stream actually sent (ev/s)', f(w.busy.streamSentPerSecond), f(s.busy.streamSentPerSecond), ''),
    row('first query after the stream stopped: answered after (ms)', f(w.busy.answerAfterStopMs), f(s.busy.answerAfterStopMs), ''),
    row('… and stream sessions it shows applied', f(w.busy.appliedShareAtAnswer * 100, 1) + ' %', f(s.busy.appliedShareAtAnswer * 100, 1) + ' %', ''),
    row('non-2xx / socket errors (idle; busy)', `${w.idle.non2xx}, ${w.idle.socketErrors || 'none'}; ${w.busy.non2xx}, ${w.busy.socketErrors || 'none'}`,
      `${s.idle.non2xx}, ${s.idle.socketErrors || 'none'}; ${s.busy.non2xx}, ${s.busy.socketErrors || 'none'}`, ''),
    row('uptime before', w.loadBefore, s.loadBefore, ''),
  ];
  return lines.join('\n');
}

const results = {};
if (opt.only !== 'seed') results.wmpulse = await measure('wmpulse', (url) => startWmpulse(wmpulseBinary, url));
if (opt.only !== 'wmpulse') results.seed = await measure('seed-node', (url) => startSeed(seedDir, url));
for (const r of Object.values(results)) {
  console.log(`\n## ${r.name}\n${r.command}\nidle: ${r.idle.command}\n${JSON.stringify({ ingest: r.ingest, idle: { ...r.idle, raw: undefined }, busy: { ...r.busy, raw: undefined }, subscriptions: r.subscriptions, exit: r.exit, loadBefore: r.loadBefore, loadAfter: r.loadAfter }, null, 1)}`);
}
if (results.wmpulse && results.seed) console.log(`\n${table(results.wmpulse, results.seed)}`);
if (opt.json) writeFileSync(opt.json, JSON.stringify(results, null, 1));
