// The XSS corpus (support/xss_payloads.mjs) in every place a user's text shows, on both backends:
// work package subjects, descriptions (markdown: rendered in the detail panel and page, and previewed
// while editing), comments, custom field values (OpenProject; the store in the browser has none),
// saved view names, project names, user names and category names. Each payload would call the canary `__xss(ID)` if
// any of it ran; the canary is installed before the app in every page. After each view the test
// asserts that the canary was never called, that the DOM has no element or attribute a payload could
// have brought in (scripts, frames, objects, event handler attributes, links and sources with schemes
// other than http, https and mailto, tags the markdown renderer does not write, …), that the page
// reported no CSP violation, and that the payloads show as the text they are (every subject on the
// board, the Gantt and the table, every user name in the table and the assignee filter, every category
// name in the table's Category column, every saved
// view name, spot checks of descriptions). Under the app's CSP a payload that got through would be
// blocked and show as a CSP violation; one pass previews the whole corpus with the CSP switched off,
// where only the renderer stands between a payload and the canary.
//
// The data goes in through real paths, in bulk: on the store in the browser through Settings' export
// and import (the JSON export with the corpus added), on OpenProject through the API (work packages,
// descriptions, custom field values, comments, queries) plus the test server's /__test/xss_seed for
// what the API cannot write (project, user and category names).
//
// TAFEL_XSS_KEEP_GOING=1 records every finding instead of failing at the first (each backend's test
// still fails at its end) and prints them by payload: for seeing at once what a renderer change lets
// through. TAFEL_DIST=folder runs the file against another build.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as e2e from './support/browser.mjs';
import { startBackends } from './support/backends.mjs';
import { fit, payloads } from './support/xss_payloads.mjs';

const API_KEY = 'e2e-xss-key';
const PAYLOADS = payloads();
const BY_ID = new Map(PAYLOADS.map((p) => [p.id, p]));
/** Subjects and custom field values are limited to 255 characters on OpenProject (and in the app). */
const SUBJECT_MAX = 255;
/** Tall, so the virtualised lists (board columns, table, Gantt) draw every item at once. */
const VIEWPORT = { width: 1600, height: 9000 };
const CANARY_MARK = '[xss-canary] ';
/** The project that holds the corpus's work packages; its own name is a payload too. */
const LOCAL_PROJECT = 'xss';
const NAME_PAYLOAD = 17; // <img src=x onerror=__xss(17)>

let env;
const totals = { executions: [], unexpected: [], problems: [], checks: 0, places: { local: new Set(), openproject: new Set() } };
/** TAFEL_XSS_KEEP_GOING=1: record what each check finds and fail at the end of the test, to see everything
 * that gets through at once (when changing the renderer) instead of stopping at the first. */
const KEEP_GOING = process.env.TAFEL_XSS_KEEP_GOING === '1';

/** An assertion that, in keep-going mode, is recorded instead of thrown. */
function expectThat(ok, message) {
  if (ok) return;
  if (KEEP_GOING) totals.problems.push(message);
  else assert.fail(message);
}

/** In keep-going mode, fails with everything the checks found (else they failed at the first). */
function assertNothingFound(where) {
  const all = [...totals.executions, ...totals.unexpected, ...totals.problems];
  assert.deepEqual(all, [], `${where}: ${totals.executions.length} executions, ${totals.unexpected.length} unexpected elements, ${totals.problems.length} problems`);
}
const timings = [];
let lap = Date.now();
/** Notes the time since the last lap under `name` (printed with the summary, to keep the file quick). */
function timed(name) {
  const now = Date.now();
  timings.push(`${name} ${((now - lap) / 1000).toFixed(1)}s`);
  lap = now;
}

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
});
after(async () => {
  await env?.close();
  const places = new Set([...totals.places.local, ...totals.places.openproject]);
  console.log(
    `XSS corpus: ${PAYLOADS.length} payloads × ${places.size} places (local ${totals.places.local.size}: ` +
      `${[...totals.places.local].join(', ')}; OpenProject ${totals.places.openproject.size}: ` +
      `${[...totals.places.openproject].join(', ')}) × 2 backends` +
      `${totals.previewedWithoutCsp ? ' (and the whole corpus previewed with the CSP off)' : ''}, ${totals.checks} DOM scans, ` +
      `${totals.executions.length} executions, ${totals.unexpected.length} unexpected elements, ` +
      `${e2e.cspViolationCount()} CSP violations`,
  );
  if (KEEP_GOING) {
    const byPayload = new Map();
    for (const line of [...totals.executions, ...totals.unexpected, ...totals.problems]) {
      const id = line.match(/\(payload (\d+)\)/)?.[1] ?? 'other';
      byPayload.set(id, (byPayload.get(id) ?? 0) + 1);
    }
    console.log(`XSS corpus findings by payload: ${[...byPayload].map(([id, n]) => `${id}×${n}`).join(' ')}`);
    console.log(`XSS corpus problems (first 20):\n  ${totals.problems.slice(0, 20).join('\n  ')}`);
    console.log(`XSS corpus unexpected (first 20):\n  ${totals.unexpected.slice(0, 20).join('\n  ')}`);
  }
  console.log(`XSS corpus timings: ${timings.join(', ')}`);
});

