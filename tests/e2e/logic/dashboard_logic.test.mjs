// The dashboard's pure logic, run by node:test against the built files (the ones served):
//   node --test dashboard_logic.test.mjs   with WMPULSE_DASHBOARD_DIR=<build>/web/dashboard
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const dir = process.env.WMPULSE_DASHBOARD_DIR;
if (!dir) throw new Error('WMPULSE_DASHBOARD_DIR (the built dashboard) is required');
const load = (file) => import(pathToFileURL(resolve(dir, file)).href);
const format = await load('format.mjs');
const { rolling_series } = await load('series.mjs');
const { schema_view } = await load('schema.mjs');
const fields = await load('fields.mjs');
const { freshness, STALE_AFTER_MS } = await load('status.mjs');
const { backoffMs } = await load('connection.mjs');

test('format.durations_pick_a_readable_unit', () => {
  assert.deepEqual(format.splitDuration(850), { value: '850', unit: 'ms' });
  assert.deepEqual(format.splitDuration(4_200), { value: '4.2', unit: 's' });
  assert.deepEqual(format.splitDuration(192_000), { value: '3.2', unit: 'min' });
  assert.deepEqual(format.splitDuration(null), { value: format.DASH, unit: '' });
});

test('format.timestamps_accept_epoch_ms_and_iso', () => {
  assert.equal(format.toMillis(1_700_000_000_123), 1_700_000_000_123);
  assert.equal(format.toMillis('2026-11-28T03:00:00.500Z'), Date.UTC(2026, 10, 28, 3, 0, 0, 500));
  assert.equal(format.toMillis('not a time'), null);
  assert.equal(format.toMillis(null), null);
});

test('series.one_point_per_second_latest_wins', () => {
  const s = new rolling_series(900, ['a']);
  s.put(10_100, { a: 1 });
  s.put(10_900, { a: 2 });
  s.put(11_000, { a: 3 });
  assert.deepEqual(s.data(), [[10, 11], [2, 3]]);
  assert.equal(s.put(9_000, { a: 9 }), false, 'an older second is refused');
});

test('series.drops_points_older_than_the_window', () => {
  const s = new rolling_series(5, ['a']);
  for (let t = 0; t <= 10; t += 1) s.put(t * 1000, { a: t });
  assert.deepEqual(s.times, [6, 7, 8, 9, 10]);
  s.replace([{ atMs: 20_000, a: 1 }, { atMs: Number.NaN, a: 2 }]);
  assert.deepEqual(s.data(), [[20], [1]]);
});

// The shape introspection gives, for a schema with the fields the dashboard uses.
function introspected() {
  const scalar = (name) => ({ kind: 'SCALAR', name, ofType: null });
  const nonNull = (t) => ({ kind: 'NON_NULL', name: null, ofType: t });
  const obj = (name) => ({ kind: 'OBJECT', name, ofType: null });
  const f = (name, type, args = []) => ({ name, type, args: args.map((a) => ({ name: a })) });
  return {
    __schema: {
      queryType: { name: 'Query' },
      subscriptionType: { name: 'Subscription' },
      types: [
        { name: 'Metrics', kind: 'OBJECT', fields: [f('activeSessions', nonNull(scalar('Int'))), f('windowSeconds', nonNull(scalar('Float'))), f('takenAtMs', scalar('Float'))] },
        { name: 'QueueMetrics', kind: 'OBJECT', fields: [f('queueId', scalar('ID')), f('metrics', nonNull(obj('Metrics')))] },
        { name: 'Query', kind: 'OBJECT', fields: [f('realTimeMetrics', nonNull(obj('Metrics')), ['queueId']), f('queues', { kind: 'LIST', name: null, ofType: nonNull(obj('QueueMetrics')) })] },
        { name: 'Subscription', kind: 'OBJECT', fields: [f('realTimeMetrics', nonNull(obj('Metrics')))] },
        { name: 'Int', kind: 'SCALAR', fields: null },
      ],
    },
  };
}

test('fields.ask_only_for_what_the_schema_has', () => {
  const view = new schema_view(introspected());
  const chosen = fields.resolveFields(view, 'Metrics', fields.METRIC_FIELDS);
  assert.deepEqual(chosen, { activeSessions: 'activeSessions', windowMs: 'windowSeconds', takenAt: 'takenAtMs' });
  assert.equal(fields.selection(chosen), 'activeSessions windowSeconds takenAtMs');
  assert.deepEqual(fields.read(chosen, { activeSessions: 3, windowSeconds: 60, takenAtMs: 5 }), { activeSessions: 3, windowMs: 60_000, takenAt: 5 });
});

test('fields.nested_queue_metrics', () => {
  const view = new schema_view(introspected());
  const chosen = fields.resolveFields(view, 'QueueMetrics', fields.QUEUE_FIELDS);
  assert.equal(chosen.activeSessions, 'metrics.activeSessions');
  assert.equal(fields.selection(chosen), 'queueId metrics { activeSessions windowSeconds takenAtMs }');
  assert.equal(fields.read(chosen, { queueId: 'q', metrics: { activeSessions: 4 } }).activeSessions, 4);
});

test('status.freshness', () => {
  assert.equal(freshness({ linkUp: true, lastDataAt: null, now: 0 }), 'waiting');
  assert.equal(freshness({ linkUp: true, lastDataAt: 1000, now: 1000 + STALE_AFTER_MS }), 'live');
  assert.equal(freshness({ linkUp: true, lastDataAt: 1000, now: 1001 + STALE_AFTER_MS }), 'stale');
  assert.equal(freshness({ linkUp: false, lastDataAt: 1000, now: 1000 }), 'stale');
});

test('connection.backoff_grows_capped_with_jitter', () => {
  assert.equal(backoffMs(0, () => 0.5), 500);
  assert.equal(backoffMs(3, () => 0.5), 4_000);
  assert.equal(backoffMs(30, () => 0.5), 15_000);
  assert.equal(backoffMs(0, () => 0), 375);
  assert.equal(backoffMs(0, () => 1), 625);
});
