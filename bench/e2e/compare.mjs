// `make bench`: wmpulse and the tutorial's Node service (seed-node) side by side in one run, on
// the same workloads, with nginx-light serving a fixed reply of the same size as the HTTP
// ceiling; writes the issue's table with every ratio (Markdown) and the raw figures (JSON).
//   ingest   one WebSocket, tutorial protocol, at several open-session counts (window of 10k
//            events), and 10k vs 1M events in the window (10k open sessions);
//   graphql  wrk -t2 -c64 POSTing the tutorial query, idle and while 100k ev/s stream in;
//   latency  event → visible to a graphql-ws subscriber at a steady 1,000 ev/s
//            (--subscription-rate 1000), and with the default pacing: lone events after a quiet
//            interval (leading edge) and the lag under a steady stream (at most one interval);
//   fanout   bench/fanout_bench, 10,000 subscribers; RSS at rest and per 10k open sessions.
// Usage: node bench/e2e/compare.mjs --wmpulse BUILD/wmpulse [--fanout-bench BUILD/fanout_bench]
//        [--seed-dir DIR] [--out FILE.md] [--json FILE] [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { graphqlCase, ingestCase, latencyCase } from './measure.mjs';
import { startNginx } from './nginx.mjs';
import { startSeed, startWmpulse } from './services.mjs';
import { runWrk } from './wrk.mjs';

const { values: opt } = parseArgs({ options: {
  wmpulse: { type: 'string' }, 'fanout-bench': { type: 'string' }, 'seed-dir': { type: 'string' },
  out: { type: 'string' }, json: { type: 'string' }, quick: { type: 'boolean', default: false },
  sessions: { type: 'string', default: '1000,10000,50000' }, events: { type: 'string', default: '500000' },
  'seed-events': { type: 'string', default: '10000' }, seconds: { type: 'string', default: '5' },
} });
if (!opt.wmpulse) { console.error('usage: node bench/e2e/compare.mjs --wmpulse BUILD/wmpulse'); process.exit(2); }
const wmpulseBinary = resolve(opt.wmpulse);
const seedDir = resolve(opt['seed-dir'] ?? join(dirname(wmpulseBinary), 'seed-node'));
if (!existsSync(join(seedDir, 'node_modules'))) { console.error(`no ${seedDir}/node_modules (scripts/bench prepares it)`); process.exit(2); }
const dir = mkdtempSync(join(tmpdir(), 'wmpulse-bench-'));
const load = () => execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const sessions = opt.sessions.split(',').map(Number);
const events = Number(opt.events);
const seconds = Number(opt.seconds);
const wm = (extra = []) => (url) => startWmpulse(wmpulseBinary, url, extra);
const seed = (url) => startSeed(seedDir, url);
const WINDOW_10K = 10000 / 60000;  // events per ms: 10k in the 60 s window
const WINDOW_1M = 1e6 / 60000;
const r = { startedAt: new Date().toISOString(), load: {}, ingest: { wmpulse: {}, seed: {} } };
const step = async (name, f) => { r.load[name] = load(); console.error(`[bench] ${name} (load ${r.load[name]})`); return f(); };

for (const open of sessions) {
  r.ingest.wmpulse[open] = await step(`ingest wmpulse ${open}`, () => ingestCase(wm(), { open, events, perMs: WINDOW_10K, seed: 42, deadlineMs: 120000 }));
  r.ingest.seed[open] = await step(`ingest seed ${open}`, () => ingestCase(seed, { open, events: Number(opt['seed-events']), perMs: WINDOW_10K, seed: 42, deadlineMs: 120000 }).catch((e) => ({ error: String(e) })));
}
r.ingest.window1M = await step('ingest wmpulse window 1M', () => ingestCase(wm(), { open: 10000, events, perMs: WINDOW_1M, seed: 43, deadlineMs: 120000 }));
const g = { seconds, connections: 64, warmup: 2, dir };
r.graphql = { wmpulse: await step('graphql wmpulse', () => graphqlCase(wm(), { ...g, busyRate: 100000 })) };
r.graphql.seed = await step('graphql seed', () => graphqlCase(seed, { ...g, busyRate: 0 }));
r.graphql.nginx = await step('graphql nginx', async () => {
  const nginx = await startNginx(dir, r.graphql.wmpulse.answer);
  try {
    await runWrk({ port: nginx.port, seconds: 2, connections: 64, threads: 2, dir });
    return { idle: await runWrk({ port: nginx.port, seconds, connections: 64, threads: 2, dir }), bytes: r.graphql.wmpulse.answer.length };
  } finally { await nginx.stop(); }
});
r.latency = {
  rate1000: await step('latency 1000/s', () => latencyCase(wm(['--subscription-rate', '1000']), { rate: 1000, seconds: 5 })),
  paced: await step('latency default pacing', () => latencyCase(wm(), { rate: 1000, seconds: 3, singles: 10, quietMs: 400 })),
};
if (opt['fanout-bench']) {
  r.fanout = await step('fanout', () => {
    const out = join(dir, 'fanout.json');
    try {
      execFileSync(resolve(opt['fanout-bench']), ['--subscribers=10000', `--ticks=${opt.quick ? 5 : 20}`,
        `--benchmark_out=${out}`, '--benchmark_out_format=json'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300000 });
      return JSON.parse(readFileSync(out, 'utf8')).benchmarks[0];
    } catch (e) { return { error: String(e).split('\n')[0] }; }
  });
}
r.load.end = load();