/**
 * Runs in the page: what a payload could have added to the DOM (under `rootSelector`, or anywhere),
 * and the canary's calls so far. Each finding is one line; no findings means nothing of the kind is
 * there.
 */
function scanDom(rootSelector = null) {
  const root = rootSelector ? document.querySelector(rootSelector) : document;
  const findings = [];
  const safeSchemes = new Set(['http:', 'https:', 'mailto:']);
  const urlAttributes = new Set([
    'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'codebase',
    'cite', 'ping', 'manifest', 'lowsrc', 'dynsrc', 'longdesc', 'usemap', 'icon', 'to', 'values', 'from', 'by',
  ]);
  // Text the app itself puts into attributes (labels, values): safe there, since it is never parsed.
  const textAttributes = new Set(['title', 'value', 'alt', 'placeholder', 'label', 'aria-label', 'aria-description', 'aria-valuetext', 'download']);
  const foreignTags = new Set([
    'script', 'style', 'link', 'meta', 'base', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed',
    'applet', 'portal', 'math', 'mglyph', 'mtext', 'malignmark', 'template', 'img', 'image', 'picture', 'video',
    'audio', 'source', 'track', 'marquee', 'isindex', 'xss', 'x', 'set', 'animate', 'animatetransform',
    'animatemotion', 'foreignobject', 'handler', 'listener', 'xmp', 'plaintext', 'listing', 'frameset', 'body',
  ]);
  const markdownTags = new Set([
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'del', 'code', 'pre', 'a', 'blockquote', 'ul', 'ol',
    'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br',
  ]);
  const show = (el) => el.outerHTML.slice(0, 160).replace(/\s+/g, ' ');
  const elements = [...(root === document ? [] : [root]), ...root.querySelectorAll('*')];
  for (const el of elements) {
    const tag = el.localName.toLowerCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) {
        findings.push(`event handler attribute ${name}: ${show(el)}`);
      } else if (name === 'srcdoc' || name === 'srcset' || name === 'formaction') {
        findings.push(`${name} attribute: ${show(el)}`);
      } else if (urlAttributes.has(name) || name.endsWith(':href')) {
        if (['to', 'values', 'from', 'by'].includes(name) && !/script|data:/i.test(attr.value)) continue;
        let url;
        try {
          url = new URL(attr.value, document.baseURI);
        } catch {
          continue; // not a URL the browser could follow
        }
        if (!safeSchemes.has(url.protocol)) findings.push(`${name} with scheme ${url.protocol} ${show(el)}`);
      } else if (/__xss|xss\(/.test(attr.value) && !textAttributes.has(name) && !name.startsWith('data-')) {
        findings.push(`payload text in attribute ${name}: ${show(el)}`);
      }
    }
    if (el === document.documentElement || el === document.head || el === document.body) continue;
    if (foreignTags.has(tag)) {
      const inHead = el.parentElement === document.head;
      const own =
        (inHead && tag === 'script' && el.src && !el.textContent.trim()) ||
        (inHead && tag === 'link' && el.rel !== 'import') ||
        (inHead && tag === 'meta' && (el.httpEquiv || '').toLowerCase() !== 'refresh') ||
        // index.html's own <base href> (sub-path hosting): the first in head, on this origin.
        (inHead && tag === 'base' && el === document.head.querySelector('base') && new URL(el.href).origin === location.origin) ||
        (tag === 'noscript' && el.parentElement === document.body);
      if (!own) findings.push(`<${tag}> element: ${show(el)}`);
    }
  }
  for (const el of root.querySelectorAll('.tafel-markdown *')) {
    const tag = el.localName.toLowerCase();
    if (!markdownTags.has(tag)) findings.push(`<${tag}> in rendered markdown: ${show(el)}`);
    for (const attr of el.attributes) {
      const allowed =
        (tag === 'a' && ['href', 'rel'].includes(attr.name)) ||
        (['th', 'td'].includes(tag) && attr.name === 'class') ||
        (tag === 'code' && attr.name === 'class') ||
        (tag === 'input' && ['type', 'disabled', 'checked'].includes(attr.name)) ||
        (['ol'].includes(tag) && attr.name === 'start') ||
        (tag === 'li' && attr.name === 'class') ||
        (tag === 'ul' && attr.name === 'class');
      if (!allowed) findings.push(`attribute ${attr.name} on <${tag}> in rendered markdown: ${show(el)}`);
    }
  }
  return { findings, calls: (window.__xssCalls ?? []).slice() };
}

