// The official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2, pinned) against
// wmpulse-sim over HTTPS/WSS with the simulator's test CA, verification on:
// loginClientCredentialsGrant, RoutingApi, NotificationsApi, AnalyticsApi, then a plain `ws`
// client on the channel's connectUri (heartbeat, pong, conversation events).
// Usage: node sdk_test.cjs /path/to/wmpulse-sim
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const DEADLINE_MS = 60_000;
const results = { passed: 0, failed: 0 };

function check(name, ok, detail) {
  if (ok) results.passed++;
  else results.failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? ` — ${detail}` : ''}`);
}

// Starts the simulator and resolves with its port once it prints the listening line.
function startSimulator(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start')), 20_000);
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (!m) return reject(new Error(`unexpected first line: ${line}`));
      resolve({ child, port: Number(m[1]) });
    });
  });
}

// Runs this script again with NODE_EXTRA_CA_CERTS (read only at process start) set to the CA.
function runChild(port, caFile) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, '--child', String(port), caFile], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, HOME: path.dirname(caFile) },
    });
    child.on('exit', (code) => resolve(code));
  });
}

async function parent(binary) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmpulse-sdk-'));
  const caFile = path.join(dir, 'ca.pem');
  const sim = await startSimulator(binary, ['--port', '0', '--tls', '--ca-out', caFile, '--speed', '60',
    '--rate', '120', '--heartbeat-ms', '300', '--seed', '11', '--log-level', 'warn']);
  try {
    const code = await runChild(sim.port, caFile);
    process.exitCode = code;
  } finally {
    sim.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isIso(s) {
  return typeof s === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s);
}

function checkConversationEvent(event, topics) {
  const body = event.eventBody || {};
  const participants = Array.isArray(body.participants) ? body.participants : [];
  const customer = participants.find((p) => p.purpose === 'customer');
  const shapeProblems = [];
  if (!topics.includes(event.topicName)) shapeProblems.push(`unexpected topic ${event.topicName}`);
  if (event.version !== '2') shapeProblems.push('version');
  if (!event.metadata || typeof event.metadata.CorrelationId !== 'string') shapeProblems.push('metadata.CorrelationId');
  if (typeof body.id !== 'string') shapeProblems.push('eventBody.id');
  if (!customer || !isIso(customer.connectedTime) || !isIso(customer.startTime)) shapeProblems.push('customer times');
  for (const p of participants) {
    if (typeof p.id !== 'string' || p.state !== p.state.toLowerCase()) shapeProblems.push('participant id/state');
    for (const m of p.messages || []) {
      if (!m.message || typeof m.message.id !== 'string' || !isIso(m.messageTime) ||
          !['received', 'sent', 'delivery-success'].includes(m.messageStatus)) shapeProblems.push('message');
    }
  }
  return shapeProblems;
}

async function child(port, caFile) {
  const platformClient = require('purecloud-platform-client-v2');
  const WebSocket = require('ws');
  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'https', port });

  const auth = await client.loginClientCredentialsGrant('wmpulse-sim-client', 'wmpulse-sim-secret');
  check('loginClientCredentialsGrant returns a token', typeof auth.accessToken === 'string' && auth.accessToken.length > 20);

  let badLogin = null;
  try { await client.loginClientCredentialsGrant('wmpulse-sim-client', 'wrong'); } catch (e) { badLogin = e; }
  check('bad credentials are refused', badLogin !== null);
  await client.loginClientCredentialsGrant('wmpulse-sim-client', 'wmpulse-sim-secret');

  const routing = new platformClient.RoutingApi();
  const page1 = await routing.getRoutingQueues({ pageSize: 2, pageNumber: 1 });
  const page2 = await routing.getRoutingQueues({ pageSize: 2, pageNumber: 2 });
  check('RoutingApi.getRoutingQueues pages', page1.total === 3 && page1.pageCount === 2 && page1.entities.length === 2 &&
        page2.entities.length === 1, JSON.stringify(page1).slice(0, 200));
  const queues = [...page1.entities, ...page2.entities];
  const topics = queues.map((q) => `v2.routing.queues.${q.id}.conversations.messages`);

  const notifications = new platformClient.NotificationsApi();
  const channel = await notifications.postNotificationsChannels();
  check('NotificationsApi.postNotificationsChannels', /^wss:\/\/127\.0\.0\.1:\d+\/channels\/streaming-0-/.test(channel.connectUri) &&
        typeof channel.expires === 'string', JSON.stringify(channel));
  const subscribed = await notifications.putNotificationsChannelSubscriptions(channel.id, topics.map((id) => ({ id })));
  check('NotificationsApi.putNotificationsChannelSubscriptions', subscribed.entities.length === 3 &&
        subscribed.entities.every((e) => e.state === 'Permitted'), JSON.stringify(subscribed).slice(0, 200));
  const listed = await notifications.getNotificationsChannelSubscriptions(channel.id);
  check('NotificationsApi.getNotificationsChannelSubscriptions', listed.entities.length === 3);

  // A plain ws client on connectUri: heartbeat, pong, conversation events.
  const ca = fs.readFileSync(caFile);
  const ws = new WebSocket(channel.connectUri, { ca });
  const seen = { heartbeat: false, pong: false, events: [] };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for stream frames')), 20_000);
    ws.on('open', () => ws.send(JSON.stringify({ message: 'ping' })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.topicName === 'channel.metadata' && frame.eventBody.message === 'WebSocket Heartbeat') seen.heartbeat = true;
      else if (frame.topicName === 'channel.metadata' && frame.eventBody.message === 'pong') seen.pong = true;
      else seen.events.push(frame);
      if (seen.heartbeat && seen.pong && seen.events.length >= 20) { clearTimeout(timer); resolve(); }
    });
  });
  ws.close();
  check('heartbeat received', seen.heartbeat);
  check('pong received', seen.pong);
  const problems = seen.events.flatMap((e) => checkConversationEvent(e, topics));
  check('conversation events have the documented shape', seen.events.length >= 20 && problems.length === 0, problems.slice(0, 5).join('; '));

  const analytics = new platformClient.AnalyticsApi();
  const now = new Date();
  const query = {
    interval: `${new Date(now.getTime() - 86_400_000).toISOString()}/${new Date(now.getTime() + 86_400_000).toISOString()}`,
    order: 'asc', orderBy: 'conversationStart',
    segmentFilters: [{ type: 'and', predicates: [
      { type: 'dimension', dimension: 'mediaType', value: 'message' },
      { type: 'dimension', dimension: 'messageType', value: 'webmessaging' }] }],
    paging: { pageSize: 5, pageNumber: 1 },
  };
  // The open conversations first: the simulator's clock runs on, and every conversation open
  // now is still counted by the unfiltered query a moment later.
  const active = await analytics.postAnalyticsConversationsDetailsQuery({ ...query,
    conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }] });
  const details = await analytics.postAnalyticsConversationsDetailsQuery(query);
  const convs = details.conversations || [];
  check('AnalyticsApi.postAnalyticsConversationsDetailsQuery', details.totalHits > 0 && convs.length === 5 &&
        convs.every((c) => c.participants.every((p) => p.sessions.every((s) => s.messageType === 'webmessaging'))),
        JSON.stringify(details).slice(0, 200));
  check('details query conversationEnd notExists', (active.conversations || []).every((c) => !c.conversationEnd) &&
        active.totalHits <= details.totalHits);

  let unauthorized = null;
  client.setAccessToken('not-a-token');
  try { await routing.getRoutingQueues({}); } catch (e) { unauthorized = e; }
  check('a bad token gets 401', unauthorized && unauthorized.status === 401, unauthorized && JSON.stringify(unauthorized).slice(0, 200));

  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed === 0 ? 0 : 1);
}

if (process.argv[2] === '--child') {
  setTimeout(() => { console.log('timed out'); process.exit(1); }, DEADLINE_MS).unref();
  child(Number(process.argv[3]), process.argv[4]).catch((e) => {
    console.log(`FAIL ${e && e.stack ? e.stack : JSON.stringify(e)}`);
    console.log(`${results.passed} passed, ${results.failed + 1} failed`);
    process.exit(1);
  });
} else {
  parent(process.argv[2]).catch((e) => { console.error(e); process.exitCode = 1; });
}
