// The dashboard's own names for what it shows, each mapped to the server fields that may
// carry it (first existing path wins). `selection` turns the chosen paths into a GraphQL
// selection set; `read` turns a response object back into the dashboard's names.

export const METRIC_FIELDS = {
  activeSessions: ['activeSessions'],
  totalConnections: ['totalConnections'],
  avgSessionDurationMs: ['avgSessionDurationMs'],
  messagesPerMinute: ['messagesPerMinute'],
  inboundPerMinute: ['inboundMessagesPerMinute'],
  outboundPerMinute: ['outboundMessagesPerMinute'],
  sessionsEnded: ['sessionsEndedInWindow'],
  p50Ms: ['sessionDurationP50Ms'],
  p90Ms: ['sessionDurationP90Ms'],
  p99Ms: ['sessionDurationP99Ms'],
  windowMs: ['windowSeconds'],
  takenAt: ['takenAtMs', 'takenAt'],
  countingSince: ['countingSince'],
  // Contact-centre figures (docs/METRICS.md "Queue figures").
  waiting: ['waiting'],
  interacting: ['interacting'],
  longestWaitingMs: ['longestWaitingMs'],
  offered: ['offered'],
  answered: ['answered'],
  abandoned: ['abandoned'],
  abandonRate: ['abandonRate'],
  serviceLevel: ['serviceLevel'],
  averageSpeedOfAnswerMs: ['averageSpeedOfAnswerMs'],
  avgFirstResponseMs: ['avgFirstResponseMs'],
  avgHandleMs: ['avgHandleMs'],
  // Each figure's threshold level (OK | WARN | ALERT), when the server computes them.
  ...Object.fromEntries(
    ['waiting', 'longestWaitingMs', 'serviceLevel', 'abandonRate', 'avgFirstResponseMs'].map((k) => [`level:${k}`, [`levels.${k}`]]),
  ),
};

// Queue and history points carry their metrics in a `metrics` object.
const nested = (map) => Object.fromEntries(Object.entries(map).map(([k, paths]) => [k, paths.map((p) => `metrics.${p}`)]));

export const QUEUE_FIELDS = {
  queueId: ['queueId'],
  queueName: ['queueName', 'name', 'metrics.queueName'],
  ...nested(METRIC_FIELDS),
};

export const STATUS_FIELDS = {
  sourceKind: ['source'],
  state: ['state'],
  lastEventTime: ['lastEventAt'],
  eventsIngested: ['eventsIngested'],
  eventsRejected: ['eventsRejected'],
  reconnects: ['reconnects'],
  failedAttempts: ['failedAttempts'],
  lastFrameAt: ['lastFrameAt'],
  lastError: ['lastError'],
};

export const HISTORY_FIELDS = {
  at: ['atMs', 'at'],
  ...nested({
    activeSessions: METRIC_FIELDS.activeSessions,
    waiting: METRIC_FIELDS.waiting,
    messagesPerMinute: METRIC_FIELDS.messagesPerMinute,
    inboundPerMinute: METRIC_FIELDS.inboundPerMinute,
    outboundPerMinute: METRIC_FIELDS.outboundPerMinute,
  }),
};

// The path of `candidates` that exists under typeName, or null.
function choosePath(view, typeName, candidates) {
  for (const path of candidates) {
    let type = typeName;
    const parts = path.split('.');
    let ok = true;
    for (let i = 0; i < parts.length && ok; i += 1) {
      const f = view.field(type, parts[i]);
      const next = f ? view.typeOf(type, parts[i]) : null;
      const isLeaf = i === parts.length - 1;
      ok = Boolean(f) && (isLeaf ? !view.types.has(next) : view.types.has(next));
      type = next;
    }
    if (ok) return path;
  }
  return null;
}

// { logicalName: path } for the names the type can answer.
export function resolveFields(view, typeName, map) {
  const chosen = {};
  for (const [name, candidates] of Object.entries(map)) {
    const path = choosePath(view, typeName, candidates);
    if (path) chosen[name] = path;
  }
  return chosen;
}

// "a b c { d e }" for the chosen paths.
export function selection(chosen) {
  const tree = {};
  for (const path of Object.values(chosen)) {
    let node = tree;
    for (const part of path.split('.')) node = node[part] ??= {};
  }
  const render = (node) =>
    Object.entries(node)
      .map(([k, sub]) => (Object.keys(sub).length ? `${k} { ${render(sub)} }` : k))
      .join(' ');
  return render(tree);
}

// The response object in the dashboard's names; seconds become milliseconds.
export function read(chosen, object) {
  const out = {};
  for (const [name, path] of Object.entries(chosen)) {
    let v = object;
    for (const part of path.split('.')) v = v == null ? v : v[part];
    if (typeof v === 'number' && /Seconds$/.test(path)) v *= 1000;
    out[name] = v;
  }
  return out;
}
