// Starting, querying and stopping the two services on loopback. Every wait is a bounded poll.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { TUTORIAL_QUERY } from './wrk.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function pollUntil(what, deadlineMs, intervalMs, probe) {
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
}

// A port free right now on 127.0.0.1 (seed-node keeps running without HTTP if its port is taken).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function portIsFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

// The tutorial query's answer, or undefined until the service answers with data.
export async function realTimeMetrics(port) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TUTORIAL_QUERY }),
  });
  if (res.status !== 200) return undefined;
  const body = await res.json();
  return body?.data?.realTimeMetrics ?? undefined;
}

function watch(child, name) {
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  return {
    name,
    pid: child.pid,
    child,
    exited: () => exited,
    async stop() {
      if (exited) return exited;
      process.kill(child.pid, 'SIGTERM');
      try { return await pollUntil(`${name} to exit`, 10000, 20, async () => exited ?? undefined); }
      catch { process.kill(child.pid, 'SIGKILL'); return { code: null, signal: 'SIGKILL' }; }
    },
  };
}

export async function startWmpulse(binary, eventsUrl, extra = []) {
  const args = ['--port', '0', '--bind', '127.0.0.1', '--source', 'tutorial', '--events-url', eventsUrl,
    '--clock', 'event', '--log-level', 'warn', ...extra];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const svc = watch(child, 'wmpulse');
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  svc.port = await pollUntil('wmpulse to print its port', 10000, 10, async () => {
    if (svc.exited()) throw new Error(`wmpulse exited: ${JSON.stringify(svc.exited())}`);
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  });
  svc.command = `${binary} ${args.join(' ')}`;
  return svc;
}

export async function startSeed(dir, eventsUrl) {
  const port = await freePort();
  if (!(await portIsFree(port))) throw new Error(`port ${port} was taken meanwhile`);
  const env = { ...process.env, NO_AUTH: '1', EVENTS_URL: eventsUrl, PORT: String(port) };
  const child = spawn(process.execPath, ['server.mjs'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const svc = watch(child, 'seed-node');
  svc.port = port;
  svc.command = `NO_AUTH=1 EVENTS_URL=${eventsUrl} PORT=${port} node server.mjs   (in ${dir})`;
  return svc;
}

export async function waitReady(svc, source) {
  await pollUntil(`${svc.name} to subscribe`, 15000, 20, async () => {
    if (svc.exited()) throw new Error(`${svc.name} exited: ${JSON.stringify(svc.exited())}`);
    return source.isSubscribed() ? true : undefined;
  });
  return pollUntil(`${svc.name}'s GraphQL to answer with data`, 15000, 20, () => realTimeMetrics(svc.port));
}
