// The live dashboard: opens one graphql-transport-ws socket to /graphql, finds what the
// schema offers, loads 15 minutes of history, then follows the metrics as they are pushed.
import { HISTORY_SECONDS, describeError, discoverSchema, follow, graphqlWsUrl, once, planFor } from './api.mjs';
import { line_chart } from './charts.mjs';
import { live_connection } from './connection.mjs';
import { formatCount, formatDuration, formatRate, formatTick, toMillis } from './format.mjs';
import { queue_table } from './queues.mjs';
import { rolling_series } from './series.mjs';
import { STALE_AFTER_MS, freshness, status_bar } from './status.mjs';
import { tiles } from './tiles.mjs';

const SILENT_SOCKET_RESTART_MS = 3 * STALE_AFTER_MS; // open but no data: assume it froze
const POLL_MS = { metrics: 1_000, queues: 2_000, status: 1_000 }; // for servers without those subscriptions
const SERIES_KEYS = ['activeSessions', 'messagesPerMinute', 'inboundPerMinute', 'outboundPerMinute'];

const $ = (id) => document.getElementById(id);

const state = {
  linkUp: false,
  retryAt: null,
  upAt: null, // performance.now() when the socket was last acknowledged
  lastDataAt: null, // performance.now() of the last metrics push
  metrics: null,
  takenAtMs: null,
  status: null,
  statusAt: null,
  problems: new Map(), // part -> message, shown under the status bar
};

const ui = {
  tiles: new tiles(document),
  status: new status_bar($('status'), $('stale-banner'), $('announcer')),
  queues: new queue_table($('queue-table'), $('queue-note')),
  series: new rolling_series(HISTORY_SECONDS, SERIES_KEYS),
  charts: [],
};

function makeCharts(plan) {
  const has = (k) => k in (plan.metrics?.chosen ?? {});
  ui.charts = [
    new line_chart($('chart-active'), $('chart-active-summary'), [
      { key: 'activeSessions', label: 'Active sessions', color: '#4cc9f0', fill: 'rgba(76, 201, 240, 0.14)', format: formatCount },
    ], HISTORY_SECONDS, formatTick),
    new line_chart($('chart-messages'), $('chart-messages-summary'), [
      { key: 'messagesPerMinute', label: 'All', color: '#f7b32b', fill: 'rgba(247, 179, 43, 0.12)', format: formatRate },
      ...(has('inboundPerMinute') ? [{ key: 'inboundPerMinute', label: 'Inbound', color: '#7bd389', width: 1.5, format: formatRate }] : []),
      ...(has('outboundPerMinute') ? [{ key: 'outboundPerMinute', label: 'Outbound', color: '#c792ea', width: 1.5, format: formatRate }] : []),
    ], HISTORY_SECONDS, formatTick),
  ];
}

function problem(part, err) {
  if (err) state.problems.set(part, `${part}: ${describeError(err)}`);
  else state.problems.delete(part);
  const text = [...state.problems.values()].join(' · ');
  const el = $('problems');
  el.hidden = text === '';
  if (el.textContent !== text) el.textContent = text;
}

// The server's average is 0 when no session ended in the window: that is "no value", not 0 ms.
function withoutEmptyAverage(m) {
  return m && m.sessionsEnded === 0 ? { ...m, avgSessionDurationMs: null } : m;
}

function onMetrics(read, conn) {
  const m = withoutEmptyAverage(read);
  if (!m) return;
  conn.healthy();
  state.metrics = m;
  state.lastDataAt = performance.now();
  state.takenAtMs = toMillis(m.takenAt);
  ui.tiles.show(m);
  if (m.windowMs) $('window-label').textContent = `sliding window ${formatDuration(m.windowMs)}`;
  ui.series.put(state.takenAtMs ?? Date.now(), m);
  for (const c of ui.charts) c.draw(ui.series);
}

