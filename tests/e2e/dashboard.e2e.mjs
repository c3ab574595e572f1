#!/usr/bin/env node
// Browser test of the live dashboard at `/`: starts the service (and an upstream such as the
// simulator, when given), opens the page in headless chromium, and checks that the tiles'
// numbers change, the charts draw, the queue table fills, the page says when its data is
// stale and comes back by itself, with no console error and no request leaving loopback.
// Screenshots go to --artifacts.
//
//   node dashboard.e2e.mjs --artifacts DIR [--chromium PATH]
//        [--upstream BIN ARGS…] --service BIN ARGS…
// The service gets `--port 0 --bind 127.0.0.1` appended; `{upstream}` in its arguments is
// replaced by the URL the upstream printed, and `{tmp}` in either command line by a fresh
// directory for this run (e.g. for a test CA). Exit 0 = pass, 1 = fail, 77 = skipped.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from './lib/browser.mjs';
import { startListening, stop } from './lib/process.mjs';
import { checks, parseArgs } from './lib/checks.mjs';

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(opts.chromium)) {
  console.log(`SKIPPED: no chromium at ${opts.chromium} (scripts/install-deps --with-test-tools installs it)`);
  process.exit(77);
}
const artifacts = resolve(opts.artifacts);
mkdirSync(artifacts, { recursive: true });

const scratch = mkdtempSync(join(tmpdir(), 'wmpulse-e2e-'));
const fill = (args, upstreamUrl = '') => args.map((a) => a.replaceAll('{tmp}', scratch).replaceAll('{upstream}', upstreamUrl));
const running = [];
const result = checks();
let browser;
try {
  let upstreamUrl = '';
  if (opts.upstream.length) {
    const up = await startListening(fill(opts.upstream), { name: 'upstream' });
    running.push(up);
    upstreamUrl = up.url;
  }
  const serviceArgv = [...fill(opts.service, upstreamUrl), '--port', '0', '--bind', '127.0.0.1'];
  let service = await startListening(serviceArgv, { name: 'wmpulse' });
  running.push(service);
  const base = service.url;
  console.log(`service at ${base}`);

  browser = await launch(opts.chromium, { width: 1440, height: 900 });
  const { page, findings } = browser;
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: 30_000 });

  // Live: pushed numbers arrive and change.
  await result.step('the dashboard goes live', () => page.waitForSelector('body[data-fresh="live"]', { timeout: 30_000 }));
  const tileText = () =>
    page.$$eval('[data-metric].tile .num, [data-metric] > .num', (els) =>
      Object.fromEntries(els.map((e) => [e.closest('[data-metric]').dataset.metric, e.textContent])));
  const first = await tileText();
  await result.step('the four tutorial tiles show numbers', async () => {
    for (const m of ['activeSessions', 'totalConnections', 'messagesPerMinute']) {
      if (!/\d/.test(first[m] ?? '')) throw new Error(`tile ${m} shows "${first[m]}"`);
    }
    // The average has no value (a dash) until a session has ended in the window.
    if (!/\d|^—$/.test(first.avgSessionDurationMs ?? '')) throw new Error(`average shows "${first.avgSessionDurationMs}"`);
  });
  await result.step("the tiles' numbers change", () =>
    page.waitForFunction(
      (before) =>
        [...document.querySelectorAll('[data-metric] .num')].some(
          (e) => before[e.closest('[data-metric]').dataset.metric] !== e.textContent),
      first,
      { timeout: 30_000, polling: 200 },
    ));

  // Charts: points in the series and the series' colour on the canvas.
  for (const [id, rgb] of [['chart-active', [76, 201, 240]], ['chart-messages', [247, 179, 43]]]) {
    await result.step(`chart ${id} draws its line`, () =>
      page.waitForFunction(
        ([chartId, [r, g, b]]) => {
          const el = document.getElementById(chartId);
          if (Number(el?.dataset.points ?? 0) < 2) return false;
          const canvas = el.querySelector('canvas');
          const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let hits = 0;
          for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3] > 200 && Math.abs(px[i] - r) < 24 && Math.abs(px[i + 1] - g) < 24 && Math.abs(px[i + 2] - b) < 24) hits += 1;
          }
          return hits >= 40;
        },
        [id, rgb],
        { timeout: 30_000, polling: 250 },
      ));
  }

  await result.step('the queue table fills', () =>
    page.waitForFunction(
      () => [...document.querySelectorAll('#queue-table tbody tr[data-queue]')].some((tr) => /\d/.test(tr.cells[1]?.textContent ?? '')),
      null,
      { timeout: 30_000, polling: 250 },
    ));
  await result.step('the status bar names the source and shows the data age', () =>
    page.waitForFunction(
      () => {
        const text = (name) => document.querySelector(`[data-status="${name}"]`)?.textContent ?? '';
        return /[a-z]/i.test(text('source')) && /\d/.test(text('age')) && /\d/.test(text('events'));
      },
      null,
      { timeout: 30_000, polling: 250 },
    ));

  // A few seconds of line make a screenshot worth looking at; one point arrives each second.
  await result.step('the charts grow by a point each second', () =>
    page.waitForFunction(() => Number(document.getElementById('chart-active').dataset.points) >= 8, null, {
      timeout: 30_000,
      polling: 250,
    }));
  await page.screenshot({ path: join(artifacts, 'dashboard-laptop.png'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForFunction(() => document.querySelector('#chart-active canvas')?.clientWidth > 700, null, { timeout: 10_000 });
  await page.screenshot({ path: join(artifacts, 'dashboard-wall.png') });
  result.checkFindings('while live', findings);

  // Stale and back: the service goes away, the page says so; it returns, the page follows.
  const port = new URL(base).port;
  await stop(service.child);
  running.splice(running.indexOf(service), 1);
  await result.step('the page shows stale data when the service is gone', async () => {
    await page.waitForSelector('body[data-fresh="stale"] #stale-banner:not([hidden])', { timeout: 30_000 });
  });
  await page.screenshot({ path: join(artifacts, 'dashboard-stale.png') });
  const portArgv = serviceArgv.slice(0, -4).concat(['--port', port, '--bind', '127.0.0.1']);
  service = await startListening(portArgv, { name: 'wmpulse (restarted)' });
  running.push(service);
  await result.step('the page reconnects by itself and goes live again', () =>
    page.waitForSelector('body[data-fresh="live"] #stale-banner[hidden]', { state: 'attached', timeout: 60_000 }));
  await result.step('the reconnect is counted', async () => {
    const text = await page.textContent('[data-status="reconnects"]');
    if (!/[1-9]\d* dashboard/.test(text)) throw new Error(`reconnects shows "${text}"`);
  });
  // While the service was down chromium logs the refused WebSocket connections; nothing else.
  result.checkFindings('across the restart', findings, /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/graphql' failed/);
  console.log(`screenshots: ${['laptop', 'wall', 'stale'].map((n) => join(artifacts, `dashboard-${n}.png`)).join(' ')}`);
} catch (err) {
  result.fail('unexpected error', err);
  for (const r of running) console.log(r.output());
} finally {
  if (browser) await browser.close();
  for (const r of running.reverse()) await stop(r.child);
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(result.report());
