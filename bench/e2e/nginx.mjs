// nginx-light answering POST /graphql with a fixed body on 127.0.0.1: the HTTP ceiling of this
// machine (same wrk, same connections). Its files live in a temporary folder; stopped by PID.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, pollUntil } from './services.mjs';

const nginxString = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function startNginx(dir, body, workers = 2) {
  const port = await freePort();
  const root = join(dir, 'nginx');
  mkdirSync(join(root, 'logs'), { recursive: true });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(root, t)};`).join(' ');
  writeFileSync(join(root, 'nginx.conf'), `worker_processes ${workers}; pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; ${temp}
  server { listen 127.0.0.1:${port} reuseport;
    location = /graphql { default_type application/json; return 200 ${nginxString(body)}; } } }
`);
  const child = spawn('nginx', ['-c', join(root, 'nginx.conf'), '-p', root, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  await pollUntil('nginx to answer', 10000, 20, async () => {
    if (exited) throw new Error(`nginx exited: ${JSON.stringify(exited)}`);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' });
    return (await res.text()) === body ? true : undefined;
  });
  return {
    port,
    async stop() {
      if (exited) return exited;
      process.kill(child.pid, 'SIGQUIT');
      return pollUntil('nginx to exit', 10000, 20, async () => exited ?? undefined).catch(() => { process.kill(child.pid, 'SIGKILL'); return { signal: 'SIGKILL' }; });
    },
  };
}
