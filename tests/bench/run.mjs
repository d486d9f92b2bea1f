#!/usr/bin/env node
// The benchmark runner (issue 4): Tafel beside its peers in ONE headless Chromium, same data set
// (dataset.mjs), tools interleaved within each repetition, each run in a fresh page. Writes
// tests/bench/results.json and tests/bench/results.md (report.mjs) and prints the Markdown.
//
// Usually started by `bash scripts/bench.sh` (which builds the peer pages and Tafel's dist/ first).
//   node tests/bench/run.mjs [--sizes 1000,10000,100000] [--reps 5] [--timeout 120]
//                            [--only board,gantt,table,peers,sortablejs,tafel,…] [--out tests/bench/results.json]
//
// Peers: the data set is generated and converted to the peer's own format when its page loads; the
// clock starts just before window.benchRender(). Tafel: `/?seed=bench&n=N` seeds its local store
// once per size in one browser context; each measured view is a fresh page of that context, timed
// from navigation start (what a user waits for) and from the `tafel:store-decoded` mark (render only).
import { readFileSync, writeFileSync, readdirSync, existsSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { launchBrowser } from '../e2e/support/browser.mjs';
import { startServer, REPO_ROOT, DIST_DIR } from '../e2e/support/server.mjs';
import { startOpServer } from '../e2e/support/op_server.mjs';
import * as m from './measure.mjs';
import { README_PATH, renderMarkdown, updateReadme } from './report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const VIEWPORT = { width: 1400, height: 800 };
export const SCROLL = { frames: 120, px: 60 };
const FRAPPE_MAX_N = 5000;

// ---- options -------------------------------------------------------------------------------------
const DEFAULT_OUT = join(HERE, 'results.json');

function parseArgs(argv) {
  const o = { sizes: [1000, 10000, 100000], reps: 5, timeoutS: 120, only: null, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--sizes') o.sizes = value().split(',').map((s) => Number(s.replace(/[_k]/g, (c) => (c === 'k' ? '000' : ''))));
    else if (flag === '--reps') o.reps = Number(value());
    else if (flag === '--timeout') o.timeoutS = Number(value());
    else if (flag === '--only') o.only = new Set(value().split(','));
    else if (flag === '--out') o.out = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: node tests/bench/run.mjs [--sizes 1000,10000] [--reps 5] [--timeout 120] [--only board,tafel] [--out FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]} (try --help)`);
  }
  if (!o.sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes: positive whole numbers, comma separated');
  if (!(o.reps >= 1)) throw new Error('--reps: at least 1');
  return o;
}

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

// ---- what is measured ----------------------------------------------------------------------------
// A peer tool names its page in peers/dist; a Tafel tool names its view. `maxN` skips larger sizes.
const SCENARIOS = [
  {
    id: 'board',
    title: 'Board: 5 status columns, one card per work package (subject, #id, type, assignee)',
    tools: [
      { id: 'sortablejs', page: 'sortablejs', pkg: 'sortablejs' },
      { id: 'jkanban', page: 'jkanban', pkg: 'jkanban' },
      { id: 'tafel', view: 'board' },
    ],
  },
  {
    id: 'gantt',
    title: 'Gantt: every work package as a bar, ~0.98·N finish-to-start links, bounded 1400×800 box',
    tools: [
      { id: 'dhtmlx-gantt', page: 'dhtmlx', pkg: 'dhtmlx-gantt' },
      { id: 'svar-react-gantt', page: 'svar', pkg: '@svar-ui/react-gantt', extra: ['react'] },
      { id: 'frappe-gantt', page: 'frappe', pkg: 'frappe-gantt', maxN: FRAPPE_MAX_N },
      { id: 'tafel', view: 'gantt' },
    ],
  },
  {
    id: 'table',
    title: 'Table: one row per work package; the interaction is a click on the Subject header (sort)',
    tools: [{ id: 'tafel', view: 'table' }],
  },
];

// ---- one peer run --------------------------------------------------------------------------------
async function runPeer(env, tool, n) {
  const context = await env.browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
  // Peers' stylesheets name web fonts on CDNs; refuse everything off the loopback server at once so
  // no run waits on this network's refusals.
  await context.route((url) => !url.href.startsWith(env.peers.url), (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(m.benchInitScript);
  try {
    await page.goto(`${env.peers.url}/${tool.page}.html?n=${n}`);
    await page.waitForSelector('html[data-bench-ready], html[data-bench-error]', { state: 'attached', timeout: env.timeoutMs });
    const bootError = await page.getAttribute('html', 'data-bench-error');
    if (bootError) throw new Error(bootError);
    const info = await page.evaluate(() => window.benchInfo);
    // Collect the data-generation garbage now, not during the timed render.
    await m.collectGarbage(page);
    await page.waitForTimeout(100);
    const { settled } = await m.withTimeout(
      (async () => {
        const start = await page.evaluate(m.startRender);
        return page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start });
      })(),
      env.timeoutMs,
      `${tool.id} N=${n}: render did not settle`,
    );
    const sample = { status: 'ok', settled, prepare: info.prepareMs };
    await afterSettle(sample, page, env);
    await phase(sample, 'move', env, () => peerMove(page));
    if (errors.length) sample.pageErrors = errors.slice(0, 3);
    return sample;
  } finally {
    await closeQuietly(context);
  }
}

/**
 * Runs one measuring phase under the timeout and merges its figures into the sample. A failure is
 * kept as `<phase>Error`; after a timeout the page is presumed stuck and later phases are skipped.
 */
async function phase(sample, name, env, fn) {
  if (sample.stuck) return;
  try {
    // At least 30 s: the scroll test alone takes 120 frames.
    Object.assign(sample, await m.withTimeout(fn(), Math.max(env.timeoutMs, 30_000), name));
  } catch (err) {
    sample[`${name}Error`] = err.message.split('\n')[0];
    if (err.timeout) sample.stuck = name;
  }
}

/** DOM size, memory and the scroll test: the same for every tool, once the render has settled. */
async function afterSettle(sample, page, env) {
  await phase(sample, 'measure', env, async () => ({ dom: await page.evaluate(m.domCount), ...(await m.memory(page)) }));
  await phase(sample, 'scroll', env, async () => {
    const scroll = m.scrollFigures(await page.evaluate(m.scrollTest, SCROLL));
    // Let whatever the scroll started (virtualized re-renders) finish before the next step.
    await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
    return scroll;
  });
}

/** The peer move: a Playwright mouse drag (window.benchMove gives where from and to). */
async function peerMove(page) {
  const where = await page.evaluate(() => window.benchMove?.() ?? null);
  if (!where) return {};
  const since = await page.evaluate(() => performance.now());
  const { from, to } = where;
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  const releaseFrom = await page.evaluate(() => performance.now());
  await page.mouse.up();
  await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
  // Native drag-and-drop (sortablejs) reports drag*/drop events; dragula/dhtmlx/SVAR/frappe pointer ones.
  const move = await m.readMove(page, { gestureFrom: since, releaseFrom, pattern: '^(pointer|mouse|click|drag|drop)' });
  return { ...move, moved: await page.evaluate(() => window.benchMoved?.() ?? null) };
}

// ---- Tafel ---------------------------------------------------------------------------------------
/** One browser context per size: seeds project `bench` with N tasks; its IndexedDB stays for the views. */
export async function seedTafel(env, n) {
  const context = await env.browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.addInitScript(m.benchInitScript);
  try {
    await page.goto(`${env.tafel.url}/?seed=bench&n=${n}`);
    await page.waitForSelector('html[data-tafel-seeded], html[data-tafel-seed-error]', {
      state: 'attached',
      timeout: env.seedTimeoutMs,
    });
    const error = await page.getAttribute('html', 'data-tafel-seed-error');
    if (error) throw new Error(`seeding failed: ${error}`);
    const seeded = await page.getAttribute('html', 'data-tafel-seeded');
    if (Number(seeded) !== n) throw new Error(`seeded ${seeded} work packages, asked for ${n}`);
    // From navigation start: the app's `tafel:seeded` mark, else when the attribute was seen.
    const seedMs = await page.evaluate(
      () => performance.getEntriesByName('tafel:seeded', 'mark')[0]?.startTime ?? window.__bench.seededAt ?? performance.now(),
    );
    await page.close();
    return { context, seedMs };
  } catch (err) {
    await closeQuietly(context);
    if (err.name === 'TimeoutError') {
      err.message = `no data-tafel-seeded within ${env.seedTimeoutMs / 1000} s at ${env.tafel.url}/?seed=bench&n=${n}` +
        `${env.tafelSeeds ? '' : ' (this dist/ has no bench seeding: rebuild Tafel)'}`;
    }
    throw err;
  }
}

export async function runTafel(env, tafelContext, tool, n) {
  const page = await tafelContext.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(m.benchInitScript);
  try {
    const { settled } = await m.withTimeout(
      (async () => {
        await page.goto(`${env.tafel.url}/projects/bench/${tool.view}`, { waitUntil: 'commit' });
        await page.waitForSelector('html[data-tafel-ready]', { state: 'attached', timeout: env.timeoutMs });
        // The data path ends with the store-decoded mark; settling is judged after it, so a quiet
        // gap while IndexedDB is read cannot end the measurement early.
        await page.waitForFunction(() => performance.getEntriesByName('tafel:store-decoded').length > 0, null, {
          timeout: env.timeoutMs,
          polling: 20,
        });
        // The view's code is a chunk fetched on demand (src/views/on_demand.rs): a quiet gap while
        // it is on the way must not end the measurement either.
        await page.waitForFunction(() => !document.querySelector('.tafel-loading'), null, {
          timeout: env.timeoutMs,
          polling: 20,
        });
        return page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
      })(),
      env.timeoutMs,
      `tafel ${tool.view} N=${n}: did not settle`,
    );
    const t = await page.evaluate(m.tafelTimings);
    const sample = {
      status: 'ok',
      settledNav: settled,
      settled: settled - t.storeDecoded, // render: from the decoded store to the last mutation
      load: t.storeLoaded,
      parse: t.storeDecoded - t.storeLoaded,
    };
    await afterSettle(sample, page, env);
    if (tool.view === 'board') await phase(sample, 'move', env, () => tafelKeyboardMove(page));
    if (tool.view === 'table') await phase(sample, 'move', env, () => tafelTableSort(page));
    if (tool.view === 'gantt') await phase(sample, 'move', env, () => tafelGanttMove(page));
    if (errors.length) sample.pageErrors = errors.slice(0, 3);
    return sample;
  } finally {
    await page.close().catch(() => {});
  }
}

/** Keyboard move on the board: Space picks the first card of column 1 up, ArrowRight, Enter drops. */
export async function tafelKeyboardMove(page) {
  const card = page.locator('[data-testid="board-column"]').first().locator('[data-card-id]').first();
  const id = await card.getAttribute('data-card-id', { timeout: 60_000 });
  const announcer = page.getByTestId('announcer');
  // Generous: at large N the app may take seconds per step, which is what is being measured.
  const announced = (re) => announcer.filter({ hasText: re }).waitFor({ timeout: 60_000 });
  await card.focus();
  const since = await page.evaluate(() => performance.now());
  await page.keyboard.press('Space');
  await announced(/^Picked up/);
  await page.keyboard.press('ArrowRight');
  await announced(/: column /);
  const releaseFrom = await page.evaluate(() => performance.now());
  await page.keyboard.press('Enter');
  await announced(/^Dropped/);
  await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
  const move = await m.readMove(page, { gestureFrom: since, releaseFrom, pattern: '^key' });
  const moved = (await page.locator('[data-testid="board-column"]').nth(1).locator(`[data-card-id="${id}"]`).count()) > 0;
  return { ...move, moved };
}

/**
 * Moving a Gantt bar by keyboard: ArrowRight on the first bar that is not a parent's, which moves it a
 * day later and its successors with it (the cascade), to the next paint.
 */
export async function tafelGanttMove(page) {
  const bar = page.locator('[data-testid="gantt-bar"]:not(.tafel-gantt__bar--summary):not(.tafel-gantt__bar--undated)').first();
  await bar.waitFor({ timeout: 60_000 });
  await bar.focus();
  const since = await page.evaluate(() => performance.now());
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('announcer').filter({ hasText: / now runs / }).waitFor({ timeout: 60_000 });
  await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
  return m.readMove(page, { gestureFrom: since, releaseFrom: since, pattern: '^key' });
}

/** Sorting the table: a click on the Subject header, to the next paint of the re-sorted rows. */
export async function tafelTableSort(page) {
  const header = page.locator('button[data-sort="subject"]');
  await header.waitFor({ timeout: 60_000 });
  const since = await page.evaluate(() => performance.now());
  await header.click();
  await page.waitForURL(/sort=subject/, { timeout: 60_000 });
  await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
  return m.readMove(page, { gestureFrom: since, releaseFrom: since, pattern: '^(pointer|mouse|click)' });
}

/**
 * Start-up at `/` of the Tafel served at `server`: skeleton paint and the moment the app is mounted;
 * with `projects`, also the moment the first project card appears (waited for instead of the mount).
 */
async function startup(env, server, { projects = false } = {}) {
  const context = await env.browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.addInitScript(m.benchInitScript);
  if (projects) await page.addInitScript(() => { window.__benchWatchProjects = true; });
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });
    const shown = projects ? '[data-testid="project-card"]' : 'html[data-tafel-ready]';
    await page.waitForSelector(shown, { state: 'attached', timeout: env.timeoutMs });
    await page.evaluate(m.waitQuiet, { quietMs: m.QUIET_MS, start: 0 });
    const t = await page.evaluate(m.tafelTimings);
    return {
      status: 'ok',
      firstPaint: t.firstPaint,
      firstContentfulPaint: t.firstContentfulPaint,
      interactive: t.readyMark ?? t.readyAt,
      ...(projects && { projects: t.projectsAt }),
    };
  } finally {
    await closeQuietly(context);
  }
}

/** Start-up on an empty store at `/`. */
export const tafelStartup = (env) => startup(env, env.tafel);

/** Start-up of a deployment on OpenProject (the test server, with public reading, on loopback). */
export const tafelStartupOpenProject = (env) => startup(env, env.tafelOp, { projects: true });

/** Runs `sample` `reps` times and summarises the fields `fields` of the samples that worked. */
async function startupStats(label, sample, reps, fields, unavailable) {
  const samples = [];
  for (let rep = 1; rep <= reps && !unavailable; rep++) {
    const s = await sample().catch((err) => ({ status: 'error', error: err.message }));
    console.error(`[bench] ${label} rep ${rep}: ${s.status === 'ok' ? fields.map((f) => `${f} ${fmt(s[f])} ms`).join(', ') : s.error}`);
    samples.push(s);
  }
  const ok = samples.filter((s) => s.status === 'ok');
  return {
    status: unavailable ? 'error' : ok.length ? 'ok' : 'error',
    error: unavailable ?? samples.find((s) => s.status !== 'ok')?.error,
    stats: Object.fromEntries(fields.map((f) => [f, m.stats(ok.map((s) => s[f]))])),
    samples,
  };
}

/** Tafel's first-load transfer: scripts/bundle-size.mjs writes dist/bundle-size.json. */
function tafelBundle() {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle-size.mjs'), DIST_DIR], { encoding: 'utf8' });
  const file = join(DIST_DIR, 'bundle-size.json');
  if (!existsSync(file)) return { status: 'error', error: (run.stderr || run.stdout || 'no bundle-size.json').trim() };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { status: 'ok', total: report.total, files: report.files, budget: report.budget, parts: report.parts ?? {} };
}

// ---- plumbing ------------------------------------------------------------------------------------
async function closeQuietly(context) {
  await m.withTimeout(context.close(), 30_000, 'closing a context').catch(() => {});
}

function machine() {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1];
    if (pretty) osName = `${pretty} (${os.type()} ${os.release()})`;
  } catch {}
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1), os: osName, node: process.version };
}

/** Does the built wasm know the seeding contract at all? (a cheap hint for a clear error) */
function distSeeds() {
  try {
    const wasm = readdirSync(DIST_DIR).find((f) => f.startsWith('tafel-') && f.endsWith('.wasm'));
    const bytes = readFileSync(join(DIST_DIR, wasm)).toString('latin1');
    return bytes.includes('tafelSeeded') || bytes.includes('tafel-seeded');
  } catch {
    return false;
  }
}

const FIGURES = ['settled', 'settledNav', 'load', 'parse', 'prepare', 'dom', 'heapMB', 'wasmMB', 'memoryMB', 'scrollP95', 'scrollWorst', 'movePaint', 'gestureWorst'];

/** Summarizes one tool × N: status, error text, median/min/max per figure, raw samples. */
function summarize(entry) {
  const ok = entry.samples.filter((s) => s.status === 'ok');
  entry.stats = {};
  for (const f of FIGURES) {
    const s = m.stats(ok.map((x) => x[f]));
    if (s) entry.stats[f] = s;
  }
  const first = (key) => entry.samples.find((s) => s[key] !== undefined)?.[key];
  if (ok.length) {
    entry.status = ok.length === entry.samples.length ? 'ok' : 'partial';
    entry.scrollTarget = first('scrollTarget');
    entry.moveMethods = [...new Set(ok.map((s) => s.moveMethod).filter(Boolean))];
    const phaseErrors = ok.flatMap((s) => ['measure', 'scroll', 'move'].filter((p) => s[`${p}Error`]).map((p) => `${p}: ${s[`${p}Error`]}`));
    if (phaseErrors.length) entry.phaseErrors = [...new Set(phaseErrors)];
    if (ok.some((s) => s.moved === false)) entry.moveNote = `the move did not take effect in ${ok.filter((s) => s.moved === false).length} of ${ok.length} runs`;
  } else if (entry.samples.some((s) => s.status === 'timeout')) entry.status = 'timeout';
  else entry.status = 'error';
  const failed = entry.samples.find((s) => s.status !== 'ok');
  if (failed) entry.error = failed.error;
  return entry;
}

/** Tafel's median over the best (lowest) peer median, per scenario, N and figure. */
function ratios(scenario) {
  const out = [];
  const pairs = [['settled', 'settled'], ['settledNav', 'settled'], ['dom', 'dom'], ['memoryMB', 'memoryMB'],
    ['scrollP95', 'scrollP95'], ['scrollWorst', 'scrollWorst'], ['movePaint', 'movePaint'], ['gestureWorst', 'gestureWorst']];
  for (const tafel of scenario.results.filter((r) => r.tool === 'tafel' && r.stats)) {
    const peers = scenario.results.filter((r) => r.tool !== 'tafel' && r.n === tafel.n && r.stats);
    for (const [tf, pf] of pairs) {
      const best = peers.filter((p) => p.stats[pf]).sort((a, b) => a.stats[pf].median - b.stats[pf].median)[0];
      if (!best || !tafel.stats[tf] || !best.stats[pf].median) continue;
      out.push({ n: tafel.n, figure: tf, peerFigure: pf, tafel: tafel.stats[tf].median, bestPeer: best.tool,
        bestPeerValue: best.stats[pf].median, ratio: tafel.stats[tf].median / best.stats[pf].median });
    }
  }
  return out;
}

const fmt = (x) => (typeof x === 'number' ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : String(x));
function logSample(label, s) {
  if (s.status !== 'ok') return console.error(`[bench] ${label}: ${s.status.toUpperCase()} ${s.error ?? ''}`);
  const parts = [`settled ${fmt(s.settled)} ms`];
  if (s.settledNav !== undefined) parts.push(`(nav ${fmt(s.settledNav)} ms, load ${fmt(s.load)}, parse ${fmt(s.parse)})`);
  for (const p of ['measure', 'scroll', 'move']) if (s[`${p}Error`]) parts.push(`${p} FAILED: ${s[`${p}Error`]}`);
  if (s.dom !== undefined) parts.push(`dom ${s.dom}`, `mem ${fmt(s.memoryMB)} MB`);
  if (s.scrollP95 != null) parts.push(`scroll p95 ${fmt(s.scrollP95)} / worst ${fmt(s.scrollWorst)} ms`);
  if (s.movePaint !== undefined) {
    parts.push(`move→paint ${fmt(s.movePaint)} ms (${s.moveMethod}${s.moved === false ? ', NOT moved' : ''}; whole gesture ${fmt(s.gestureWorst)} ms)`);
  }
  console.error(`[bench] ${label}: ${parts.join(', ')}`);
}

// ---- main ----------------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // --only takes scenario ids, tool ids, or "peers" (every peer, no Tafel).
  const wanted = (scenario, tool) =>
    !opts.only || opts.only.has(scenario.id) || opts.only.has(tool.id) || (opts.only.has('peers') && !!tool.page);
  const env = { timeoutMs: opts.timeoutS * 1000, tafelSeeds: distSeeds() };
  // Without the seeding contract in the build, don't wait the full timeout per size for nothing.
  env.seedTimeoutMs = env.tafelSeeds ? env.timeoutMs : Math.min(env.timeoutMs, 30_000);
  const t0 = Date.now();

  env.peers = await startServer({ root: join(HERE, 'peers', 'dist'), csp: false });
  env.tafel = await startServer({ root: DIST_DIR }).catch((err) => ({ error: err.message }));
  // The same build deployed on OpenProject: config.json names the test server, which lets anyone read.
  const opConfig = {};
  const opConnect = [];
  env.tafelOp = await startServer({ root: DIST_DIR, config: opConfig, connectSrc: opConnect }).catch((err) => ({ error: err.message }));
  env.op = env.tafelOp.error
    ? { error: env.tafelOp.error }
    : await startOpServer({ anonymousRead: true, allowOrigins: [new URL(env.tafelOp.url).origin] }).catch((err) => ({ error: err.message }));
  if (env.op.url) {
    opConnect.push(env.op.url);
    opConfig.backend = { kind: 'openproject', url: env.op.url, auth: 'none' };
  }
  env.browser = await launchBrowser();
  const results = {
    machine: machine(),
    browser: { name: 'Chromium (headless)', version: env.browser.version(), viewport: VIEWPORT },
    date: new Date().toISOString(),
    command: process.env.TAFEL_BENCH_COMMAND || `node ${relative(REPO_ROOT, fileURLToPath(import.meta.url))} ${process.argv.slice(2).join(' ')}`.trim(),
    sizes: opts.sizes,
    reps: opts.reps,
    method: {
      settled: `last DOM mutation minus start, after ${m.QUIET_MS} ms without one (not counted); peers start just before render with the data already in their format, Tafel from navigation start ("settledNav") and from the tafel:store-decoded mark ("settled")`,
      memory: 'JS heap used after a forced GC (CDP Runtime.getHeapUsage) + WebAssembly memory',
      scroll: `main scroller moved ${SCROLL.px} px per frame for ${SCROLL.frames} frames; p95 and worst frame interval`,
      move: 'peers: Playwright mouse drag (board: first card of column 1 onto column 2; Gantt: bar of task #2 three columns right); Tafel board: keyboard Space, ArrowRight, Enter on the first card of column 1; Tafel Gantt: ArrowRight on the first bar that is not a parent’s (a day later, successors follow). "move → next paint" = from the release (mouse up / Enter) to the next paint: the longer of the longest Event Timing entry from then on (threshold 16 ms) and release → next frame (rAF + setTimeout 0); "whole gesture" = the same from pointer down / Space on',
      timeoutS: opts.timeoutS,
    },
    tafelSeeding: env.tafelSeeds,
    scenarios: SCENARIOS.map((s) => ({ id: s.id, title: s.title, results: [] })),
    tafel: {},
  };
  const entry = (si, tool, n) => {
    const list = results.scenarios[si].results;
    let e = list.find((r) => r.tool === tool.id && r.n === n);
    if (!e) {
      e = { tool: tool.id, peer: !!tool.page, version: tool.pkg ? version(tool.pkg) : null, n, samples: [] };
      if (tool.extra) e.with = Object.fromEntries(tool.extra.map((p) => [p, version(p)]));
      list.push(e);
    }
    return e;
  };
  const wantTafel = SCENARIOS.some((s) => s.tools.some((t) => t.view && wanted(s, t)));

  try {
    if (wantTafel) {
      results.tafel.bundle = env.tafel.error ? { status: 'error', error: env.tafel.error } : tafelBundle();
      results.tafel.startup = await startupStats('tafel start-up', () => tafelStartup(env), opts.reps,
        ['firstPaint', 'firstContentfulPaint', 'interactive'], env.tafel.error);
      results.tafel.startupOpenProject = await startupStats('tafel start-up on OpenProject', () => tafelStartupOpenProject(env), opts.reps,
        ['firstPaint', 'interactive', 'projects'], env.tafelOp.error ?? env.op.error);
      results.tafel.seed = [];
    }

    for (const n of opts.sizes) {
      // Seed Tafel for this size (one context, reused by every Tafel view of this size).
      let tafel = null;
      let tafelError = env.tafel.error ?? null;
      if (wantTafel && !tafelError) {
        try {
          tafel = await seedTafel(env, n);
          console.error(`[bench] tafel seeded N=${n} in ${fmt(tafel.seedMs)} ms`);
          results.tafel.seed.push({ n, status: 'ok', seedMs: tafel.seedMs });
        } catch (err) {
          tafelError = err.message;
          console.error(`[bench] tafel N=${n}: ${tafelError}`);
          results.tafel.seed.push({ n, status: 'error', error: tafelError });
        }
      }
      for (let rep = 1; rep <= opts.reps; rep++) {
        for (const [si, scenario] of SCENARIOS.entries()) {
          for (const tool of scenario.tools) {
            if (!wanted(scenario, tool)) continue;
            const e = entry(si, tool, n);
            const label = `N=${n} rep ${rep}/${opts.reps} ${scenario.id} ${tool.id}`;
            if (tool.notBuilt) {
              e.status = 'not-built';
              e.note = tool.notBuilt;
              continue;
            }
            if (tool.maxN && n > tool.maxN) {
              e.status = 'skipped';
              e.note = `not run above N = ${tool.maxN.toLocaleString('en-US')} (no virtualization)`;
              continue;
            }
            // A timeout takes the whole timeout again in every repetition and says nothing new.
            if (e.samples.some((s) => s.status === 'timeout')) {
              e.note = 'not repeated after a timeout';
              continue;
            }
            let sample;
            try {
              if (tool.view && tafelError) throw new Error(tafelError);
              sample = tool.page ? await runPeer(env, tool, n) : await runTafel(env, tafel.context, tool, n);
            } catch (err) {
              sample = { status: err.timeout ? 'timeout' : 'error', error: err.message.split('\n')[0] };
            }
            e.samples.push(sample);
            logSample(label, sample);
          }
        }
      }
      if (tafel) await closeQuietly(tafel.context);
    }
  } finally {
    await env.browser.close().catch(() => {});
    await env.op.close?.().catch(() => {});
    await env.tafelOp.close?.().catch(() => {});
    await env.peers.close?.();
    await env.tafel.close?.();
  }

  for (const scenario of results.scenarios) {
    for (const e of scenario.results) if (e.samples.length) summarize(e);
    scenario.ratios = ratios(scenario);
  }
  results.durationS = Math.round((Date.now() - t0) / 1000);
  writeFileSync(opts.out, `${JSON.stringify(results, null, 1)}\n`);
  const md = renderMarkdown(results);
  // Only the committed results feed the README; a run written elsewhere is an experiment.
  if (opts.out === DEFAULT_OUT) updateReadme(results, README_PATH);
  const mdFile = opts.out.replace(/\.json$/, '') + '.md';
  writeFileSync(mdFile, md);
  console.log(md);
  console.error(`[bench] wrote ${relative(process.cwd(), opts.out)} and ${relative(process.cwd(), mdFile)} in ${results.durationS} s`);
}

// Run only when started as a program: tests/bench/profile.mjs imports the helpers above.
const startedAsProgram = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (startedAsProgram) {
  main().catch((err) => {
    console.error(`[bench] failed: ${err.stack || err}`);
    process.exit(1);
  });
}
