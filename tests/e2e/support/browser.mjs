// Browser helpers for the end-to-end tests: one static server + one headless Chromium per test file,
// a fresh browser context (fresh IndexedDB, localStorage, cookies) per test file or per call.
//
// Typical use:
//   import { before, after, test } from 'node:test';
//   import * as e2e from './support/browser.mjs';
//   let ctx;
//   before(async () => { ctx = await e2e.setup(); });
//   after(() => e2e.teardown(ctx));
//   test('…', async () => {
//     const { page, problems } = await e2e.openApp(ctx, '/projects/demo/board');
//     …
//     e2e.assertNoProblems(problems);
//   });
//
// READINESS CONTRACT with the app (src/): once the app has mounted, it sets the attribute
// `data-tafel-ready` on <html> (document.documentElement) and removes the static skeleton
// `#tafel-boot` from index.html. `openApp` waits for `html[data-tafel-ready]`.
//
// Playwright: only the npm package playwright-core, driving Debian's /usr/bin/chromium.
// Never run `npx playwright install` (it downloads a browser, which this network refuses).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, REPO_ROOT } from './server.mjs';

export const CHROMIUM_PATH = process.env.TAFEL_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests', 'e2e', 'artifacts');

/** Flags that work on these machines as root; without the background-networking ones Chromium
 * keeps trying hosts this network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Time allowed for the app to boot (wasm download + compile + mount). */
export const READY_TIMEOUT_MS = Number(process.env.TAFEL_E2E_READY_TIMEOUT_MS || 30_000);

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Starts one static server (dist/, SPA fallback, strict CSP header by default) and one browser,
 * plus a fresh browser context. Use from a `before` hook; pass the result to `teardown` in `after`.
 * Options: server options of startServer ({ csp, basePath, root }) and `contextOptions`
 * (Playwright's browser.newContext options, e.g. { viewport, locale, colorScheme, reducedMotion }).
 */
export async function setup({ contextOptions = {}, ...serverOptions } = {}) {
  const server = await startServer(serverOptions);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.close();
    throw err;
  }
  const context = await newContext({ browser, baseURL: server.url }, contextOptions);
  return { server, browser, context, baseURL: server.url };
}

export async function teardown(ctx) {
  if (!ctx) return;
  await ctx.context?.close().catch(() => {});
  await ctx.browser?.close().catch(() => {});
  await ctx.server?.close().catch(() => {});
}

/** A fresh, isolated context (own IndexedDB/localStorage) on the same browser and server, whose
 * pages report Content-Security-Policy violations (see `watchCsp`). */
export async function newContext(ctx, contextOptions = {}) {
  const context = await ctx.browser.newContext({
    baseURL: `${ctx.baseURL}/`,
    locale: 'en-US',
    timezoneId: 'UTC',
    ...contextOptions,
  });
  await watchCsp(context);
  return context;
}

// CONTENT SECURITY POLICY: every page of a context made by `newContext` listens for the browser's
// `securitypolicyviolation` events (from the meta tag's policy and the server's header alike), keeps
// each in `window.__tafelCspViolations` and logs it to the console with CSP_MARK; `newPage` turns
// those messages into problems, so `assertNoProblems` fails on any violation and names its directive,
// blocked URI and sample. The count over the whole test file is printed when the process exits.
export const CSP_MARK = '[tafel-csp-violation] ';
const cspStats = { violations: 0, provoked: 0, pages: 0 };

/** Installs the violation recorder in every page and frame of `context` (done by `newContext`). */
export async function watchCsp(context) {
  await context.addInitScript((mark) => {
    if (window.__tafelCspViolations) return;
    const seen = [];
    Object.defineProperty(window, '__tafelCspViolations', { value: seen });
    const log = console.warn.bind(console);
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const violation = {
          directive: e.effectiveDirective || e.violatedDirective,
          blockedURI: e.blockedURI,
          sample: e.sample,
          source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '',
          disposition: e.disposition,
        };
        seen.push(violation);
        log(mark + JSON.stringify(violation));
      },
      true,
    );
  }, CSP_MARK);
}

/** How many CSP violations the pages of this process reported (less those a test provoked on purpose). */
export function cspViolationCount() {
  return cspStats.violations - cspStats.provoked;
}

/** For a negative control: `count` of the violations so far were provoked on purpose, so the summary
 * does not count them. */
export function acknowledgeCspViolations(count) {
  cspStats.provoked += count;
}

process.once('exit', () => {
  if (cspStats.pages > 0) {
    const provoked = cspStats.provoked ? `; not counted: ${cspStats.provoked} provoked on purpose by negative controls` : '';
    console.log(`CSP violations: ${cspViolationCount()} (${cspStats.pages} pages watched${provoked})`);
  }
});

/** A violation message logged by the recorder, as { key, sample, line }. */
function parseViolation(text) {
  let v;
  try {
    v = JSON.parse(text.slice(CSP_MARK.length));
  } catch {
    return { key: text, sample: '', line: `CSP violation: ${text}` };
  }
  const sample = v.sample ? ` sample ${JSON.stringify(v.sample)}` : '';
  const source = v.source ? ` at ${v.source}` : '';
  return {
    key: `${v.directive}|${v.blockedURI}|${v.source}`,
    sample: v.sample || '',
    line: `CSP violation: ${v.directive} blocked ${v.blockedURI || '(none)'}${sample}${source} (${v.disposition})`,
  };
}

/**
 * Records one violation message in `problems`, once: the page has two policies (index.html's meta tag
 * and the server's header), so one blocked thing fires an event for each, and Chromium may fire more
 * than one for a single attribute. Events with the same directive, blocked URI and source are one
 * violation unless both name different samples; only the server's header asks for samples
 * ('report-sample'), so the line is upgraded when the sample arrives second.
 */
