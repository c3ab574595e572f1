// The dashboard's GraphQL over one graphql-transport-ws socket (the graphql-ws client):
// which documents to send for the schema the server has, and one-shot / live operations.
import { CAPABILITIES_QUERY, schema_view } from './schema.mjs';
import { HISTORY_FIELDS, METRIC_FIELDS, QUEUE_FIELDS, STATUS_FIELDS, read, resolveFields, selection } from './fields.mjs';

export const HISTORY_SECONDS = 15 * 60;

export function graphqlWsUrl(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}

export async function discoverSchema(client) {
  const result = await once(client, CAPABILITIES_QUERY);
  return new schema_view(result);
}

// One part of the dashboard: how to fetch it (query), how to follow it (subscription, when
// the server has one), and how to read an answer.
function part(view, rootField, fieldMap, args = '') {
  const queryType = view.queryType;
  const typeName = queryType && view.typeOf(queryType, rootField);
  if (!typeName) return null;
  const chosen = resolveFields(view, typeName, fieldMap);
  if (Object.keys(chosen).length === 0) return null;
  const sel = selection(chosen);
  const subType = view.subscriptionType;
  const canFollow = subType && view.typeOf(subType, rootField) === typeName;
  return {
    chosen,
    query: `query Dashboard_${rootField} { ${rootField}${args} { ${sel} } }`,
    subscription: canFollow ? `subscription Dashboard_${rootField} { ${rootField}${args} { ${sel} } }` : null,
    read: (data) => {
      const v = data?.[rootField];
      return Array.isArray(v) ? v.map((item) => read(chosen, item)) : v == null ? null : read(chosen, v);
    },
  };
}

// `(queueId: "…")` when a queue is asked for and the field takes it; '' otherwise.
function queueArgs(view, typeName, rootField, queueId) {
  return queueId && view.hasArg(typeName, rootField, 'queueId') ? `(queueId: ${JSON.stringify(String(queueId))})` : '';
}

// The history root field may return the points, or an object holding them in `points`.
function historyPart(view, queueId) {
  const queryType = view.queryType;
  const typeName = queryType && view.typeOf(queryType, 'history');
  if (!typeName) return null;
  const named = ['lastSeconds', 'stepSeconds'].every((a) => view.hasArg(queryType, 'history', a))
    ? [`lastSeconds: ${HISTORY_SECONDS}`, 'stepSeconds: 1']
    : [];
  if (queueId && view.hasArg(queryType, 'history', 'queueId')) named.push(`queueId: ${JSON.stringify(String(queueId))}`);
  const args = named.length ? `(${named.join(', ')})` : '';
  const pointsType = view.field(typeName, 'points') ? view.typeOf(typeName, 'points') : typeName;
  const chosen = resolveFields(view, pointsType, HISTORY_FIELDS);
  if (!chosen.at || !chosen.activeSessions) return null;
  const sel = selection(chosen);
  const wrapped = pointsType !== typeName;
  return {
    chosen,
    query: `query Dashboard_history { history${args} { ${wrapped ? `points { ${sel} }` : sel} } }`,
    read: (data) => {
      const v = wrapped ? data?.history?.points : data?.history;
      return (v ?? []).map((p) => read(chosen, p));
    },
  };
}

// What the dashboard will ask this server for; a missing part is null. With a queueId the
// tiles and charts are that queue's.
export function planFor(view, { queueId = null } = {}) {
  return {
    metrics: part(view, 'realTimeMetrics', METRIC_FIELDS, queueArgs(view, view.queryType, 'realTimeMetrics', queueId)),
    queues: part(view, 'queues', QUEUE_FIELDS),
    status: part(view, 'status', STATUS_FIELDS),
    history: historyPart(view, queueId),
  };
}

// The data of a single-result operation; rejects on GraphQL errors without data.
export function once(client, query) {
  return new Promise((resolve, reject) => {
    let settled = false;
    client.subscribe(
      { query },
      {
        next: (result) => {
          if (settled) return;
          settled = true;
          if (result.data) resolve(result.data);
          else reject(new Error(result.errors?.map((e) => e.message).join('; ') || 'no data'));
        },
        error: (err) => {
          if (!settled) reject(err instanceof Error ? err : new Error(describeError(err)));
          settled = true;
        },
        complete: () => {
          if (!settled) reject(new Error('completed without a result'));
          settled = true;
        },
      },
    );
  });
}

// Calls onData(data) for each result of a subscription; returns the function that stops it.
export function follow(client, query, onData, onError) {
  return client.subscribe(
    { query },
    {
      next: (result) => (result.data ? onData(result.data) : onError(new Error(describeError(result.errors)))),
      error: (err) => onError(err instanceof Error ? err : new Error(describeError(err))),
      complete: () => {},
    },
  );
}

export function describeError(err) {
  if (Array.isArray(err)) return err.map((e) => e?.message ?? String(e)).join('; ');
  if (err && typeof err.code === 'number') return `socket closed (${err.code}${err.reason ? `: ${err.reason}` : ''})`;
  return err?.message ?? String(err);
}
