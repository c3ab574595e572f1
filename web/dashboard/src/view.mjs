// Which view the URL asks for. Pure, no DOM:
//   /                         every queue together, the queue table
//   /?queue=<id>              one queue's tiles and charts
//   /?wall[&queues=a,b][&cycle=10][&theme=light]
//                             wallboard: large type, no controls; the tiles cycle through
//                             Total and the chosen queues (ids or names; all when omitted)
export const DEFAULT_CYCLE_SECONDS = 10;

export function parseView(search) {
  const q = new URLSearchParams(search);
  const list = (q.get('queues') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const cycle = Number(q.get('cycle'));
  const theme = q.get('theme');
  return {
    mode: q.has('wall') ? 'wall' : q.get('queue') ? 'queue' : 'overview',
    queueId: q.get('queue') || null,
    wallQueues: list,
    cycleMs: (Number.isFinite(cycle) && cycle >= 3 ? cycle : DEFAULT_CYCLE_SECONDS) * 1000,
    theme: theme === 'light' || theme === 'dark' ? theme : null,
  };
}

export function queueHref(queueId) {
  return `?queue=${encodeURIComponent(queueId)}`;
}

// The queues a wallboard follows: those named (by id or name, in the order given) or all.
export function followedQueues(queues, wanted) {
  if (!wanted.length) return queues;
  const out = [];
  for (const w of wanted) {
    const needle = w.toLowerCase();
    const q = queues.find((x) => String(x.queueId) === w) ?? queues.find((x) => String(x.queueName ?? '').toLowerCase() === needle);
    if (q && !out.includes(q)) out.push(q);
  }
  return out;
}

// What a wallboard shows at step `step`: Total (null) first, then each followed queue.
export function wallFocus(followed, step) {
  const n = followed.length + 1;
  const i = ((step % n) + n) % n;
  return { index: i, of: n, queue: i === 0 ? null : followed[i - 1] };
}

// Pages of `perPage` rows, and the page shown at `step`.
export function pageAt(rows, perPage, step) {
  const size = Math.max(1, perPage);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = ((step % pages) + pages) % pages;
  return { rows: rows.slice(page * size, (page + 1) * size), page, pages };
}
