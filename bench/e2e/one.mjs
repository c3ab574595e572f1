// One case of the side-by-side bench against one wmpulse binary, for profiling and A/B runs
// (`make bench` runs them all, see compare.mjs). Prints the case's figures as JSON.
// Usage: node BUILD/bench/e2e/one.mjs CASE BINARY [wmpulse options…]
//   CASE: ingest (10k open sessions, 500k events), ingest-small (1k, 20k: RSS at rest),
//         graphql (idle, then under 100k ev/s), graphql-idle, latency (1,000 ev/s at
//         --subscription-rate 1000), lag (default pacing: steady 1,000 ev/s, then lone events)
// To profile, pass a script that runs `perf record … -- BUILD/wmpulse "$@"` as BINARY.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { graphqlCase, ingestCase, latencyCase } from './measure.mjs';
import { startWmpulse } from './services.mjs';

const [name, binary, ...extra] = process.argv.slice(2);
const wm = (more = []) => (url) => startWmpulse(binary, url, [...more, ...extra]);
const dir = () => mkdtempSync(join(tmpdir(), 'wmpulse-bench-'));
const WINDOW_10K = 10000 / 60000;
const cases = {
  ingest: () => ingestCase(wm(), { open: 10000, events: 500000, perMs: WINDOW_10K, seed: 42, deadlineMs: 120000 }),
  'ingest-small': () => ingestCase(wm(), { open: 1000, events: 20000, perMs: WINDOW_10K, seed: 42, deadlineMs: 120000 }),
  graphql: () => graphqlCase(wm(), { seconds: 5, connections: 64, warmup: 2, busyRate: 100000, dir: dir() }),
  'graphql-idle': () => graphqlCase(wm(), { seconds: 5, connections: 64, warmup: 2, busyRate: 0, dir: dir() }),
  latency: () => latencyCase(wm(['--subscription-rate', '1000']), { rate: 1000, seconds: 5 }),
  lag: () => latencyCase(wm(), { rate: 1000, seconds: 3, singles: 10, quietMs: 400 }),
};
if (!cases[name] || !binary) {
  console.error(`usage: node one.mjs ${Object.keys(cases).join('|')} BUILD/wmpulse [options…]`);
  process.exit(2);
}
const result = await cases[name]();
console.log(JSON.stringify(result, (key, v) => (key === 'raw' || key === 'answer' ? undefined : v), 1));
