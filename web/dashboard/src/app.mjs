// The live dashboard: opens one graphql-transport-ws socket to /graphql, finds what the
// schema offers, loads 15 minutes of history, then follows the metrics as they are pushed.
// While the event source behind the service is lost, the figures stay frozen at the last
// moment they were true and the charts mark the gap.
import { HISTORY_SECONDS, describeError, discoverSchema, follow, graphqlWsUrl, once, planFor } from './api.mjs';
import { line_chart } from './charts.mjs';
import { live_connection } from './connection.mjs';
import { formatCount, formatRate, formatTick, toMillis } from './format.mjs';
import { nameOf, queue_table } from './queues.mjs';
import { rolling_series } from './series.mjs';
import { sourceHealth } from './source.mjs';
import { STALE_AFTER_MS, freshness, status_bar } from './status.mjs';
import { setupTheme } from './theme.mjs';
import { tiles, windowLabel } from './tiles.mjs';
import { followedQueues, pageAt, parseView, queueHref, wallFocus } from './view.mjs';

const SILENT_SOCKET_RESTART_MS = 3 * STALE_AFTER_MS; // open but no data: assume it froze
const POLL_MS = { metrics: 1_000, queues: 2_000, status: 1_000 }; // for servers without those subscriptions
const SERIES_KEYS = ['activeSessions', 'waiting', 'messagesPerMinute', 'inboundPerMinute', 'outboundPerMinute'];
const RECENT = 15; // pushes kept to find the figures as they were when the source went quiet

const $ = (id) => document.getElementById(id);
const view = parseView(window.location.search);

const state = {
  linkUp: false,
  retryAt: null,
  upAt: null, // performance.now() when the socket was last acknowledged
  lastDataAt: null, // performance.now() of the last metrics push
  shown: null, // the metrics on the tiles (frozen while the source is lost)
  recent: [], // the last pushes: [{ atMs, metrics }]
  queues: [], // the rows in the table (frozen while the source is lost)
  recentQueues: [],
  status: null,
  health: 'unknown',
  plan: null,
  step: 0, // wallboard cycle
  problems: new Map(), // part -> message, shown under the status bar
};