/** A context for the corpus: tall viewport, downloads allowed, the canary in every page and frame. */
async function corpusContext(baseURL, options = {}) {
  const context = await e2e.newContext({ browser: env.browser, baseURL }, { viewport: VIEWPORT, acceptDownloads: true, ...options });
  await context.addInitScript((mark) => {
    const calls = [];
    Object.defineProperty(window, '__xssCalls', { value: calls });
    Object.defineProperty(window, '__xss', {
      value: (id) => {
        calls.push(id);
        console.log(mark + id);
      },
    });
  }, CANARY_MARK);
  return context;
}

/** Opens `path` in `context` and records canary calls (they survive navigations, unlike the page's list). */
async function open(context, baseURL, path) {
  const { page, problems } = await e2e.openApp({ baseURL }, path, { context });
  const calls = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith(CANARY_MARK)) calls.push(Number(msg.text().slice(CANARY_MARK.length)));
  });
  return { page, problems, calls };
}

/**
 * Scans the page (or only the element `root` selects, when the rest was scanned before and has not
 * changed); fails with the findings, the canary calls and the page's problems.
 */
async function check(session, where, { count = true, root = null } = {}) {
  const scanned = await session.page.evaluate(scanDom, root);
  const findings = scanned.findings;
  const calls = [...new Set([...session.calls, ...scanned.calls])];
  if (count) {
    totals.checks += 1;
    totals.unexpected.push(...findings.map((f) => `${where}: ${f}`));
    totals.executions.push(...calls.map((id) => `${where}: payload ${id}`));
  }
  if (KEEP_GOING && count) {
    const problems = session.problems.splice(0);
    totals.problems.push(...problems.map((p) => `${where}: ${p}`));
    return;
  }
  assert.deepEqual(findings, [], `${where}: unexpected elements or attributes:\n  ${findings.join('\n  ')}`);
  assert.deepEqual(calls, [], `${where}: the canary was called by payloads ${calls.join(', ')}: ${calls.map((id) => JSON.stringify(BY_ID.get(id)?.text?.slice(0, 120))).join('; ')}`);
  e2e.assertNoProblems(session.problems, `${where}: the page reported problems`);
}

