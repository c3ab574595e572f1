// Test harness for the simulator's Node tests: start build/wmpulse-sim on an ephemeral port,
// call its REST API, and read its WebSockets with bounded waits on conditions (no sleeps).
'use strict';
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const WebSocket = require('ws');

const CLIENT = { id: 'wmpulse-sim-client', secret: 'wmpulse-sim-secret' };

function startSimulator(binary, args) {
  const child = spawn(binary, ['--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start')), 20_000);
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (!m) return reject(new Error(`unexpected first line: ${line}`));
      const base = `http://127.0.0.1:${m[1]}`;
      resolve(new sim_client(child, base));
    });
  });
}

class sim_client {
  constructor(child, base) {
    this.child = child;
    this.base = base;
    this.token = null;
  }
  stop() { this.child.kill('SIGTERM'); }

  async request(method, path, { body, token, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, headers: res.headers, json, text };
  }

  async login() {
    const res = await fetch(`${this.base}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    this.token = (await res.json()).access_token;
    return this.token;
  }

  async api(method, path, body) {
    if (!this.token) await this.login();
    return this.request(method, path, { body, token: this.token });
  }

  status() { return this.request('GET', '/sim/status').then((r) => r.json); }
  fault(type, params = {}) {
    const q = new URLSearchParams({ type, ...params });
    return this.request('POST', `/sim/fault?${q}`);
  }

  async queues() { return (await this.api('GET', '/api/v2/routing/queues?pageSize=100')).json.entities; }

  // A channel subscribed to the given queues' message topics.
  async channel(queueIds) {
    const ch = (await this.api('POST', '/api/v2/notifications/channels')).json;
    const topics = queueIds.map((id) => ({ id: `v2.routing.queues.${id}.conversations.messages` }));
    const sub = await this.api('PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, topics);
    if (sub.status !== 200) throw new Error(`subscribe failed: ${sub.text}`);
    return ch;
  }
}

// A WebSocket that records every frame; waitFor() polls a condition with a deadline.
class recorder {
  constructor(url, options = {}) {
    this.frames = [];
    this.binary = 0;
    this.closed = null;  // {code, reason}
    this.ws = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      this.ws.on('error', reject);
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) { this.binary++; return; }
      const text = data.toString();
      let json = null;
      try { json = JSON.parse(text); } catch { json = null; }
      this.frames.push({ text, json, at: Date.now() });
    });
    this.ws.on('close', (code, reason) => { this.closed = { code, reason: reason.toString() }; });
  }
  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }
  close() { this.ws.close(); }
  events() { return this.frames.filter((f) => f.json && typeof f.json.topicName === 'string' && f.json.topicName.startsWith('v2.routing.')); }
  waitFor(what, predicate, timeoutMs = 15_000) {
    return waitUntil(what, predicate, timeoutMs);
  }
}

async function waitUntil(what, predicate, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));  // poll interval, not a timing assumption
  }
}

// Latest ISO timestamp anywhere in a snapshot: the instant of the change that produced it.
function snapshotTime(body) {
  let latest = 0;
  const visit = (v) => {
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v)) latest = Math.max(latest, Date.parse(v));
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(body);
  return latest;
}

class results {
  constructor() { this.passed = 0; this.failed = 0; }
  check(name, ok, detail) {
    if (ok) this.passed++; else this.failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail !== undefined ? ` — ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
  }
  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 && this.passed > 0 ? 0 : 1);
  }
}

module.exports = { startSimulator, sim_client, recorder, waitUntil, snapshotTime, results, CLIENT };
