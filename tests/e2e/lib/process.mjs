// Child processes for browser tests: start a binary, read the URL it prints on its first
// "listening on" line (bounded wait), and stop it by its own pid.
import { spawn } from 'node:child_process';

// Starts argv[0] with the rest; resolves to { child, url, output() } once a stdout line says
// "listening on <url>", rejects if it exits or stays silent for timeoutMs.
export function startListening(argv, { timeoutMs = 30_000, name = argv[0] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const output = () => `--- ${name} stdout ---\n${out}\n--- ${name} stderr ---\n${err}`;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} printed no "listening on" line within ${timeoutMs} ms\n${output()}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-20_000);
    });
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-20_000);
      const match = out.match(/listening on (https?:\/\/[^\s)]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1].replace(/\/$/, ''), output });
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not start: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening\n${output()}`));
    });
  });
}

// SIGTERM, then SIGKILL if it has not exited within graceMs; resolves when it is gone.
export function stop(child, graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
