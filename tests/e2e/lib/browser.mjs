// Debian's chromium under playwright-core, headless, with a fresh profile, and guards that
// record every console error, page error, failed request and any request that would leave
// loopback (such requests are aborted, so nothing leaves the machine even when a test fails).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return LOOPBACK.has(u.hostname);
  } catch {
    return false;
  }
}

export async function launch(executablePath, viewport) {
  const profile = mkdtempSync(join(tmpdir(), 'wmpulse-e2e-profile-'));
  // A persistent context is how playwright takes an explicit --user-data-dir: a fresh one.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
  });
  const findings = { consoleErrors: [], pageErrors: [], failedRequests: [], offLoopback: [], requests: [], sockets: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    findings.offLoopback.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => findings.requests.push(r.url()));
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') findings.consoleErrors.push(`${m.text()} (${m.location().url ?? ''})`);
    });
    page.on('pageerror', (e) => findings.pageErrors.push(String(e?.stack ?? e)));
    page.on('requestfailed', (r) => findings.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && findings.failedRequests.push(`${r.url()}: HTTP ${r.status()}`));
    page.on('websocket', (ws) => {
      findings.sockets.push(ws.url());
      if (!isLoopback(ws.url())) findings.offLoopback.push(ws.url());
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, findings, close };
}