/** Client-side navigation (as a click on a link would do), much cheaper than loading the app again. */
async function navigate(page, path) {
  await page.evaluate((path) => {
    history.pushState(null, '', path);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
}

/**
 * Every work package in the detail panel beside the table at `tablePath` (opened by `?wp=`, as a click
 * on a row does; the table's data stays loaded): description and comments rendered, then scanned.
 * With `customField`, the Cost centre field must show the payload as its value.
 */
async function visitDetails(session, items, where, backend, tablePath, { customField = false } = {}) {
  const panel = session.page.getByTestId('detail-panel');
  // The table was checked in full; an ordinary window draws a fraction of it, which makes each step quicker.
  await session.page.setViewportSize({ width: 1400, height: 900 });
  for (const { wp, payload } of items) {
    await navigate(session.page, `${tablePath}?wp=${wp}`);
    await panel.locator('.tafel-detail__id', { hasText: new RegExp(`^#${wp}$`) }).waitFor();
    await panel.getByTestId('comment').filter({ hasText: `xss-comment-${payload.id}` }).waitFor();
    await panel.getByTestId('description').waitFor({ state: 'attached' }); // a payload may leave nothing visible
    await check(session, `${where} #${wp} (payload ${payload.id})`, { root: '[data-testid="detail-panel"]' });
    if (customField) {
      // A one-line input drops line breaks from its value (HTML's value sanitization).
      const expected = fit(payload.text, SUBJECT_MAX).replace(/[\r\n]/g, '');
      const value = await panel.getByLabel('Cost centre').inputValue();
      expectThat(value === expected, `${where} #${wp} (payload ${payload.id}): the custom field shows ${JSON.stringify(value)}, not the payload`);
    }
    if (payload.id === 1 || payload.id === NAME_PAYLOAD) {
      const text = await panel.getByTestId('description').textContent();
      expectThat(text.includes(payload.text), `${where} #${wp} (payload ${payload.id}): the description shows ${JSON.stringify(text)}, not the payload as text`);
      const subject = await panel.getByTestId('subject-input').inputValue();
      expectThat(subject === fit(payload.text, SUBJECT_MAX), `${where} #${wp} (payload ${payload.id}): the subject field shows ${JSON.stringify(subject)}`);
    }
  }
  await check(session, `${where}, the whole page after the last`);
  await session.page.setViewportSize(VIEWPORT);
  totals.places[backend].add('description').add('comment');
  if (customField) totals.places[backend].add('custom field');
}

/** One work package on its own page (the same parts as the panel, loaded another way). */
async function visitPage(session, { wp, payload }, where) {
  await navigate(session.page, `/work_packages/${wp}`);
  const detail = session.page.getByTestId('detail');
  await detail.locator('.tafel-detail__id', { hasText: new RegExp(`^#${wp}$`) }).waitFor();
  await detail.getByTestId('comment').filter({ hasText: `xss-comment-${payload.id}` }).waitFor();
  await check(session, `${where} #${wp} (payload ${payload.id})`);
}

/** The description editor's preview with the whole corpus in one text. */
async function previewAll(session, where) {
  const detail = session.page.getByTestId('detail');
  await detail.getByTestId('edit-description').click();
  await detail.getByTestId('description-input').fill(PAYLOADS.map((p) => p.text).join('\n\n'));
  await detail.getByRole('button', { name: 'Preview', exact: true }).click();
  // Not a wait for a payload's text: a broken renderer may have turned it into elements.
  await session.page.waitForFunction(() => document.querySelector('.tafel-markdown--preview')?.childElementCount > 0);
  // Handlers such as onerror, onload or ontoggle would run a little later: after loads have settled
  // and two frames have been drawn, they would have.
  await session.page.waitForLoadState('networkidle');
  await session.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await check(session, `${where} preview of the whole corpus`);
  await detail.getByRole('button', { name: 'Cancel' }).click();
}

/**
 * The whole corpus in the description preview of a page whose CSP is switched off (Playwright's
 * bypassCSP): here nothing but the renderer stands between a payload and the canary, so a payload
 * that got through would run and be counted as an execution, not only as a CSP violation.
 */
async function previewWithoutCsp(baseURL, where) {
  const context = await corpusContext(baseURL, { bypassCSP: true, viewport: { width: 1400, height: 900 } });
  const session = await open(context, baseURL, '/projects/city-portal/table');
  const row = session.page.getByTestId('wp-row').first();
  await navigate(session.page, `/work_packages/${await row.getAttribute('data-wp-id')}`);
  await previewAll(session, where);
  await context.close();
}

/** The table's columns in the corpus: the defaults and the category. */
const TABLE_COLUMNS = '?cols=id,subject,type,status,priority,assignee,category,startDate,dueDate';

/** The table: every subject as text, every user and category name, the assignee filter offering every payload user name, the saved views every payload name. */
async function checkTable(session, items, where, userNames) {
  await waitForCount(session.page, '[data-testid="wp-row"]', items.length, `${where}: every row`);
  await assertSubjectsShown(session.page, '[data-testid="wp-row"] td[data-col="subject"]', where);
  await assertShown(session.page, '[data-testid="wp-row"] td[data-col="assignee"]', where, 'user names', (p) => p.text);
  await assertShown(session.page, '[data-testid="wp-row"] td[data-col="category"]', where, 'category names', (p) => p.text);
  const options = await session.page.locator('#tafel-filter-assignee option').allTextContents();
  for (const name of userNames) {
    assert.ok(options.some((o) => o.trim() === name.trim()), `${where}: the assignee filter offers ${JSON.stringify(name.slice(0, 80))}`);
  }
  // The list arrives on its own (after the rows); every saved view plus "(not saved)".
  await waitForCount(session.page, '#tafel-saved-view option', items.length + 1, `${where}: the saved views list`);
  const views = await session.page.locator('#tafel-saved-view option').allTextContents();
  for (const { payload } of items) {
    const name = fit(payload.text, SUBJECT_MAX);
    assert.ok(views.some((o) => o.includes(name)), `${where}: the saved views list ${JSON.stringify(name.slice(0, 80))}`);
  }
  await check(session, where);
}

/** Waits until at least `count` elements match `selector` (the views fill in as pages of data arrive). */
async function waitForCount(page, selector, count, what) {
  await page
    .waitForFunction(([selector, count]) => document.querySelectorAll(selector).length >= count, [selector, count], { timeout: 15_000 })
    .catch(async () => {
      assert.fail(`${what}: ${await page.locator(selector).count()} of ${count} drawn`);
    });
}

/** Every payload (as `shown` makes it) is in the text of what `selector` matches: shown as text. */
async function assertShown(page, selector, where, what = 'subjects', shown = (p) => fit(p.text, SUBJECT_MAX)) {
  const texts = await page.locator(selector).evaluateAll((els) => els.map((e) => e.textContent));
  const missing = PAYLOADS.filter((p) => !texts.some((t) => t.includes(shown(p).trim()))).map((p) => p.id);
  assert.deepEqual(missing, [], `${where}: the ${what} of these payloads are not shown as text`);
}
const assertSubjectsShown = (page, selector, where) => assertShown(page, selector, where);

async function checkBoard(session, where) {
  await waitForCount(session.page, '[data-card-id]', PAYLOADS.length, `${where}: every card`);
  await assertSubjectsShown(session.page, '[data-card-id]', where);
  await check(session, where);
}

async function checkGantt(session, where) {
  await waitForCount(session.page, '[data-testid="gantt-row"]', PAYLOADS.length, `${where}: every row`);
  await assertSubjectsShown(session.page, '[data-testid="gantt-row"]', where);
  await check(session, where);
}

async function checkProjects(session, where, names) {
  await session.page.getByTestId('project-card').first().waitFor();
  const shown = await session.page.locator('.tafel-project-card__name').allTextContents();
  for (const name of names) assert.ok(shown.includes(name), `${where}: project ${JSON.stringify(name.slice(0, 80))} is listed by its name`);
  await check(session, where);
}

const start = (i) => {
  const day = new Date(Date.UTC(2026, 10, 2 + (i % 40)));
  return day.toISOString().slice(0, 10);
};
const plus = (date, days) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

test('negative control: the checks of this file see an injected payload run and what it left', async () => {
  // With the CSP switched off, so that the injected handler really runs and calls the canary.
  const baseURL = env.localApp.url;
  const context = await corpusContext(baseURL, { bypassCSP: true });
  const session = await open(context, baseURL, '/');
  assert.deepEqual((await session.page.evaluate(scanDom)).findings, [], 'the app alone leaves nothing to find');
  await session.page.evaluate(() => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<img src="x" onerror="__xss(9001)"><a href="javascript:__xss(9002)">a</a><a href=" JaVa&#x09;ScRiPt:x">b</a>' +
        '<iframe srcdoc="<p>x</p>"></iframe><svg><a href="data:text/html,x"><text>t</text></a></svg>' +
        '<div class="tafel-markdown"><span title="t">s</span><p style="color:red">p</p></div><math></math>',
    );
  });
  await session.page.waitForFunction(() => window.__xssCalls.includes(9001));
  const { findings, calls } = await session.page.evaluate(scanDom);
  assert.deepEqual(calls, [9001], 'the canary saw the handler run');
  const expected = [
    /event handler attribute onerror/,
    /href with scheme javascript:.*__xss\(9002\)/,
    /href with scheme javascript:.*>b</,
    /srcdoc attribute/,
    /<iframe> element/,
    /href with scheme data:/,
    /<img> element/,
    /<math> element/,
    /<span> in rendered markdown/,
    /attribute title on <span> in rendered markdown/,
    /attribute style on <p> in rendered markdown/,
  ];
  for (const pattern of expected) assert.ok(findings.some((f) => pattern.test(f)), `no finding matches ${pattern}:\n  ${findings.join('\n  ')}`);
  await assert.rejects(check({ ...session, problems: [] }, 'control', { count: false }), /canary was called by payloads 9001|unexpected elements/);
  await context.close();
});

