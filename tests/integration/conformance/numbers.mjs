// Numbers as text: wmpulse's response body for metric queries must be byte for byte what
// graphql-js's result gives through JSON.stringify, for the same (non-zero, fractional)
// figures. differential.mjs compares parsed values, so 5.25 and 5.2500000000000000 would both
// pass there; here they would not.
// Run from the harness's work dir (node_modules has graphql-js). GRAPHQL_URL points at wmpulse,
// serving the replay whose figures are DIFF_FIXED_METRICS.
import { buildClientSchema, execute, getIntrospectionQuery, parse } from 'graphql';

const url = process.env.GRAPHQL_URL;
const fixed = JSON.parse(process.env.DIFF_FIXED_METRICS);
const post = async (query) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return res.text();
};

const all = '{ realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }';
const queries = [
  all,
  '{ realTimeMetrics { avgSessionDurationMs messagesPerMinute } }',
  '{ a: realTimeMetrics { x: avgSessionDurationMs } b: realTimeMetrics { ...m } } fragment m on Metrics { messagesPerMinute avgSessionDurationMs activeSessions }',
  '{ realTimeMetrics { avgSessionDurationMs @include(if: true) messagesPerMinute @skip(if: false) } }',
];

const fractional = Object.values(fixed).filter((v) => !Number.isInteger(v));
if (fractional.length < 2 || Object.values(fixed).some((v) => v === 0)) {
  console.log(`numbers: DIFF_FIXED_METRICS must be non-zero with fractional figures: ${JSON.stringify(fixed)}`);
  process.exit(1);
}

// The replay is ingested on start: wait (bounded) until the service shows its final figures.
const expectedAll = JSON.stringify({ data: { realTimeMetrics: fixed } });
let last = '';
for (let i = 0; i < 200 && last !== expectedAll; i++) {
  last = await post(all);
  if (last !== expectedAll) await new Promise((r) => setTimeout(r, 50));
}

const schema = buildClientSchema(JSON.parse(await post(getIntrospectionQuery())).data);
let failures = 0;
for (const q of queries) {
  const expected = JSON.stringify(await execute({ schema, document: parse(q), rootValue: { realTimeMetrics: fixed } }));
  const actual = await post(q);
  if (expected !== actual) {
    console.log(`differs: ${q}\n  graphql-js: ${expected}\n  wmpulse:    ${actual}`);
    failures++;
  }
}
console.log(`numbers: ${queries.length - failures}/${queries.length} bodies identical to graphql-js (${JSON.stringify(fixed)})`);
process.exit(failures === 0 ? 0 : 1);
