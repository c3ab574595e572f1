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
const { levelOf } = await load('levels.mjs');
const { sortQueues, filterQueues, QUEUE_COLUMNS } = await load('queues.mjs');
const source = await load('source.mjs');
const { bannerFor } = await load('status.mjs');
const view = await load('view.mjs');
const { sinceLabel, windowLabel } = await load('tiles.mjs');
const { initialTheme } = await load('theme.mjs');
const { planFor } = await load('api.mjs');

test('format.durations_as_contact_centres_write_them', () => {
  assert.equal(format.formatDuration(0), '0:00');
  assert.equal(format.formatDuration(850), '0:01');
  assert.equal(format.formatDuration(4_200), '0:04');
  assert.equal(format.formatDuration(192_000), '3:12');
  assert.equal(format.formatDuration(59 * 60_000 + 59_499), '59:59');
  assert.equal(format.formatDuration(3_600_000), '1:00:00');
  assert.equal(format.formatDuration(3 * 3_600_000 + 5 * 60_000 + 7_000), '3:05:07');
  assert.equal(format.formatDuration(null), format.DASH);
});

test('format.counts_per_minute_are_whole_and_shares_are_percent', () => {
  assert.equal(format.formatRate(17.25), '17');
  assert.equal(format.formatRate(0.4), '0');
  assert.equal(format.formatRate(1234.6), '1,235');
  assert.equal(format.formatPercent(0.876), '88 %');
  assert.equal(format.formatPercent(null), format.DASH);
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

test('levels.read_from_the_server_names', () => {
  assert.equal(levelOf({ 'level:waiting': 'ALERT' }, 'waiting'), 'alert');
  assert.equal(levelOf({ 'level:serviceLevel': 'WARN' }, 'serviceLevel'), 'warn');
  assert.equal(levelOf({ 'level:abandonRate': 'OK' }, 'abandonRate'), 'ok');
  assert.equal(levelOf({ 'level:abandonRate': null }, 'abandonRate'), null, 'null when the figure is null');
  assert.equal(levelOf({}, 'waiting'), null, 'servers without levels');
  assert.equal(levelOf({ 'level:waiting': 'PURPLE' }, 'waiting'), null);
});

test('fields.levels_asked_as_Metrics_levels_when_the_schema_has_them', () => {
  const base = introspected();
  const types = base.__schema.types;
  const enumRef = { kind: 'ENUM', name: 'Level', ofType: null };
  const f = (name, type) => ({ name, type, args: [] });
  types.push({ name: 'MetricLevels', kind: 'OBJECT', fields: ['waiting', 'longestWaitingMs', 'serviceLevel', 'abandonRate', 'avgFirstResponseMs'].map((n) => f(n, enumRef)) });
  types.find((t) => t.name === 'Metrics').fields.push(f('levels', { kind: 'NON_NULL', name: null, ofType: { kind: 'OBJECT', name: 'MetricLevels', ofType: null } }));
  const chosen = fields.resolveFields(new schema_view(base), 'Metrics', fields.METRIC_FIELDS);
  assert.equal(chosen['level:waiting'], 'levels.waiting');
  assert.match(fields.selection(chosen), /levels \{ waiting longestWaitingMs serviceLevel abandonRate avgFirstResponseMs \}/);
  const read = fields.read(chosen, { activeSessions: 1, levels: { waiting: 'WARN', serviceLevel: 'ALERT' } });
  assert.equal(levelOf(read, 'waiting'), 'warn');
  assert.equal(levelOf(read, 'serviceLevel'), 'alert');
});

const qs = [
  { queueId: 'c', queueName: 'Sales', waiting: 3, serviceLevel: 0.9, activeSessions: 9 },
  { queueId: 'a', queueName: 'billing', waiting: null, serviceLevel: 0.5, activeSessions: 1 },
  { queueId: 'b', queueName: 'Queue 10', waiting: 7, serviceLevel: null, activeSessions: 5 },
  { queueId: 'd', queueName: 'Queue 9', waiting: 3, serviceLevel: 0.7, activeSessions: 3 },
];
const ids = (rows) => rows.map((q) => q.queueId);

test('queues.sorted_by_name_by_default_naturally_and_case_blind', () => {
  assert.deepEqual(ids(sortQueues(qs)), ['a', 'd', 'b', 'c'], 'by name, not busiest first');
  assert.deepEqual(ids(sortQueues(qs, { key: 'name', dir: -1 })), ['c', 'b', 'd', 'a']);
});

test('queues.sorted_by_any_column_missing_values_last_ties_by_name', () => {
  assert.deepEqual(ids(sortQueues(qs, { key: 'waiting', dir: -1 })), ['b', 'd', 'c', 'a']);
  assert.deepEqual(ids(sortQueues(qs, { key: 'waiting', dir: 1 })), ['d', 'c', 'b', 'a']);
  assert.deepEqual(ids(sortQueues(qs, { key: 'serviceLevel', dir: 1 })), ['a', 'd', 'c', 'b']);
});

test('queues.filter_by_name_or_id', () => {
  assert.deepEqual(ids(filterQueues(qs, 'queue')), ['b', 'd']);
  assert.deepEqual(ids(filterQueues(qs, ' SALES ')), ['c']);
  assert.deepEqual(ids(filterQueues(qs, 'a')), ['c', 'a'], 'id a, and "Sales" contains a');
  assert.equal(filterQueues(qs, '').length, 4);
});

test('queues.columns_are_the_issue_12_figures', () => {
  const keys = QUEUE_COLUMNS.map((c) => c.key);
  for (const k of ['waiting', 'longestWaitingMs', 'offered', 'answered', 'abandoned', 'abandonRate', 'serviceLevel', 'averageSpeedOfAnswerMs', 'avgFirstResponseMs', 'avgHandleMs']) {
    assert.ok(keys.includes(k), k);
  }
});

test('source.health_from_state_and_silence', () => {
  const now = Date.UTC(2026, 11, 2, 21, 36, 44);
  const lastFrameAt = new Date(now - 42_000).toISOString();
  assert.equal(source.sourceHealth(null, now), 'unknown');
  assert.equal(source.sourceHealth({ state: 'CONNECTED', lastFrameAt }, now), 'live');
  assert.equal(source.sourceHealth({ state: 'RECONNECTING', lastFrameAt }, now), 'lost');
  const silent = new Date(now - source.SOURCE_SILENT_MS - 1).toISOString();
  assert.equal(source.sourceHealth({ state: 'CONNECTED', lastFrameAt: silent }, now), 'lost');
});

test('source.loss_is_a_plain_sentence_with_the_time_the_figures_were_true', () => {
  const now = Date.UTC(2026, 11, 2, 21, 36, 44);
  const last = now - 42_000;
  const status = { sourceKind: 'genesys', state: 'RECONNECTING', lastFrameAt: new Date(last).toISOString(), failedAttempts: 10, reconnects: 0, lastError: 'connect: Connection refused' };
  assert.equal(source.lossSentence(status, now), `No data from Genesys Cloud for 42 s — figures as of ${format.formatClock(last)}.`);
  assert.equal(source.lossSentence({ sourceKind: 'genesys', state: 'CONNECTING' }, now), 'No data from Genesys Cloud yet — waiting for it to connect.');
  const details = source.lossDetails(status);
  assert.match(details, /10 failed connection attempts/);
  assert.match(details, /Connection refused/);
  const banner = bannerFor({ fresh: 'live', sourceHealth: 'lost', source: status, nowMs: now });
  assert.doesNotMatch(banner.text, /refused/, 'the raw error stays behind the details toggle');
  assert.equal(bannerFor({ fresh: 'live', sourceHealth: 'live', source: status, nowMs: now }), null);
  assert.match(bannerFor({ fresh: 'stale', asOfMs: last, retryInMs: 2000 }).text, /^No connection to the wmpulse service — figures as of/);
});

test('tiles.time_bases', () => {
  assert.equal(windowLabel(60_000), 'last 60 s');
  assert.equal(windowLabel(300_000), 'last 5 min');
  const midnight = new Date(2026, 11, 2, 0, 0, 0).getTime();
  assert.equal(sinceLabel(midnight, midnight + 5 * 3_600_000), 'today since 00:00');
  assert.match(sinceLabel(midnight, midnight + 30 * 3_600_000), /^since 2 Dec 00:00$/);
});

test('view.modes_from_the_url', () => {
  assert.equal(view.parseView('').mode, 'overview');
  assert.deepEqual(view.parseView('?queue=q-1'), { mode: 'queue', queueId: 'q-1', wallQueues: [], cycleMs: 10_000, theme: null });
  const wall = view.parseView('?wall&queues=Sales,%20q-2&cycle=20&theme=light');
  assert.equal(wall.mode, 'wall');
  assert.deepEqual(wall.wallQueues, ['Sales', 'q-2']);
  assert.equal(wall.cycleMs, 20_000);
  assert.equal(wall.theme, 'light');
  assert.equal(view.parseView('?wall&cycle=1').cycleMs, 10_000, 'too fast a cycle falls back to the default');
  assert.equal(view.queueHref('a b'), '?queue=a%20b');
});

test('view.wallboard_cycles_total_then_followed_queues_and_pages', () => {
  const followed = view.followedQueues(qs, ['sales', 'b', 'nope', 'c']);
  assert.deepEqual(ids(followed), ['c', 'b']);
  assert.deepEqual(ids(view.followedQueues(qs, [])), ids(qs));
  assert.equal(view.wallFocus(followed, 0).queue, null);
  assert.equal(view.wallFocus(followed, 1).queue.queueId, 'c');
  assert.equal(view.wallFocus(followed, 2).queue.queueId, 'b');
  assert.equal(view.wallFocus(followed, 3).queue, null);
  assert.deepEqual(ids(view.pageAt(qs, 3, 0).rows), ['c', 'a', 'b']);
  assert.deepEqual(view.pageAt(qs, 3, 1), { rows: [qs[3]], page: 1, pages: 2 });
  assert.equal(view.pageAt(qs, 3, 2).page, 0);
});

test('theme.url_then_choice_then_system', () => {
  assert.equal(initialTheme('light', 'dark', false), 'light');
  assert.equal(initialTheme(null, 'light', false), 'light');
  assert.equal(initialTheme(null, null, true), 'light');
  assert.equal(initialTheme(null, 'junk', false), 'dark');
});

test('api.queue_view_asks_for_that_queue_and_follows_queues_live', () => {
  const base = introspected();
  const types = base.__schema.types;
  const f = (name, type, args = []) => ({ name, type, args: args.map((a) => ({ name: a })) });
  const list = { kind: 'NON_NULL', name: null, ofType: { kind: 'LIST', name: null, ofType: { kind: 'OBJECT', name: 'QueueMetrics', ofType: null } } };
  types.find((t) => t.name === 'Subscription').fields.push(f('queues', list));
  types.find((t) => t.name === 'Subscription').fields[0].args = [{ name: 'queueId' }];
  const plan = planFor(new schema_view(base), { queueId: 'q"1' });
  assert.match(plan.metrics.subscription, /realTimeMetrics\(queueId: "q\\"1"\)/);
  assert.match(plan.queues.subscription, /^subscription Dashboard_queues \{ queues \{/);
  assert.equal(planFor(new schema_view(introspected())).queues.subscription, null, 'polled where the server has no Subscription.queues');
});