test('the corpus in the store in this browser runs nowhere', async () => {
  timed('start');
  const baseURL = env.localApp.url;
  const context = await corpusContext(baseURL);
  const session = await open(context, baseURL, '/settings');
  const [download] = await Promise.all([session.page.waitForEvent('download'), session.page.getByTestId('export').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const records = exported.records;
  const template = records.find((r) => r.work_package)?.work_package;
  assert.ok(template, 'the export has work packages');

  const projectId = 100;
  records.push({ project: { id: projectId, identifier: LOCAL_PROJECT, name: BY_ID.get(NAME_PAYLOAD).text, description: BY_ID.get(1).text, parent: null } });
  const items = [];
  for (const [i, payload] of PAYLOADS.entries()) {
    const user = 1000 + payload.id;
    const wp = 1000 + payload.id;
    records.push({ user: { id: user, name: payload.text, login: `xss${payload.id}` } });
    records.push({ category: { id: 3000 + payload.id, project: projectId, name: payload.text } });
    records.push({ project: { id: 2000 + payload.id, identifier: `xss-${payload.id}`, name: payload.text, description: payload.text, parent: null } });
    const startDate = start(i);
    records.push({
      work_package: {
        ...template,
        id: wp,
        project: projectId,
        subject: fit(payload.text, SUBJECT_MAX),
        description: payload.text,
        wp_type: 1,
        status: 1 + (i % 4),
        assignee: user,
        responsible: null,
        version: null,
        category: 3000 + payload.id,
        parent: null,
        start_date: startDate,
        due_date: plus(startDate, 3),
        date: null,
        duration_days: null,
        lock_version: 0,
        position: (i + 1) * 1024,
        custom: {},
      },
    });
    records.push({
      activity: {
        id: 10_000 + payload.id,
        work_package: wp,
        user,
        created_at: template.created_at,
        comment: `xss-comment-${payload.id}\n\n${payload.text}`,
        details: [],
      },
    });
    records.push({
      view: { id: 5000 + payload.id, project: projectId, name: fit(payload.text, SUBJECT_MAX), kind: 'table', query: 'status=all', public: i % 2 === 0, starred: false },
    });
    items.push({ wp, payload });
  }
  await session.page.getByTestId('import').setInputFiles({
    name: 'xss.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await session.page.getByTestId('notice').filter({ hasText: 'The data was imported.' }).waitFor();
  await check(session, 'local settings after import');
  timed('local export and import');

  const names = PAYLOADS.map((p) => p.text);
  await session.page.goto(`${baseURL}/`);
  await e2e.waitForReady(session.page);
  await checkProjects(session, 'local projects list', [BY_ID.get(NAME_PAYLOAD).text, ...names]);
  timed('local projects');
  totals.places.local.add('project name');

  for (const view of ['board', 'gantt', 'table']) {
    await session.page.goto(`${baseURL}/projects/${LOCAL_PROJECT}/${view}${view === 'table' ? TABLE_COLUMNS : ''}`);
    await e2e.waitForReady(session.page);
    if (view === 'board') await checkBoard(session, 'local board');
    if (view === 'table') await checkTable(session, items, 'local table', names);
    if (view === 'gantt') await checkGantt(session, 'local Gantt');
    timed(`local ${view}`);
  }
  totals.places.local.add('subject').add('user name').add('category name').add('saved view name');

  await visitDetails(session, items, 'local detail panel', 'local', `/projects/${LOCAL_PROJECT}/table`);
  timed('local details');
  await visitPage(session, items[0], 'local work package page');
  await previewAll(session, 'local work package page');
  timed('local page and preview');
  await context.close();
  await previewWithoutCsp(baseURL, 'local preview without CSP');
  totals.previewedWithoutCsp = true;
  timed('local preview without CSP');
  assertNothingFound('the store in this browser');
});

/** Calls the test server's API as the API key's user. */
async function api(method, path, body) {
  const res = await fetch(`${env.op.url}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

test('the corpus on OpenProject runs nowhere', async () => {
  timed('before OpenProject');
  const seedRes = await fetch(`${env.op.url}/__test/xss_seed`, {
    method: 'POST',
    body: JSON.stringify({
      rename: { projects: { 1: BY_ID.get(NAME_PAYLOAD).text } },
      users: PAYLOADS.map((p) => p.text),
      member_of: [1],
      projects: PAYLOADS.map((p) => p.text),
      categories: PAYLOADS.map((p) => p.text),
    }),
  });
  assert.equal(seedRes.status, 200, await seedRes.clone().text());
  const seeded = await seedRes.json();
  assert.equal(seeded.users.length, PAYLOADS.length);
  assert.equal(seeded.categories.length, PAYLOADS.length);

  const items = [];
  for (const [i, payload] of PAYLOADS.entries()) {
    const startDate = start(i);
    const created = await api('POST', '/api/v3/projects/1/work_packages', {
      subject: fit(payload.text, SUBJECT_MAX),
      description: { raw: payload.text },
      customField1: fit(payload.text, SUBJECT_MAX),
      startDate,
      dueDate: plus(startDate, 3),
      _links: {
        type: { href: '/api/v3/types/1' },
        status: { href: `/api/v3/statuses/${[1, 2, 5][i % 3]}` }, // what the workflow lets new work start in
        assignee: { href: `/api/v3/users/${seeded.users[i]}` },
        category: { href: `/api/v3/categories/${seeded.categories[i]}` },
      },
    });
    await api('POST', `/api/v3/work_packages/${created.id}/activities`, { comment: { raw: `xss-comment-${payload.id}\n\n${payload.text}` } });
    await api('POST', '/api/v3/queries', { name: fit(payload.text, SUBJECT_MAX), public: i % 2 === 0, _links: { project: { href: '/api/v3/projects/1' } } });
    items.push({ wp: created.id, payload });
  }

  timed('OpenProject seeding through the API');
  const baseURL = env.opApp.url;
  const context = await corpusContext(baseURL);
  const session = await open(context, baseURL, '/');
  await session.page.getByTestId('sign-in').getByLabel('API token').fill(API_KEY);
  await session.page.getByTestId('sign-in').getByRole('button', { name: 'Sign in' }).click();
  const names = PAYLOADS.map((p) => p.text);
  await checkProjects(session, 'OpenProject projects list', [BY_ID.get(NAME_PAYLOAD).text, ...names]);
  timed('OpenProject sign-in and projects');
  totals.places.openproject.add('project name');

  for (const view of ['board', 'gantt', 'table']) {
    await session.page.goto(`${baseURL}/projects/city-portal/${view}${view === 'table' ? TABLE_COLUMNS : ''}`);
    await e2e.waitForReady(session.page);
    if (view === 'board') await checkBoard(session, 'OpenProject board');
    if (view === 'table') await checkTable(session, items, 'OpenProject table', names);
    if (view === 'gantt') await checkGantt(session, 'OpenProject Gantt');
    timed(`OpenProject ${view}`);
  }
  totals.places.openproject.add('subject').add('user name').add('category name').add('saved view name');

  await visitDetails(session, items, 'OpenProject detail panel', 'openproject', '/projects/city-portal/table', { customField: true });
  timed('OpenProject details');
  await visitPage(session, items[0], 'OpenProject work package page');
  await previewAll(session, 'OpenProject work package page');
  timed('OpenProject page and preview');
  await context.close();
  assertNothingFound('OpenProject');
});