// ---- the table --------------------------------------------------------------------------
const f = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const k = (x) => (Number.isFinite(x) ? `${f(x / 1000, 1)}k` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${f(a / b, 2)}×` : '—');
const yes = (ok) => (ok ? '**met**' : 'missed');
const ing = (s, o) => r.ingest[s][o]?.eventsPerSecond;
const rows = [['measure', 'seed', 'wmpulse', 'ceiling', 'wmpulse / seed', 'wmpulse / ceiling', 'target', '']];
for (const o of sessions) {
  rows.push([`ingest, ${f(o)} open sessions, 10k events in window (ev/s)`, k(ing('seed', o)), k(ing('wmpulse', o)), '', ratio(ing('wmpulse', o), ing('seed', o)), '', '≥ 1,000k', yes(ing('wmpulse', o) >= 1e6)]);
}
const w1m = r.ingest.window1M.eventsPerSecond / ing('wmpulse', 10000);
rows.push(['ingest, 10k open sessions, 1M vs 10k events in window', '—', `${k(r.ingest.window1M.eventsPerSecond)} / ${k(ing('wmpulse', 10000))} = ${f(w1m, 2)}`, '', '', '', '≥ 0.8', yes(w1m >= 0.8)]);
const gi = r.graphql.wmpulse.idle;
const gs = r.graphql.seed.idle;
const gn = r.graphql.nginx.idle;
rows.push([`GraphQL, wrk -t2 -c64, idle (req/s; ceiling: nginx, same ${r.graphql.nginx.bytes}-byte reply)`, k(gs.requestsPerSecond), k(gi.requestsPerSecond), k(gn.requestsPerSecond), ratio(gi.requestsPerSecond, gs.requestsPerSecond), ratio(gi.requestsPerSecond, gn.requestsPerSecond), '≥ 90k', yes(gi.requestsPerSecond >= 90000)]);
rows.push(['GraphQL idle, p99 (ms)', f(gs.p99Ms, 2), f(gi.p99Ms, 2), f(gn.p99Ms, 2), '', '', '< 5', yes(gi.p99Ms < 5)]);
const gb = r.graphql.wmpulse.busy;
rows.push([`GraphQL while ingesting ${k(gb.streamPerSecond)} ev/s (req/s, share of idle)`, '—', `${k(gb.requestsPerSecond)} (${f((100 * gb.requestsPerSecond) / gi.requestsPerSecond)} %)`, '', '', '', '≥ 80 % of idle', yes(gb.requestsPerSecond >= 0.8 * gi.requestsPerSecond)]);
rows.push(['GraphQL while ingesting, p99 (ms); ingest caught up after the stream (ms)', '—', `${f(gb.p99Ms, 2)}; ${f(gb.caughtUpMs)}`, '', '', '', 'p99 < 5', yes(gb.p99Ms < 5)]);
const l1 = r.latency.rate1000.steady;
rows.push([`event → graphql-ws subscriber, 1,000 ev/s, --subscription-rate 1000, p50 / p99 (ms, n = ${l1.n})`, '—', `${f(l1.p50, 2)} / ${f(l1.p99, 2)}`, '', '', '', 'p99 < 2', yes(l1.p99 < 2)]);
const ls = r.latency.paced.singles;
const lp = r.latency.paced.steady;
rows.push([`default pacing (100 ms): lone event after a quiet 400 ms, p50 / max (ms, n = ${ls.n})`, '—', `${f(ls.p50, 2)} / ${f(ls.max, 2)}`, '', '', '', 'at once (leading edge)', yes(ls.max < 20)]);
rows.push([`default pacing, steady 1,000 ev/s: lag p50 / max (ms, n = ${lp.n})`, '—', `${f(lp.p50, 1)} / ${f(lp.max, 1)}`, '', '', '', '≤ one interval', yes(lp.max <= 110)]);
if (r.fanout && !r.fanout.error) {
  const fo = r.fanout;
  rows.push(['one tick to 10,000 graphql-ws subscribers, p50 / max (ms); server CPU per frame (µs)', '—', `${f(fo.tick_ms_p50)} / ${f(fo.tick_ms_max)}; ${f(fo.server_cpu_us_per_frame, 1)}`, '', '', '', '< 50 ms', yes(fo.tick_ms_p50 < 50)]);
}
const rest = r.ingest.wmpulse[sessions[0]].rssRestKiB / 1024;
const seedRest = r.ingest.seed[sessions[0]]?.rssRestKiB / 1024;
rows.push(['RSS at rest (MiB)', f(seedRest, 1), f(rest, 1), '', '', '', '< 20', yes(rest < 20)]);
for (const o of sessions) {
  const w = r.ingest.wmpulse[o].rssPer10kKiB / 1024;
  rows.push([`RSS per 10k open sessions, ${f(o)} open (MiB)`, f(r.ingest.seed[o]?.rssPer10kKiB / 1024, 2), f(w, 2), '', '', '', '< 2', yes(w < 2)]);
}
const correct = sessions.every((o) => r.ingest.wmpulse[o].correct) && r.ingest.window1M.correct;
const md = [`Run ${r.startedAt}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} CPUs; load average (1/5/15 min) at each step: ${Object.entries(r.load).map(([s, l]) => `${s}: ${l}`).join('; ')}.`,
  `wmpulse answers checked against the workload: ${correct ? 'all correct' : 'NOT ALL CORRECT (see JSON)'}.`, '',
  ...rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`)].join('\n');
console.log(md);
if (opt.out) writeFileSync(opt.out, `${md}\n`);
if (opt.json) writeFileSync(opt.json, JSON.stringify(r, (key, v) => (key === 'raw' ? undefined : v), 1));
if (!correct) process.exit(1);
