// The simulator's streaming and fault behaviour over real sockets, one case per run:
//   node stream_test.cjs BINARY CASE
'use strict';
const { startSimulator, recorder, waitUntil, snapshotTime, results } = require('./harness.cjs');

const FAST = ['--speed', '60', '--rate', '120', '--heartbeat-ms', '200', '--closing-delay-ms', '300', '--seed', '3'];
const isEvent = (f) => f.json && typeof f.json.topicName === 'string' && f.json.topicName.startsWith('v2.routing.');

const cases = {
  // Heartbeats, ping -> pong, and events only on the subscribed topic.
  async heartbeat_pong_and_topic_filter(sim, t) {
    const [q0] = await sim.queues();
    const ch = await sim.channel([q0.id]);
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    ws.send({ message: 'ping' });
    await ws.waitFor('heartbeat, pong and 10 events', () =>
      ws.frames.some((f) => f.json && f.json.eventBody && f.json.eventBody.message === 'WebSocket Heartbeat') &&
      ws.frames.some((f) => f.json && f.json.eventBody && f.json.eventBody.message === 'pong') &&
      ws.events().length >= 10);
    const topics = new Set(ws.events().map((f) => f.json.topicName));
    t.check('events only on the subscribed topic', topics.size === 1 && topics.has(`v2.routing.queues.${q0.id}.conversations.messages`), [...topics]);
    t.check('heartbeat frame shape', ws.frames.some((f) => f.json && f.json.topicName === 'channel.metadata' && f.json.eventBody.message === 'WebSocket Heartbeat'));
    ws.close();
  },

  // A second socket on the channel kicks the first; nothing is buffered while none is open.
  async second_socket_kicks_first_and_nothing_is_buffered(sim, t) {
    const queues = await sim.queues();
    const ch = await sim.channel(queues.map((q) => q.id));
    const first = new recorder(ch.connectUri);
    await first.opened;
    await first.waitFor('an event', () => first.events().length > 0);
    const second = new recorder(ch.connectUri);
    await second.opened;
    await first.waitFor('the first socket to close', () => first.closed);
    t.check('first socket closed by the server', first.closed.code === 1000, first.closed);
    second.close();
    await second.waitFor('close', () => second.closed);
    const before = await sim.status();
    await waitUntil('more snapshots while no socket is open', async () => (await sim.status()).counters.snapshots > before.counters.snapshots + 400);
    const mark = (await sim.status()).publishedUpTo;
    // A status-only change (sent -> delivery-success, at most 1.5 s after the message) carries
    // no timestamp of its own, so its snapshot's latest timestamp may be up to 1.5 s older.
    const tolerance = 1500;
    const third = new recorder(ch.connectUri);
    await third.opened;
    await third.waitFor('events on the new socket', () => third.events().length >= 5);
    const early = third.events().filter((f) => snapshotTime(f.json.eventBody) < mark - tolerance);
    t.check('no event from the time without a socket is replayed', early.length === 0, `${early.length} early`);
    third.close();
  },

  // v2.system.socket_closing, then a close (1001) after --closing-delay-ms.
  async socket_closing_then_close(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    t.check('fault accepted', (await sim.fault('socket_closing')).status === 200);
    await ws.waitFor('socket_closing', () => ws.frames.some((f) => f.json && f.json.topicName === 'v2.system.socket_closing'));
    await ws.waitFor('close', () => ws.closed);
    const notice = ws.frames.find((f) => f.json && f.json.topicName === 'v2.system.socket_closing').json;
    t.check('socket_closing envelope', notice.version === '2' && notice.metadata && notice.metadata.CorrelationId && notice.eventBody.channelId === ch.id);
    t.check('closed with 1001', ws.closed.code === 1001, ws.closed);
    const again = new recorder(ch.connectUri);
    await again.opened;
    await again.waitFor('events after reconnecting', () => again.events().length > 0);
    t.check('reconnect to the same connectUri works', true);
    again.close();
  },

  // Abrupt drop: the TCP connection ends without a close frame (ws reports 1006).
  async abrupt_drop(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    await sim.fault('drop');
    await ws.waitFor('the drop', () => ws.closed);
    t.check('no close frame (1006)', ws.closed.code === 1006, ws.closed);
  },

  // Garbage frames: not JSON, truncated, wrong types, binary.
  async garbage_frames(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    await sim.fault('garbage', { count: '12' });
    await ws.waitFor('garbage', () => ws.frames.filter((f) => !f.json || (!isEvent(f) && f.json.topicName !== 'channel.metadata')).length + ws.binary >= 12);
    t.check('garbage arrives and the socket stays open', ws.closed === null);
    t.check('some garbage is not JSON at all', ws.frames.some((f) => f.json === null));
    ws.close();
  },

  // Eviction: the channel is gone (HEAD 404) and its socket is closed.
  async channel_eviction(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    t.check('evict fault', (await sim.fault('evict', { channelId: ch.id })).status === 200);
    await ws.waitFor('close', () => ws.closed);
    t.check('HEAD on the evicted channel is 404', (await sim.api('HEAD', `/api/v2/notifications/channels/${ch.id}`)).status === 404);
    const refused = new recorder(ch.connectUri);
    let status = 0;
    try { await refused.opened; } catch (e) { status = e.status; }
    t.check('connecting to an evicted channel is refused (401)', status === 401, status);
  },

  // A stream gap: snapshots during it are lost to the socket but the details query has them.
  async stream_gap(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    await ws.waitFor('events', () => ws.events().length > 0);
    const gapStart = (await sim.status()).simNow;
    await sim.fault('gap', { seconds: '600' });
    const seenAtStart = ws.events().length;
    await waitUntil('lost snapshots', async () => (await sim.status()).counters.lostInGap > 50);
    const during = ws.events().slice(seenAtStart).filter((f) => snapshotTime(f.json.eventBody) > gapStart + 1000);
    t.check('no snapshot from inside the gap reached the socket', during.length === 0, `${during.length} leaked`);
    const status = await sim.status();
    const q = await sim.api('POST', '/api/v2/analytics/conversations/details/query', {
      interval: `${new Date(gapStart).toISOString()}/${new Date(status.publishedUpTo + 1).toISOString()}`,
      paging: { pageSize: 100, pageNumber: 1 } });
    t.check('the details query has conversations that started in the gap', q.status === 200 && q.json.totalHits > 0, q.text.slice(0, 200));
    ws.close();
  },

  // Duplicates and reordering, reproducible by seed.
  async duplicates_and_reordering(sim, t) {
    const ch = await sim.channel((await sim.queues()).map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    await ws.opened;
    await sim.fault('duplicate', { rate: '0.3' });
    await sim.fault('reorder', { rate: '0.3', horizon: '4' });
    await ws.waitFor('200 events', () => ws.events().length >= 200);
    const texts = ws.events().map((f) => f.text);
    t.check('some snapshots arrive twice', new Set(texts).size < texts.length);
    const times = ws.events().map((f) => snapshotTime(f.json.eventBody));
    let inversions = 0;
    for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) inversions++;
    t.check('some snapshots arrive out of order', inversions > 0);
    const status = await sim.status();
    t.check('counters record them', status.counters.duplicated > 0 && status.counters.reordered > 0, status.counters);
    ws.close();
  },

  // 401 on a revoked token, 429 with Retry-After, slow answers, on real HTTP.
  async http_faults(sim, t) {
    t.check('queues with a token', (await sim.api('GET', '/api/v2/routing/queues')).status === 200);
    await sim.fault('burst_429', { count: '1', retryAfter: '7' });
    const limited = await sim.api('GET', '/api/v2/routing/queues');
    t.check('429 with Retry-After', limited.status === 429 && limited.headers.get('retry-after') === '7' &&
            limited.json.code === 'too.many.requests.retry.after', limited.text);
    await sim.fault('slow', { ms: '300' });
    const t0 = Date.now();
    t.check('slow answer still answers', (await sim.api('GET', '/api/v2/routing/queues')).status === 200);
    t.check('slow answer took at least the delay', Date.now() - t0 >= 300);
    await sim.fault('revoke_tokens');
    const revoked = await sim.api('GET', '/api/v2/routing/queues');
    t.check('401 after revocation, Genesys error body', revoked.status === 401 && revoked.json.status === 401 && typeof revoked.json.message === 'string');
    await sim.login();
    t.check('a new token works', (await sim.api('GET', '/api/v2/routing/queues')).status === 200);
  },

  // The tutorial protocol: token in the URL or a Bearer header, subscription, webchat:* frames.
  async tutorial_stream(sim, t) {
    const token = await sim.login();
    const url = sim.base.replace('http://', 'ws://') + '/api/v2/analytics/events/stream';
    const refused = new recorder(url);
    let status = 0;
    try { await refused.opened; } catch (e) { status = e.status; }
    t.check('no token: 401', status === 401, status);
    const byQuery = new recorder(`${url}?access_token=${token}`);
    await byQuery.opened;
    byQuery.send({ subscription: { eventTypes: ['webchat:connected', 'webchat:disconnected', 'webchat:message'], filter: { channel: 'webchat' } } });
    const byHeader = new recorder(url, { headers: { Authorization: `Bearer ${token}` } });
    await byHeader.opened;
    byHeader.send({ subscription: { eventTypes: ['webchat:connected'] } });
    await byQuery.waitFor('all three event types', () => ['connected', 'message', 'disconnected'].every(
      (k) => byQuery.frames.some((f) => f.json && f.json.eventType === `webchat:${k}`)), 30_000);
    await byHeader.waitFor('frames on the header-authenticated socket', () => byHeader.frames.length > 0);
    const bad = byQuery.frames.filter((f) => !f.json || !/^webchat:(connected|disconnected|message)$/.test(f.json.eventType) ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(f.json.timestamp) || !f.json.data || typeof f.json.data.sessionId !== 'string');
    t.check('every frame is a well-formed webchat event', bad.length === 0, bad.slice(0, 2).map((f) => f.text));
    byQuery.close();
    byHeader.close();
  },
};

async function main() {
  const [binary, name] = process.argv.slice(2);
  const run = cases[name];
  if (!run) { console.log(`unknown case ${name}; known: ${Object.keys(cases).join(', ')}`); process.exit(2); }
  const t = new results();
  const sim = await startSimulator(binary, FAST);
  const deadline = setTimeout(() => { console.log('FAIL timed out'); sim.stop(); process.exit(1); }, 90_000);
  try {
    await run(sim, t);
  } catch (e) {
    t.check(`${name} ran to the end`, false, e.stack || String(e));
  } finally {
    clearTimeout(deadline);
    sim.stop();
  }
  t.finish();
}

main();