const ui = {
  tiles: new tiles(document),
  status: new status_bar(document, $('stale-banner'), $('announcer')),
  queues: new queue_table($('queue-table'), $('queue-note'), {
    filterInput: view.mode === 'wall' ? null : $('queue-filter'),
    linkTo: view.mode === 'wall' ? null : queueHref,
  }),
  series: new rolling_series(HISTORY_SECONDS, SERIES_KEYS),
  charts: [],
};

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function makeCharts() {
  for (const c of ui.charts) c.destroy();
  const has = (k) => k in (state.plan?.metrics?.chosen ?? {});
  ui.charts = [
    new line_chart($('chart-active'), $('chart-active-summary'), [
      { key: 'activeSessions', label: 'Active', color: css('--series-1'), fill: css('--series-1-fill'), format: formatCount },
      ...(has('waiting') ? [{ key: 'waiting', label: 'Waiting', color: css('--series-3'), dash: [8, 5], width: 2, format: formatCount }] : []),
    ], HISTORY_SECONDS, formatTick),
    new line_chart($('chart-messages'), $('chart-messages-summary'), [
      { key: 'messagesPerMinute', label: 'Total', color: css('--series-2'), fill: css('--series-2-fill'), format: formatRate },
      ...(has('inboundPerMinute') ? [{ key: 'inboundPerMinute', label: 'Inbound', color: css('--series-3'), dash: [8, 5], width: 2, format: formatRate }] : []),
      ...(has('outboundPerMinute') ? [{ key: 'outboundPerMinute', label: 'Outbound', color: css('--series-4'), dash: [2, 4], width: 2, format: formatRate }] : []),
    ], HISTORY_SECONDS, formatTick),
  ];
  for (const c of ui.charts) c.draw(ui.series, true);
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

function remember(list, atMs, value) {
  list.push({ atMs, value });
  if (list.length > RECENT) list.shift();
}

// The newest remembered value that was true at lastTrueMs (the source's last frame).
function asOf(list, lastTrueMs, fallback) {
  if (lastTrueMs == null) return fallback;
  const ok = list.filter((r) => r.atMs != null && r.atMs <= lastTrueMs + 1_000);
  return ok.length ? ok[ok.length - 1].value : fallback;
}

function renderTiles() {
  if (view.mode !== 'wall') {
    if (state.shown) ui.tiles.show(state.shown);
    return;
  }
  const focus = wallFocus(followedQueues(state.queues, view.wallQueues), state.step);
  const m = focus.queue ?? state.shown;
  $('view-title').textContent = focus.queue ? nameOf(focus.queue) : 'Total';
  $('view-step').textContent = focus.of > 1 ? ` · ${focus.index + 1} of ${focus.of}` : '';
  if (m) ui.tiles.show(m);
}

function renderQueues() {
  const rows = view.mode === 'wall' ? followedQueues(state.queues, view.wallQueues) : state.queues;
  if (view.mode !== 'wall') {
    ui.queues.show(rows);
    return;
  }
  const page = pageAt(rows, wallRowsPerPage(), state.step);
  ui.queues.show(page.rows);
  $('queue-note').textContent = page.pages > 1 ? `Page ${page.page + 1} of ${page.pages}` : '';
}

// As many queue rows as fit under the charts on the wall screen, without scrolling.
function wallRowsPerPage() {
  const wrap = document.querySelector('.queues .table-wrap');
  const head = $('queue-table').tHead;
  const row = $('queue-table').tBodies[0].querySelector('tr[data-queue]');
  const rowHeight = row?.getBoundingClientRect().height || 48;
  return Math.max(1, Math.floor((wrap.clientHeight - head.getBoundingClientRect().height) / rowHeight));
}

function onMetrics(read, conn) {
  const m = withoutEmptyAverage(read);
  if (!m) return;
  conn.healthy();
  state.lastDataAt = performance.now();
  const atMs = toMillis(m.takenAt) ?? Date.now();
  if (state.health === 'lost') {
    ui.series.put(atMs, {}); // a gap: these seconds have no true figures
  } else {
    remember(state.recent, atMs, m);
    state.shown = m;
    renderTiles();
    ui.series.put(atMs, m);
    if (m.windowMs) for (const el of document.querySelectorAll('[data-window-label]')) el.textContent = windowLabel(m.windowMs).replace('last ', '');
  }
  for (const c of ui.charts) c.draw(ui.series);
}

function onQueues(qs) {
  const rows = (qs ?? []).map(withoutEmptyAverage);
  if (state.health === 'lost') return;
  remember(state.recentQueues, toMillis(rows[0]?.takenAt), rows);
  state.queues = rows;
  renderQueues();
  if (view.mode === 'wall') renderTiles();
}

// The source went quiet: show the figures as they were at its last frame.
function onSourceLost() {
  const lastTrue = toMillis(state.status?.lastFrameAt);
  state.shown = asOf(state.recent, lastTrue, state.shown);
  state.queues = asOf(state.recentQueues, lastTrue, state.queues);
  renderTiles();
  renderQueues();
}

function onStatus(s) {
  state.status = s;
  const health = sourceHealth(s, Date.now());
  const was = state.health;
  state.health = health;
  if (health === 'lost' && was !== 'lost') onSourceLost();
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
  document.body.dataset[`${part}Via`] = p.subscription ? 'subscription' : 'polling';
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
    plan = planFor(await discoverSchema(client), { queueId: view.mode === 'queue' ? view.queueId : null });
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
  const first = !state.plan;
  state.plan = plan;
  if (first) makeCharts();
  ui.tiles.setAvailable(Object.keys(plan.metrics.chosen));
  if (plan.queues) ui.queues.setAvailable(Object.keys(plan.queues.chosen));
  keep('metrics', plan, client, isCurrent, (m) => onMetrics(m, conn));
  keep('queues', plan, client, isCurrent, onQueues);
  keep('status', plan, client, isCurrent, onStatus);
  loadHistory(plan, client, isCurrent);
}

function refreshStatus(conn) {
  const now = performance.now();
  const fresh = freshness({ linkUp: state.linkUp, lastDataAt: state.lastDataAt, now });
  const s = state.status;
  if (s) onStatus(s); // a source that goes silent turns lost without a new status
  const lastEventMs = toMillis(s?.lastEventTime);
  const takenAtMs = toMillis(state.recent[state.recent.length - 1]?.atMs);
  const lastEventAgeMs = lastEventMs != null && takenAtMs != null ? takenAtMs - lastEventMs + (now - state.lastDataAt) : null;
  let link = 'connecting…';
  if (state.linkUp) link = fresh === 'live' ? 'live' : fresh === 'waiting' ? 'waiting for data' : 'silent';
  else if (state.retryAt != null) link = 'reconnecting';
  const asOfMs = state.health === 'lost' ? toMillis(s?.lastFrameAt) : toMillis(state.shown?.takenAt);
  ui.status.show({
    fresh,
    link,
    retryInMs: state.retryAt == null ? null : Math.max(0, state.retryAt - now),
    nowMs: Date.now(),
    asOfMs,
    sourceHealth: state.health,
    source: s,
    lastEventAgeMs,
    dashboardReconnects: conn.reconnects,
  });
  const heardAt = Math.max(state.lastDataAt ?? -Infinity, state.upAt ?? -Infinity);
  if (state.linkUp && now - heardAt > SILENT_SOCKET_RESTART_MS) {
    conn.restart('no data for too long');
  }
}

function setupView() {
  document.body.dataset.view = view.mode;
  document.documentElement.dataset.view = view.mode;
  if (view.mode === 'queue') {
    $('view-title').textContent = `Queue ${view.queueId}`;
    $('back-link').hidden = false;
  }
  if (view.mode === 'wall') {
    setInterval(() => {
      state.step += 1;
      renderTiles();
      renderQueues();
    }, view.cycleMs);
  }
  setupTheme(view.theme, $('theme-toggle'), () => state.plan && makeCharts());
}

// In a queue's own view, the title takes the queue's name once the queue list has it.
function nameTheQueue() {
  if (view.mode !== 'queue') return;
  const q = state.queues.find((x) => String(x.queueId) === view.queueId);
  const title = `Queue ${q ? nameOf(q) : view.queueId}`;
  if ($('view-title').textContent !== title) $('view-title').textContent = title;
  for (const tr of document.querySelectorAll('#queue-table tr[data-queue]')) {
    if (tr.dataset.queue === view.queueId) tr.setAttribute('aria-current', 'page');
    else tr.removeAttribute('aria-current');
  }
}

function main() {
  setupView();
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
  setInterval(() => {
    refreshStatus(conn);
    nameTheQueue();
  }, 250);
  refreshStatus(conn);
}

main();
