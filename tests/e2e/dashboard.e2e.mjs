#!/usr/bin/env node
// Browser test of the live dashboard at `/`: starts the service (and an upstream such as the
// simulator, when given), opens the page in headless chromium and checks, with the source
// connected and again after the upstream is killed, at 1920x1080, 1366x768, 768x1024 and
// 390x844: no horizontal overflow, no text under 12 px, the wallboard fits without scrolling,
// queue names and the contact-centre columns, sorting and filtering, the per-queue view, the
// wallboard's cycle, threshold colours (when the server has Metrics.levels), the lost source
// told in words with frozen figures and a gap on the charts, the service going away and
// coming back, GraphiQL's icon and link back, and no console error throughout.
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
import { VIEWPORTS, contrasts, measure, resize } from './lib/layout.mjs';

// The Genesys Cloud source's own staleness limit: it hears a heartbeat every 30 s, so a lost
// source must be told in words within that.
const SOURCE_STALE_LIMIT_MS = 30_000;
const NEW_COLUMNS = ['Waiting', 'Longest wait', 'Offered', 'Answered', 'Abandoned', 'Abandon rate', 'Service level', 'ASA', 'First response', 'Handle'];

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
const shots = [];
let browser;

const wait = (page, fn, arg, timeout = 30_000) => page.waitForFunction(fn, arg, { timeout, polling: 250 });
async function shot(page, name, fullPage = false) {
  const path = join(artifacts, `dashboard-${name}.png`);
  await page.screenshot({ path, fullPage });
  shots.push(path);
}

async function graphql(base, query) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()).data;
}

// Every size: no sideways scrolling, no text under 12 px; a screenshot of each.
async function checkSizes(page, phase) {
  for (const vp of VIEWPORTS) {
    await resize(page, vp);
    await result.step(`${phase}, ${vp.name}: no horizontal overflow, no text under 12 px`, async () => {
      const m = await measure(page);
      if (m.overflowX > 0) throw new Error(`the page scrolls sideways by ${m.overflowX} px`);
      if (m.smallestText.size < 12) throw new Error(`"${m.smallestText.text}" (${m.smallestText.where}) is ${m.smallestText.size} px`);
    });
    if (vp.width === 768) {
      await result.step(`${phase}, ${vp.name}: the queue name stays in view while the table scrolls`, () =>
        page.evaluate(() => {
          const cell = document.querySelector('#queue-table tbody tr[data-queue] > th');
          if (getComputedStyle(cell).position !== 'sticky') throw new Error('the queue name column is not sticky');
        }));
    }
    if (vp.width === 390) {
      await result.step(`${phase}, ${vp.name}: a card per queue`, () =>
        page.evaluate(() => {
          const row = document.querySelector('#queue-table tbody tr[data-queue]');
          if (getComputedStyle(row).display !== 'grid') throw new Error(`queue rows are ${getComputedStyle(row).display}, not cards`);
          const pct = [...document.querySelectorAll('.tile.pct')].map((t) => Math.round(t.getBoundingClientRect().top));
          if (new Set(pct).size !== 1) throw new Error(`percentile tiles on rows ${pct}`);
        }));
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `${phase}-${vp.name}`, true);
  }
}

