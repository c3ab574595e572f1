// Ground truth end to end: a client records every snapshot the simulator publishes (and every
// tutorial-protocol frame), computes the metrics itself, and compares them with /sim/expected.
//   node ground_truth_test.cjs BINARY
'use strict';
const { startSimulator, recorder, waitUntil, snapshotTime, results } = require('./harness.cjs');

const MINUTE = 60_000;

function nearestRank(values, p) {
  const v = [...values].sort((a, b) => a - b);
  const rank = Math.min(v.length, Math.max(1, Math.ceil((p / 100) * v.length)));
  return v[rank - 1];
}

// Facts first seen in the snapshots: sessions (customer connected/end) and messages.
function learnFromSnapshots(frames) {
  const sessions = new Map();
  const messages = new Map();
  for (const f of frames) {
    const body = f.json.eventBody;
    const seen = snapshotTime(body);
    const customer = body.participants.find((p) => p.purpose === 'customer');
    if (!customer || customer.type !== 'webmessaging') continue;
    if (!sessions.has(body.id)) sessions.set(body.id, { connected: Date.parse(customer.connectedTime), seen });
    const s = sessions.get(body.id);
    s.acds = body.participants.filter((p) => p.purpose === 'acd').map((p) => [Date.parse(p.startTime), p.queue.id]);
    if (s.end === undefined && customer.endTime) { s.end = Date.parse(customer.endTime); s.endSeen = seen; }
    for (const p of body.participants)
      for (const m of p.messages || [])
        if (!messages.has(m.message.id))
          messages.set(m.message.id, { time: Date.parse(m.messageTime), seen, inbound: p.purpose === 'customer', conversation: body.id });
  }
  return { sessions, messages };
}

// The queue a conversation is in at t: its latest acd participant started by then.
function queueAt(session, t) {
  let q = session.acds[0][1];
  for (const [start, id] of session.acds) if (start <= t) q = id;
  return q;
}

function metricsAt(facts, at, windowMs, queue) {
  let active = 0, total = 0, inbound = 0, outbound = 0;
  const durations = [];
  const inQueue = (s, t) => !queue || queueAt(s, t) === queue;
  for (const s of facts.sessions.values()) {
    if (s.seen > at) continue;
    if (inQueue(s, s.connected)) total++;
    const ended = s.end !== undefined && s.endSeen <= at;
    if (!ended && inQueue(s, at)) active++;
    if (ended && s.end > at - windowMs && s.end <= at && inQueue(s, s.end)) durations.push(s.end - s.connected);
  }
  for (const m of facts.messages.values())
    if (m.seen <= at && m.time > at - windowMs && m.time <= at && inQueue(facts.sessions.get(m.conversation), m.time)) m.inbound ? inbound++ : outbound++;
  const minutes = windowMs / MINUTE;
  return {
    activeSessions: active, totalConnections: total,
    avgSessionDurationMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0,
    messagesPerMinute: (inbound + outbound) / minutes,
    inboundMessagesPerMinute: inbound / minutes, outboundMessagesPerMinute: outbound / minutes,
    sessionsEndedInWindow: durations.length, messagesInWindow: inbound + outbound,
    sessionDurationP50Ms: durations.length ? nearestRank(durations, 50) : null,
    sessionDurationP90Ms: durations.length ? nearestRank(durations, 90) : null,
    sessionDurationP99Ms: durations.length ? nearestRank(durations, 99) : null,
  };
}

function same(a, b) {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
}

async function main() {
  const binary = process.argv[2];
  const t = new results();
  const sim = await startSimulator(binary, ['--paused', '--speed', '600', '--rate', '60', '--duration', '20m', '--seed', '21', '--no-auth-stream']);
  const deadline = setTimeout(() => { console.log('FAIL timed out'); sim.stop(); process.exit(1); }, 120_000);
  try {
    const queues = await sim.queues();
    const ch = await sim.channel(queues.map((q) => q.id));
    const ws = new recorder(ch.connectUri);
    const tutorial = new recorder(sim.base.replace('http://', 'ws://') + '/api/v2/analytics/events/stream');
    await ws.opened;
    await tutorial.opened;
    tutorial.send({ subscription: { eventTypes: ['webchat:connected', 'webchat:disconnected', 'webchat:message'] } });
    await waitUntil('both sockets attached and subscribed', async () => {
      const s = await sim.status();
      return s.channelSockets === 1 && s.tutorialSubscribers === 1;
    });
    await sim.request('POST', '/sim/resume');
    const done = await waitUntil('the workload to finish and every frame to arrive', async () => {
      const s = await sim.status();
      return s.finished && ws.events().length === s.counters.framesSent && tutorial.frames.length === s.counters.tutorialSent ? s : null;
    }, 100_000);
    t.check('frames were published', done.counters.framesSent > 1000, done.counters);
    const facts = learnFromSnapshots(ws.events());
    const checkpoints = [];
    for (let at = done.start + 2 * MINUTE; at <= done.end; at += 3 * MINUTE + 7_123) checkpoints.push(at);
    let mismatches = [];
    for (const at of checkpoints) {
      for (const windowS of [60, 300]) {
        for (const queue of [null, queues[1].id]) {
          const q = `/sim/expected?at=${at}&window=${windowS}${queue ? `&queueId=${queue}` : ''}`;
          const expected = (await sim.request('GET', q)).json;
          const mine = metricsAt(facts, at, windowS * 1000, queue);
          for (const [k, v] of Object.entries(mine))
            if (!same(v, expected[k])) mismatches.push(`${q} ${k}: mine ${v}, simulator ${expected[k]}`);
        }
      }
    }
    t.check(`expected metrics match the recomputation at ${checkpoints.length * 4} points`, mismatches.length === 0, mismatches.slice(0, 5).join('\n'));
    const last = (await sim.request('GET', '/sim/expected')).json;
    t.check('without at: the time of the last published event', last.at === done.lastPublished, [last.at, done.lastPublished]);

    // The tutorial stream carries the same sessions and messages.
    const tutorialSessions = new Set(tutorial.frames.filter((f) => f.json.eventType === 'webchat:connected').map((f) => f.json.data.sessionId));
    const tutorialMessages = tutorial.frames.filter((f) => f.json.eventType === 'webchat:message').length;
    t.check('tutorial stream: same sessions', tutorialSessions.size === facts.sessions.size && [...facts.sessions.keys()].every((id) => tutorialSessions.has(id)),
            [tutorialSessions.size, facts.sessions.size]);
    t.check('tutorial stream: same message count', tutorialMessages === facts.messages.size, [tutorialMessages, facts.messages.size]);
    const final = metricsAt(facts, done.end, 60_000, null);
    t.check('sanity: sessions ended and messages flowed', facts.sessions.size > 100 && final.totalConnections === facts.sessions.size);
    ws.close();
    tutorial.close();
  } catch (e) {
    t.check('ground truth test ran to the end', false, e.stack || String(e));
  } finally {
    clearTimeout(deadline);
    sim.stop();
  }
  t.finish();
}

main();