async function loadHistory(plan, client, isCurrent) {
  if (!plan.history) {
    problem('history', 'not provided by this server; the charts fill from now on');
    return;
  }
  try {
    const points = plan.history.read(await once(client, plan.history.query));
    if (!isCurrent()) return;
    const live = ui.series.data();
    ui.series.replace(points.map((p) => ({ ...p, atMs: toMillis(p.at) })));
    // Live points that arrived while the history was on its way come after it.
    live[0].forEach((t, i) => ui.series.put(t * 1000, Object.fromEntries(SERIES_KEYS.map((k, j) => [k, live[j + 1][i]]))));
    for (const c of ui.charts) c.draw(ui.series, true);
    problem('history', null);
  } catch (err) {
    if (isCurrent()) problem('history', err);
  }
}

// Follows a part by subscription when the server has one, else by polling over the socket.
function keep(part, plan, client, isCurrent, onData) {
  const p = plan[part];
  if (!p) {
    problem(part, 'not provided by this server');
    return;
  }
  const handle = (data) => {
    if (!isCurrent()) return;
    problem(part, null);
    onData(p.read(data));
  };
  const fail = (err) => isCurrent() && problem(part, err);
  if (p.subscription) {
    follow(client, p.subscription, handle, fail);
    return;
  }
  const poll = async () => {
    if (!isCurrent()) return;
    try {
      handle(await once(client, p.query));
    } catch (err) {
      fail(err);
    }
    if (isCurrent()) setTimeout(poll, POLL_MS[part] ?? 2_000);
  };
  poll();
}

async function onOpen(conn, client, generation) {
  const isCurrent = () => conn.isCurrent(generation);
  let plan;
  try {
    plan = planFor(await discoverSchema(client));
  } catch (err) {
    if (isCurrent()) problem('schema', err);
    return;
  }
  if (!isCurrent()) return;
  problem('schema', null);
  if (!plan.metrics) {
    problem('metrics', 'this server has no realTimeMetrics');
    return;
  }
  if (ui.charts.length === 0) makeCharts(plan);
  ui.tiles.setAvailable(Object.keys(plan.metrics.chosen));
  keep('metrics', plan, client, isCurrent, (m) => onMetrics(m, conn));
  keep('queues', plan, client, isCurrent, (qs) => ui.queues.show((qs ?? []).map(withoutEmptyAverage)));
  keep('status', plan, client, isCurrent, (s) => {
    state.status = s;
    state.statusAt = performance.now();
  });
  loadHistory(plan, client, isCurrent);
}

function refreshStatus(conn) {
  const now = performance.now();
  const fresh = freshness({ linkUp: state.linkUp, lastDataAt: state.lastDataAt, now });
  const s = state.status;
  const lastEventMs = toMillis(s?.lastEventTime);
  const lastEventAgeMs =
    lastEventMs != null && state.takenAtMs != null ? state.takenAtMs - lastEventMs + (now - state.lastDataAt) : null;
  const retryInMs = state.retryAt == null ? null : Math.max(0, state.retryAt - now);
  let link = 'connecting…';
  if (state.linkUp) link = fresh === 'live' ? 'live' : fresh === 'waiting' ? 'waiting for data' : 'silent';
  else if (state.retryAt != null) link = 'reconnecting';
  ui.status.show({
    fresh,
    link,
    retryInMs,
    dataAgeMs: state.lastDataAt == null ? null : now - state.lastDataAt,
    lastEventAgeMs,
    source: s,
    dashboardReconnects: conn.reconnects,
  });
  const heardAt = Math.max(state.lastDataAt ?? -Infinity, state.upAt ?? -Infinity);
  if (state.linkUp && now - heardAt > SILENT_SOCKET_RESTART_MS) {
    conn.restart('no data for too long');
  }
}

function main() {
  const conn = new live_connection(graphqlWsUrl(window.location), {
    onOpen: (client, generation) => onOpen(conn, client, generation),
    onUp: () => {
      state.linkUp = true;
      state.retryAt = null;
      state.upAt = performance.now();
    },
    onDown: (_reason, retryInMs) => {
      state.linkUp = false;
      state.retryAt = performance.now() + retryInMs;
    },
  });
  conn.start();
  setInterval(() => refreshStatus(conn), 250);
  refreshStatus(conn);
}

main();