function recordViolation(seen, problems, text) {
  const v = parseViolation(text);
  const same = seen.filter((s) => s.key === v.key);
  const match = same.find((s) => !s.sample || !v.sample || s.sample === v.sample);
  if (match) {
    if (v.sample && !match.sample) {
      match.sample = v.sample;
      problems[match.index] = v.line;
    }
    return;
  }
  seen.push({ key: v.key, sample: v.sample, index: problems.length });
  problems.push(v.line);
  cspStats.violations += 1;
}

/**
 * Opens a page that records problems: CSP violations (for contexts made by `newContext`), console
 * errors (Chromium also reports CSP violations and failed resource loads as console errors), uncaught
 * page errors, failed requests and HTTP errors (>= 400)
 * from the app's own origin. Returns { page, problems }; assert `problems` is empty at the end.
 */
export async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  cspStats.pages += 1;
  const violations = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith(CSP_MARK)) {
      recordViolation(violations, problems, msg.text());
    } else if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      problems.push(`console.error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '';
    // A reload or navigation cancels the old page's pending loads: asset loads (the favicon, say) and
    // reads the app had under way. That is the browser leaving the page and loses nothing. An aborted
    // write (POST, PATCH, DELETE) stays a problem: a change may not have been saved.
    const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(req.method());
    if (error === 'net::ERR_ABORTED' && !isWrite) return;
    problems.push(`requestfailed: ${req.method()} ${req.url()} ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`http ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { page, problems };
}

/**
 * Waits until every view's code has been fetched ahead (src/views/on_demand.rs sets
 * `globalThis.tafelViewsLoaded` once the idle preloading is done). A test that takes the network away
 * waits for this first: a chunk fetch cut off mid-way is logged by the chunk loader as a console
 * error, which is not what such a test is about (tests/e2e/on_demand.test.mjs covers it).
 */
export async function waitForAllCode(page) {
  await page.waitForFunction(() => globalThis.tafelViewsLoaded === true);
}

/** Waits until the app has mounted (see READINESS CONTRACT above). */
export async function waitForReady(page, timeout = READY_TIMEOUT_MS) {
  await page.waitForSelector('html[data-tafel-ready]', { state: 'attached', timeout });
}

/**
 * Navigates to `path` (relative to the server, e.g. '/' or '/projects/demo/board') in a new page of
 * `ctx.context` (or `options.context`) and waits for the app to be ready.
 * Returns { page, problems }. On a boot timeout it saves a screenshot to tests/e2e/artifacts/ and
 * throws an error that lists the problems recorded so far.
 */
export async function openApp(ctx, path = '/', { context = ctx.context, timeout = READY_TIMEOUT_MS } = {}) {
  const { page, problems } = await newPage(context);
  const url = `${ctx.baseURL}${path.startsWith('/') ? path : `/${path}`}`;
  await page.goto(url, { waitUntil: 'load' });
  try {
    await waitForReady(page, timeout);
  } catch (err) {
    const shot = await screenshot(page, `boot-timeout-${path}`).catch(() => null);
    throw new Error(
      `app did not become ready at ${url} within ${timeout} ms (html[data-tafel-ready] missing)` +
        `${shot ? `\nscreenshot: ${shot}` : ''}` +
        `\nproblems so far:\n  ${problems.join('\n  ') || '(none)'}\n${err.message}`,
    );
  }
  return { page, problems };
}

/** Saves a full-page screenshot to tests/e2e/artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^a-zA-Z0-9._/-]+/g, '_')}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Drops the browser's reports of an HTTP status a test provokes on purpose (401, 409, 422). */
export function exceptStatus(problems, status) {
  return problems.filter((p) => !p.includes(`http ${status}`) && !p.includes(`status of ${status}`));
}

/**
 * The problems without those of a chunk the test blocked on purpose (`split_<name>-<hash>.wasm`): its
 * failed requests, and the line the chunk loader logs for a failed fetch.
 */
export function exceptBlockedChunk(problems, name) {
  const chunk = new RegExp(`split_${name}-[0-9a-f]{16}\\.wasm`);
  return problems.filter((p) => !chunk.test(p) && !p.startsWith('console.error: TypeError: Failed to fetch'));
}

/** Asserts that no console error, page error, CSP violation or failed request was recorded. */
export function assertNoProblems(problems, message = 'the page reported problems') {
  assert.deepEqual(problems, [], `${message}:\n  ${problems.join('\n  ')}`);
}

/**
 * Watches which parts' chunks (`split_<name>-<hash>.wasm`) a context asks for, and holds the main
 * module back until `part`'s chunk is asked for (or 10 s passed): only public/boot.js can ask for a
 * chunk before the main module runs, so `early()` tells whether it fetched that part ahead.
 * Call before opening the page; `requests(name)` counts the requests for a part's own chunk.
 */
export async function watchPartsFetchedAhead(context, part) {
  const urls = [];
  const ofPart = (name) => new RegExp(`/split_${name}-[0-9a-f]{16}\\.wasm$`);
  let asked;
  const partAsked = new Promise((resolve) => {
    asked = resolve;
  });
  context.on('request', (request) => {
    urls.push(request.url());
    if (ofPart(part).test(request.url())) asked(true);
  });
  let early;
  await context.route(/\/tafel-[0-9a-f]{16}_bg\.wasm$/, async (route) => {
    let timer;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, 10_000, false);
    });
    early = await Promise.race([partAsked, deadline]);
    clearTimeout(timer);
    await route.continue();
  });
  return {
    early: () => early === true,
    requests: (name) => urls.filter((url) => ofPart(name).test(url)).length,
  };
}