// The wallboard at 1920x1080: everything visible fits, no scrolling, labels of 20 px or more.
async function checkWall(page, phase) {
  await resize(page, VIEWPORTS[0]);
  await wait(page, () => document.querySelectorAll('#queue-table tr[data-queue]').length > 0);
  await shot(page, `${phase}-wallboard-1920x1080`);
  await result.step(`${phase}, wallboard: fits 1920x1080 without scrolling, text of 20 px or more, no controls`, async () => {
    await wait(page, () => document.querySelectorAll('#queue-table tr[data-queue]').length > 0);
    const m = await measure(page);
    if (m.overflowX > 0 || m.overflowY > 0) throw new Error(`scrolls by ${m.overflowX} x ${m.overflowY} px`);
    if (m.belowTheFold.length) throw new Error(`cut off at the bottom: ${m.belowTheFold.join(', ')}`);
    if (m.smallestText.size < 20) throw new Error(`"${m.smallestText.text}" (${m.smallestText.where}) is ${m.smallestText.size} px`);
    const table = await page.$eval('.queues .table-wrap', (w) => {
      const rows = [...w.querySelectorAll('tr[data-queue]')];
      return {
        clipped: w.scrollWidth - w.clientWidth,
        rows: rows.length,
        cut: rows.filter((tr) => tr.getBoundingClientRect().bottom > w.getBoundingClientRect().bottom + 0.5).length,
      };
    });
    if (table.clipped > 0) throw new Error(`the queue table is cut off by ${table.clipped} px at the right`);
    if (!table.rows || table.cut) throw new Error(`${table.rows} queue rows on the page, ${table.cut} of them cut off`);
    const controls = await page.$$eval('.controls, #queue-filter, .foot', (els) => els.filter((e) => e.getBoundingClientRect().height > 0).length);
    if (controls) throw new Error('controls are shown on the wallboard');
    const oneRow = await page.evaluate(() => {
      const parts = [...document.querySelectorAll('.top > *')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
      return Math.max(...parts.map((r) => r.top)) < Math.min(...parts.map((r) => r.bottom));
    });
    if (!oneRow) throw new Error('the header wraps onto a second row');
  });
}

try {
  let upstreamUrl = '';
  let upstream = null;
  if (opts.upstream.length) {
    upstream = await startListening(fill(opts.upstream), { name: 'upstream' });
    running.push(upstream);
    upstreamUrl = upstream.url;
  }
  const serviceArgv = [...fill(opts.service, upstreamUrl), '--port', '0', '--bind', '127.0.0.1'];
  let service = await startListening(serviceArgv, { name: 'wmpulse' });
  running.push(service);
  const base = service.url;
  console.log(`service at ${base}`);
  const schema = await graphql(base, '{ m: __type(name: "Metrics") { fields { name } } q: __type(name: "QueueMetrics") { fields { name } } s: __type(name: "Subscription") { fields { name } } }');
  const has = (t, f) => Boolean(schema[t]?.fields?.some((x) => x.name === f));
  const hasLevels = has('m', 'levels');
  const hasNames = has('q', 'queueName');
  await result.step('the server pushes the queue table (Subscription.queues)', async () => {
    if (!has('s', 'queues')) throw new Error('Subscription.queues is missing');
  });

  browser = await launch(opts.chromium, VIEWPORTS[1]);
  const { context, page, findings } = browser;
  await page.goto(`${base}/?theme=dark`, { waitUntil: 'load', timeout: 30_000 });

  // Live: pushed numbers arrive and change.
  await result.step('the dashboard goes live', () => page.waitForSelector('body[data-fresh="live"][data-source="live"]', { timeout: 30_000 }));
  const tileText = () =>
    page.$$eval('[data-metric] .num', (els) => Object.fromEntries(els.map((e) => [e.closest('[data-metric]').dataset.metric, e.textContent])));
  const first = await tileText();
  await result.step('the tiles show numbers, durations as m:ss, each with its time base', async () => {
    for (const m of ['activeSessions', 'totalConnections', 'messagesPerMinute']) {
      if (!/^[\d,]+$/.test(first[m] ?? '')) throw new Error(`tile ${m} shows "${first[m]}"`);
    }
    if (!/^(\d+:)?\d+:\d\d$|^—$/.test(first.avgSessionDurationMs ?? '')) throw new Error(`average shows "${first.avgSessionDurationMs}"`);
    const bases = await page.$$eval('.tile:not([hidden]) .base', (els) => els.map((e) => e.textContent));
    if (!bases.length || bases.some((b) => !/^(now|last \d+ (s|min)|(today )?since .*\d\d:\d\d)$/.test(b))) throw new Error(`time bases: ${bases.join(' | ')}`);
    if (!bases.some((b) => /since/.test(b))) throw new Error('no tile says since when it counts');
  });
  await result.step("the tiles' numbers change", () =>
    wait(page, (before) => [...document.querySelectorAll('[data-metric] .num')].some((e) => before[e.closest('[data-metric]').dataset.metric] !== e.textContent), first));

  await result.step('the charts draw, one second a point; "Total", lines told apart by dash, no legend for one line', async () => {
    await wait(page, () => Number(document.getElementById('chart-active').dataset.points) >= 5);
    const legends = await page.$$eval('.chart', (els) => els.map((e) => [...e.querySelectorAll('.u-legend .u-series')].filter((s) => s.offsetParent).map((s) => s.textContent.trim())));
    const messages = legends[1].join(' ');
    if (!/Total/.test(messages) || /\bAll\b/.test(messages)) throw new Error(`messages legend: ${messages}`);
    const keys = await page.$$eval('.chart', (els) => els.map((e) => [e.id, Number(e.dataset.lines), e.querySelector('.u-legend')?.offsetParent != null]));
    for (const [id, lines, legend] of keys) if (legend !== lines > 1) throw new Error(`${id}: ${lines} line(s), legend ${legend ? 'shown' : 'hidden'}`);
  });

  await result.step('the queue table: names and the new columns', async () => {
    await wait(page, () => [...document.querySelectorAll('#queue-table tbody tr[data-queue]')].some((tr) => /\d/.test(tr.textContent)));
    const heads = await page.$$eval('#queue-table thead th', (els) => els.map((e) => e.textContent.replace(/[▲▼]/g, '').trim()));
    const missing = NEW_COLUMNS.filter((c) => !heads.includes(c));
    if (missing.length) throw new Error(`columns missing: ${missing.join(', ')} (have ${heads.join(', ')})`);
    const shown = await page.$$eval('#queue-table tbody tr[data-queue]', (rows) => rows.map((r) => [r.dataset.queue, r.cells[0].textContent]));
    if (hasNames) {
      const server = (await graphql(base, '{ queues { queueId queueName } }')).queues;
      const byId = Object.fromEntries(server.map((q) => [q.queueId, q.queueName ?? q.queueId]));
      const wrong = shown.filter(([id, name]) => byId[id] !== name);
      if (wrong.length) throw new Error(`names differ from the server: ${JSON.stringify(wrong)}`);
    } else {
      console.log('note: QueueMetrics.queueName is not in this schema yet; rows show ids');
      if (shown.some(([id, name]) => name !== id)) throw new Error('rows show something other than the id');
    }
    const names = shown.map(([, n]) => n);
    const sorted = [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }));
    if (names.join('|') !== sorted.join('|')) throw new Error(`not by name: ${names.join(', ')}`);
  });

  await result.step('the queue table is pushed, not polled', async () => {
    const via = await page.getAttribute('body', 'data-queues-via');
    if (via !== 'subscription') throw new Error(`queues followed by ${via}`);
  });
  await result.step('the theme toggle switches to light and back, charts redrawn', async () => {
    await page.click('#theme-toggle');
    await page.waitForSelector('html[data-theme="light"]');
    await wait(page, () => Number(document.getElementById('chart-active').dataset.points) > 0);
    await page.click('#theme-toggle');
    await page.waitForSelector('html[data-theme="dark"]');
  });
  await result.step('the queue table sorts by a column and filters by name', async () => {
    await page.click('#queue-table thead th[data-col="offered"] button');
    await wait(page, () => document.querySelector('#queue-table th[data-col="offered"]').getAttribute('aria-sort') === 'descending');
    const col = await page.$$eval('#queue-table tbody tr[data-queue] td[data-col="offered"]', (tds) => tds.map((td) => Number(td.textContent.replace(/\D/g, '') || -1)));
    if (col.some((v, i) => i > 0 && v > col[i - 1])) throw new Error(`offered not descending: ${col}`);
    await page.click('#queue-table thead th[data-col="name"] button');
    const firstName = await page.$eval('#queue-table tbody tr[data-queue] > th', (th) => th.textContent);
    await page.fill('#queue-filter', firstName);
    await wait(page, (n) => [...document.querySelectorAll('#queue-table tbody tr[data-queue]')].every((tr) => tr.cells[0].textContent.includes(n)), firstName);
    await page.fill('#queue-filter', '');
  });

  await result.step(hasLevels ? 'tiles and queue cells are coloured by the server\'s levels' : 'levels: not in this schema yet, cells carry no level', async () => {
    const cells = await page.$$eval('[data-level]', (els) => els.map((e) => ({ level: e.dataset.level, bg: getComputedStyle(e).backgroundColor })));
    if (!hasLevels) {
      if (cells.length) throw new Error(`${cells.length} elements carry a level the server does not give`);
      return;
    }
    if (!cells.length) throw new Error('Metrics.levels exists but no tile or cell carries a level');
    const colour = Object.fromEntries(['ok', 'warn', 'alert'].map((l) => [l, new Set(cells.filter((c) => c.level === l).map((c) => c.bg))]));
    for (const l of ['warn', 'alert']) {
      for (const bg of colour[l]) if (colour.ok.has(bg)) throw new Error(`${l} is coloured like ok (${bg})`);
    }
    console.log(`levels seen: ${['ok', 'warn', 'alert'].map((l) => `${l} ${cells.filter((c) => c.level === l).length}`).join(', ')}`);
  });

  await checkSizes(page, 'connected-dark');

  // The per-queue view: that queue's tiles and charts, from history(queueId:).
  await resize(page, VIEWPORTS[1]);
  const queueId = await page.$eval('#queue-table tbody tr[data-queue]', (tr) => tr.dataset.queue);
  await page.click(`#queue-table tbody tr[data-queue="${queueId}"] a`);
  await result.step('the per-queue view shows that queue, its tiles and its charts', async () => {
    await page.waitForURL((u) => u.searchParams.get('queue') === queueId, { timeout: 10_000 });
    await page.waitForSelector('body[data-source="live"]', { timeout: 30_000 });
    await wait(page, () => /^Queue /.test(document.getElementById('view-title').textContent) && /\d/.test(document.querySelector('[data-metric="activeSessions"] .num').textContent));
    await wait(page, () => Number(document.getElementById('chart-active').dataset.points) >= 2);
  });
  await shot(page, 'connected-queue-view');

  // The wallboard: a second tab, cycling fast; the first one rests meanwhile.
  await page.goto('about:blank');
  const wall = await context.newPage();
  await resize(wall, VIEWPORTS[0]);
  await wall.goto(`${base}/?wall&cycle=3&theme=light`, { waitUntil: 'load' });
  await result.step('the wallboard goes live', () => wall.waitForSelector('body[data-view="wall"][data-source="live"]', { timeout: 30_000 }));
  await result.step('the wallboard cycles through Total and the queues', async () => {
    const title = await wall.textContent('#view-title');
    await wait(wall, (t) => document.getElementById('view-title').textContent !== t, title, 10_000);
    const step = await wall.textContent('#view-step');
    if (!/^ · \d+ of \d+$/.test(step)) throw new Error(`step shows "${step}"`);
  });
  await checkWall(wall, 'connected-light');
  await wall.goto(`${base}/?wall&cycle=3&theme=dark`, { waitUntil: 'load' });
  await wall.waitForSelector('html[data-theme="dark"] body[data-source="live"]', { timeout: 30_000 });
  await checkWall(wall, 'connected-dark');
  result.checkFindings('while connected', findings);

  // The source is killed: the page says so in words, freezes the figures, marks the gap.
  await page.goto(`${base}/?theme=light`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-theme="light"] body[data-source="live"]', { timeout: 30_000 });
  await wait(page, () => Number(document.getElementById('chart-active').dataset.points) >= 3);
  if (upstream) {
    const killedAt = Date.now();
    upstream.child.kill('SIGKILL');
    await result.step('the lost source is told in words within its staleness limit', async () => {
      await page.waitForSelector('body[data-source="lost"] #stale-banner:not([hidden])', { timeout: SOURCE_STALE_LIMIT_MS });
      await wait(page, () => /^No data from Genesys Cloud for \d+ (s|min) — figures as of \d\d:\d\d:\d\d\.$/.test(document.querySelector('.banner-text').textContent));
      console.log(`told after ${Date.now() - killedAt} ms: ${await page.textContent('.banner-text')}`);
      const live = await page.textContent('[data-status="source"]');
      if (!/no data/.test(live)) throw new Error(`status line says "${live}"`);
    });
    await result.step('the raw error is behind the details toggle, failed attempts counted there', async () => {
      const text = await page.textContent('.banner-text');
      const raw = await page.textContent('.banner-raw');
      if (!/state (reconnecting|connecting)/.test(raw)) throw new Error(`details: "${raw}"`);
      if (raw.includes('last error') && text.includes(raw.split('last error: ')[1])) throw new Error('the raw error is in the sentence');
      if (!/failed connection attempts/.test(raw)) throw new Error(`no failed attempts in "${raw}"`);
      if (await page.isVisible('.banner-raw')) throw new Error('details open by default');
    });
    await result.step('the figures stay frozen and the charts mark the gap', async () => {
      const frozen = await tileText();
      const sentence = await page.textContent('.banner-text');
      await wait(page, (s) => document.querySelector('.banner-text').textContent !== s, sentence); // time moves on
      await wait(page, () => Number(document.getElementById('chart-active').dataset.gaps) >= 2);
      const later = await tileText();
      const moved = Object.keys(frozen).filter((k) => frozen[k] !== later[k]);
      if (moved.length) throw new Error(`tiles changed while the source is lost: ${moved.join(', ')}`);
    });
    await result.step('frozen figures keep text contrast of 4.5:1 or more, in both themes', async () => {
      await wall.waitForSelector('body[data-source="lost"]', { timeout: 10_000 });
      for (const [theme, p] of [['light', page], ['dark', wall]]) {
        const low = (await contrasts(p, '.tile h3, .tile .num, .tile .base, #queue-table thead th, #queue-table tbody th, #queue-table tbody td, .banner-text, .status > span'))
          .filter((c) => c.ratio < 4.5 || c.opacity < 1);
        if (low.length) throw new Error(`${theme}: ${low.slice(0, 5).map((c) => `"${c.text}" ${c.ratio.toFixed(2)}:1 opacity ${c.opacity}`).join('; ')}`);
      }
    });
    await checkSizes(page, 'source-lost-light');
    await checkWall(wall, 'source-lost-dark');
    result.checkFindings('with the source lost', findings);
  }

  // The service goes away: the page says so; it returns, the page follows.
  await resize(page, VIEWPORTS[1]);
  const port = new URL(base).port;
  await stop(service.child);
  running.splice(running.indexOf(service), 1);
  await result.step('the page says so when the service is gone', () =>
    page.waitForSelector('body[data-fresh="stale"] #stale-banner:not([hidden])', { timeout: 30_000 }));
  await shot(page, 'service-gone');
  const portArgv = serviceArgv.slice(0, -4).concat(['--port', port, '--bind', '127.0.0.1']);
  service = await startListening(portArgv, { name: 'wmpulse (restarted)' });
  running.push(service);
  await result.step('the page reconnects by itself, and counts the reconnect', async () => {
    await page.waitForSelector('body[data-fresh="live"]', { timeout: 60_000 });
    await wait(page, () => /[1-9]\d* dashboard/.test(document.querySelector('[data-status="reconnects"]').textContent));
  });
  // While the service was down chromium logs the refused WebSocket connections; nothing else.
  result.checkFindings('across the restart', findings, /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/graphql' failed/);

  await page.goto(`${base}/graphql`, { waitUntil: 'load' });
  await result.step('GraphiQL has an icon and a link back to the dashboard', async () => {
    await page.waitForSelector('#back-to-dashboard', { timeout: 30_000 });
    const href = await page.$eval('#back-to-dashboard', (a) => a.getAttribute('href'));
    if (href !== '/') throw new Error(`the link goes to ${href}`);
    const icon = await page.$eval('link[rel="icon"]', (l) => l.href);
    if (!icon.startsWith('data:image/svg+xml')) throw new Error(`icon ${icon}`);
  });
  result.checkFindings('on GraphiQL', findings);
  console.log(`screenshots:\n  ${shots.join('\n  ')}`);
} catch (err) {
  result.fail('unexpected error', err);
  for (const r of running) console.log(r.output());
} finally {
  if (browser) await browser.close();
  for (const r of running.reverse()) await stop(r.child);
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(result.report());
