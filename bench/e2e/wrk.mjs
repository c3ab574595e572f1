// Runs wrk POSTing the tutorial query and parses requests/s, p99 latency and errors.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export const TUTORIAL_QUERY = 'query { realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }';

function luaScript(dir) {
  const path = `${dir}/post.lua`;
  const body = JSON.stringify({ query: TUTORIAL_QUERY }).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  writeFileSync(path, `wrk.method = "POST"\nwrk.body = "${body}"\nwrk.headers["Content-Type"] = "application/json"\n`);
  return path;
}

function toMs(value, unit) {
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60000 }[unit];
  return Number(value) * scale;
}

export function parseWrk(text) {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p99 = /\n\s+99%\s+([\d.]+)(us|ms|s|m)\b/.exec(text);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const errors = /Socket errors:([^\n]*)/.exec(text);
  const total = /(\d+) requests in/.exec(text);
  return {
    requestsPerSecond: rps ? Number(rps[1]) : NaN,
    p99Ms: p99 ? toMs(p99[1], p99[2]) : NaN,
    requests: total ? Number(total[1]) : 0,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: errors ? errors[1].trim() : '',
  };
}

export function runWrk({ port, seconds, connections, threads, dir }) {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '--latency',
    '-s', luaScript(dir), `http://127.0.0.1:${port}/graphql`];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ...parseWrk(out), raw: out, command: `wrk ${args.join(' ')}` })
      : reject(new Error(`wrk exited ${code}: ${out}`))));
  });
}
