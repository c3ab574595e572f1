// Error messages for misspelt names, "Did you mean …?" hints included, must read exactly as
// graphql-js writes them for the same schema (taken from the server's introspection).
// Run from the harness's work dir (its node_modules has graphql-js); GRAPHQL_URL points at wmpulse.
import { buildClientSchema, getIntrospectionQuery, parse, validate } from 'graphql';

const url = process.env.GRAPHQL_URL;
const post = async (query) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return res.json();
};

const queries = [
  '{ realTimeMetrics { activeSesions } }',
  '{ realTimeMetric { activeSessions } }',
  '{ realtimemetrics { activeSessions } }',
  '{ realTimeMetrics { messagesPerMinut totalconnections avgSessionDuration } }',
  '{ queues { queueid metrics { activeSessions } } }',
  '{ realTimeMetrics(queueID: "x") { activeSessions } }',
  'query($q: Strin) { realTimeMetrics(queueId: $q) { activeSessions } }',
  'query($q: string) { realTimeMetrics(queueId: $q) { activeSessions } }',
  '{ status { chanels topic } }',
  '{ __typenam }',
  '{ history(secnds: 5) { at } }',
  'fragment f on Metric { activeSessions } { ...f }',
  '{ ... on Querry { realTimeMetrics { activeSessions } } }',
  '{ xyzzy }',
  'subscription { realTimeMetrcs { activeSessions } }',
];

const intro = await post(getIntrospectionQuery());
const schema = buildClientSchema(intro.data);
let failures = 0;
for (const q of queries) {
  const expected = validate(schema, parse(q)).map((e) => e.message).sort();
  const actual = ((await post(q)).errors ?? []).map((e) => e.message).sort();
  if (expected.length === 0) {
    console.log(`not a misspelling for graphql-js: ${q}`);
    failures++;
  } else if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    console.log(`differs: ${q}\n  graphql-js: ${JSON.stringify(expected)}\n  wmpulse:    ${JSON.stringify(actual)}`);
    failures++;
  }
}
console.log(`hints: ${queries.length - failures}/${queries.length} identical to graphql-js`);
process.exit(failures === 0 ? 0 : 1);
