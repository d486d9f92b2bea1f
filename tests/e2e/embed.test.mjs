// Embedding (issue #9): the example host page (deploy/embed-example/) frames Tafel served from
// another origin and talks to it with postMessage, both ways: the host navigates, filters, sets the
// language, theme and tokens, and hands over a token; Tafel tells it when it is ready, where it went,
// which work package is open, which change was saved, and how high its content is. A page whose
// origin config.json does not list can frame Tafel but neither steer it nor hear from it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as e2e from './support/browser.mjs';
import { startServer, STRICT_CSP, REPO_ROOT } from './support/server.mjs';
import { startOpServer } from './support/op_server.mjs';
import { DEMO } from './support/app.mjs';

const HOST_ROOT = join(REPO_ROOT, 'deploy', 'embed-example');
const PROJECT = DEMO.split('/').pop();

let browser;
const servers = [];

before(async () => {
  browser = await e2e.launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

async function serve(options) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

/**
 * Tafel on one origin, the portal (allowed in config.json) and a stranger's page (not allowed) on
 * two others. Tafel's CSP lets both frame it (frame-ancestors, as deploy/ documents), so only the
 * configuration decides who may talk to it. `config` is what config.json holds besides `embed`,
 * and may be filled in after the start (it is read per request).
 */
async function embedding({ config = {}, connectSrc = [] } = {}) {
  // The hosts' pages under a strict policy too; they frame any port of this machine.
  const hostCsp = "default-src 'self'; script-src 'self'; style-src 'self'; frame-src http://127.0.0.1:*";
  const portal = await serve({ root: HOST_ROOT, csp: hostCsp });
  const stranger = await serve({ root: HOST_ROOT, csp: hostCsp });
  const [portalOrigin, strangerOrigin] = [portal, stranger].map((s) => new URL(s.url).origin);
  config.embed = { allowed_origins: [portalOrigin] };
  const app = await serve({
    config,
    connectSrc,
    csp: `${STRICT_CSP}; frame-ancestors 'self' ${portalOrigin} ${strangerOrigin}`,
  });
  return { app, portal, stranger };
}

/** Opens the host page framing Tafel at `path`; resolves once the frame's app is ready. */
async function openHost(host, app, path = '/') {
  const context = await e2e.newContext({ browser, baseURL: host.url });
  const { page, problems } = await e2e.newPage(context);
  await page.goto(`${host.url}/?tafel=${encodeURIComponent(`${app.url}${path}`)}`);
  const frame = page.frameLocator('#tafel');
  await frame.locator('html[data-tafel-ready]').waitFor({ state: 'attached', timeout: e2e.READY_TIMEOUT_MS });
  return { context, page, problems, frame };
}

/** The messages the host page logged, parsed, of one type. */
async function received(page, type) {
  const texts = await page.locator(`#log li[data-type="${type}"]`).allTextContents();
  return texts.map((t) => JSON.parse(t));
}

/** Waits until the host logged a message of `type` that `predicate` accepts; returns those. The
 * host page's CSP allows no eval, so the predicate runs here, each time the log grows. */
async function waitForMessage(page, type, predicate = () => true) {
  for (;;) {
    const all = await received(page, type);
    const matching = all.filter(predicate);
    if (matching.length) return matching;
    await page.waitForFunction(
      ({ type, seen }) => document.querySelectorAll(`#log li[data-type="${type}"]`).length > seen,
      { type, seen: all.length },
    );
  }
}

test('the host page embeds Tafel without its chrome, steers it, and hears back where it went, what is open and what was saved', async () => {
  const { app, portal } = await embedding();
  const { context, page, problems, frame } = await openHost(portal, app, '/');

  // Ready, with where it is; in the frame only the slim bar, none of the app's header.
  const [ready] = await waitForMessage(page, 'tafel:ready');
  assert.equal(ready.protocol, 1);
  assert.equal(ready.needsToken, false);
  assert.equal(ready.route.path, '/');
  await frame.getByTestId('embed-bar').waitFor();
  assert.equal(await frame.locator('.tafel-header').count(), 0, 'no app header in embed mode');
  await frame.getByTestId('sync-status').waitFor();

  // Host → Tafel: open the table with a work package in the detail.
  await page.getByLabel('Project', { exact: true }).fill(PROJECT);
  await page.getByLabel('View').selectOption('table');
  await page.getByLabel('Work package id').fill('3');
  await page.locator('#navigate').getByRole('button', { name: 'Open' }).click();
  await frame.getByTestId('detail-panel').waitFor();
  await frame.getByTestId('wp-row').first().waitFor();
  const [navigated] = await waitForMessage(page, 'tafel:navigated', (m) => m.route.view === 'table');
  assert.deepEqual(navigated.route, { path: `${DEMO}/table`, project: PROJECT, view: 'table', workPackage: 3 });
  await waitForMessage(page, 'tafel:selection', (m) => m.workPackages.length === 1 && m.workPackages[0] === 3);
  await page.locator('#selection', { hasText: '#3' }).waitFor();

  // Host → Tafel: filters, with the same names as Tafel's links.
  const subject = 'BundID';
  await page.getByLabel('Text', { exact: true }).fill(subject);
  await page.locator('#filters').getByRole('button', { name: 'Apply' }).click();
  await frame.locator('[data-testid="wp-row"]', { hasNotText: subject }).first().waitFor({ state: 'detached' });
  await frame.locator('[data-testid="wp-row"]', { hasText: subject }).first().waitFor();
  await waitForMessage(page, 'tafel:navigated', (m) => m.route.view === 'table');

  // Host → Tafel: language, theme and a token set.
  await page.getByLabel('Language').selectOption('de');
  await page.getByLabel('Theme').selectOption('high-contrast');
  await page.getByLabel('Primary colour').fill('#aa3300');
  await page.locator('#looks').getByRole('button', { name: 'Apply' }).click();
  await frame.locator('html[lang="de"][data-theme="high-contrast"]').waitFor({ state: 'attached' });
  await frame.getByRole('link', { name: 'Tabelle', exact: true }).waitFor();
  const primary = await frame.locator('html').evaluate((html) =>
    getComputedStyle(html).getPropertyValue('--tafel-color-primary').trim(),
  );
  assert.equal(primary, '#aa3300');

  // Tafel → host: a change saved in the frame is told, with its subject.
  const field = frame.getByTestId('detail-panel').getByTestId('subject-input');
  await field.fill('Changed inside the frame');
  await field.press('Enter');
  const [changed] = await waitForMessage(page, 'tafel:work-package-changed', (m) => m.workPackage.subject === 'Changed inside the frame');
  assert.equal(changed.change, 'updated');
  assert.equal(changed.workPackage.id, 3);

  // Tafel → host: its content height, to which the host sizes the frame.
  await waitForMessage(page, 'tafel:resize', (m) => m.height > 0);
  const sized = await page.evaluate(() => {
    const last = [...document.querySelectorAll('#log li[data-type="tafel:resize"]')].map((li) => JSON.parse(li.textContent)).at(-1);
    return { told: last.height, frame: document.querySelector('#tafel').clientHeight, cap: Math.round(window.innerHeight * 0.9) };
  });
  assert.equal(sized.frame, Math.max(Math.min(sized.told, sized.cap), 240), 'the frame is sized to what Tafel told');

  // On the board, which fills its frame, the height told is the frame's: sizing to it changes
  // nothing, so no resize loop starts.
  await page.getByLabel('View').selectOption('board');
  await page.getByLabel('Work package id').fill('');
  await page.locator('#navigate').getByRole('button', { name: 'Open' }).click();
  await frame.locator('[data-testid="board-column"]').first().waitFor();
  await page.waitForFunction(() => {
    const last = [...document.querySelectorAll('#log li[data-type="tafel:resize"]')].map((li) => JSON.parse(li.textContent)).at(-1);
    return last && last.height === document.querySelector('#tafel').clientHeight;
  });
  const bodyHeight = await frame.locator('body').evaluate((b) => b.getBoundingClientRect().height);
  const frameInner = await page.locator('#tafel').evaluate((f) => f.clientHeight);
  assert.equal(Math.ceil(bodyHeight), frameInner, 'the board fills the frame exactly');
  await e2e.screenshot(page, 'embed/host-page');

  e2e.assertNoProblems(problems);
  await context.close();
});

test('when the embedding\'s code arrives late, the host hears Tafel is ready once it is here, and is followed', async () => {
  const { app, portal } = await embedding();
  // No service worker, so the code's request goes through the network, where the test holds it.
  const context = await e2e.newContext({ browser, baseURL: portal.url }, { serviceWorkers: 'block' });
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  let asked = 0;
  await context.route(/\/split_embed-[0-9a-f]{16}\.wasm$/, async (route) => {
    asked += 1;
    await released;
    await route.continue();
  });
  const { page, problems } = await e2e.newPage(context);
  await page.goto(`${portal.url}/?tafel=${encodeURIComponent(`${app.url}${DEMO}/board`)}`);
  const frame = page.frameLocator('#tafel');
  await frame.locator('[data-testid="board-column"]').first().waitFor({ timeout: e2e.READY_TIMEOUT_MS });
  assert.ok(asked > 0, 'the frame asked for the embedding\'s code');
  assert.deepEqual(await received(page, 'tafel:ready'), [], 'nothing is told before the code is here');

  release();
  const [ready] = await waitForMessage(page, 'tafel:ready');
  assert.equal(ready.route.view, 'board');
  await page.getByLabel('Project', { exact: true }).fill(PROJECT);
  await page.getByLabel('View').selectOption('table');
  await page.locator('#navigate').getByRole('button', { name: 'Open' }).click();
  await frame.getByTestId('wp-row').first().waitFor();
  await waitForMessage(page, 'tafel:navigated', (m) => m.route.view === 'table');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a message Tafel cannot follow is answered with an error naming the problem, and changes nothing', async () => {
  const { app, portal } = await embedding();
  const { context, page, problems, frame } = await openHost(portal, app, `${DEMO}/board`);
  await waitForMessage(page, 'tafel:ready');
  const send = (message) =>
    page.evaluate(
      ([message, origin]) => document.querySelector('#tafel').contentWindow.postMessage(message, origin),
      [message, new URL(app.url).origin],
    );
  await send({ type: 'tafel:set-filters', filters: { colour: 'red' } });
  const [unknown] = await waitForMessage(page, 'tafel:error', (m) => m.code === 'unknown-filter');
  assert.match(unknown.message, /colour/);
  await send({ type: 'tafel:set-theme', tokens: { 'color-bg': 'url(https://evil.test/x.png)' } });
  await waitForMessage(page, 'tafel:error', (m) => m.code === 'bad-token');
  await send({ type: 'tafel:navigate', project: '../../evil' });
  await waitForMessage(page, 'tafel:error', (m) => m.code === 'bad-message');
  await send({ type: 'tafel:get-state' });
  const [state] = await waitForMessage(page, 'tafel:state');
  assert.equal(state.route.path, `${DEMO}/board`, 'still where it was');
  const background = await frame.locator('html').evaluate((html) => html.style.getPropertyValue('--tafel-color-bg'));
  assert.equal(background, '', 'the refused token was not applied');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a page whose origin is not allowed can frame Tafel but neither steers it nor hears from it', async () => {
  const { app, stranger } = await embedding();
  const { context, page, problems, frame } = await openHost(stranger, app, `${DEMO}/board`);
  const appOrigin = new URL(app.url).origin;
  // A navigation, then a probe the frame answers when it has taken every message before it: the
  // browser delivers one sender's messages in order.
  await frame.locator('html').evaluate(() => {
    window.addEventListener('message', (e) => {
      if (e.data === 'probe') document.documentElement.dataset.probed = '';
    });
  });
  await page.evaluate((origin) => {
    const target = document.querySelector('#tafel').contentWindow;
    target.postMessage({ type: 'tafel:navigate', project: 'elsewhere', view: 'gantt' }, origin);
    target.postMessage({ type: 'tafel:get-state' }, origin);
    target.postMessage('probe', origin);
  }, appOrigin);
  await frame.locator('html[data-probed]').waitFor({ state: 'attached' });
  await frame.locator('html').evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  assert.equal(await frame.locator('html').evaluate(() => location.pathname), `${DEMO}/board`);
  assert.equal(await page.locator('#log li').count(), 0, 'no message reached the stranger');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('against OpenProject the host hands over the user\'s API token, Tafel signs in with it, and asks again when the server stops taking it', async () => {
  const apiKey = 'embed-host-token';
  const connectSrc = [];
  const config = {};
  const { app, portal } = await embedding({ config, connectSrc });
  const op = await startOpServer({ apiKey, allowOrigins: [new URL(app.url).origin] });
  connectSrc.push(op.url);
  config.backend = { kind: 'openproject', url: op.url, auth: 'apikey' };
  try {
    const { context, page, problems, frame } = await openHost(portal, app, '/');
    const [waiting] = await waitForMessage(page, 'tafel:ready', (m) => m.needsToken);
    assert.equal(waiting.route.path, '/');
    await page.getByLabel('OpenProject token').fill(apiKey);
    await page.getByRole('button', { name: 'Hand over' }).click();
    await waitForMessage(page, 'tafel:ready', (m) => m.needsToken === false);
    await frame.locator('[data-testid="project-card"]').first().waitFor();
    // Kept for this tab only: nothing in the frame's localStorage.
    const stored = await frame.locator('html').evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes(apiKey), 'the token is not remembered');

    // The server stops taking the token in the middle of an edit: Tafel asks the host for a new
    // one, and the edit waits for it and is then saved.
    await op.setFaults({ rate: 1, kinds: ['unauthorized'], methods: ['PATCH'], sticky_unauthorized: true });
    await page.getByLabel('Project', { exact: true }).fill(PROJECT);
    await page.getByLabel('View').selectOption('table');
    await page.getByLabel('Work package id').fill('3');
    await page.locator('#navigate').getByRole('button', { name: 'Open' }).click();
    const field = frame.getByTestId('detail-panel').getByTestId('subject-input');
    await field.fill('Saved after a new token');
    await field.press('Enter');
    await waitForMessage(page, 'tafel:needs-token');
    await op.reauth();
    await op.clearFaults();
    await page.getByLabel('OpenProject token').fill(apiKey);
    await page.getByRole('button', { name: 'Hand over' }).click();
    await waitForMessage(page, 'tafel:work-package-changed', (m) => m.workPackage.subject === 'Saved after a new token');
    await op.waitForWorkPackage(3, (wp) => wp.subject === 'Saved after a new token', 'renamed once signed in again');
    e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
    await context.close();
  } finally {
    await op.close();
  }
});

/** An OAuth access token for `clientId`, got the way a portal would (code flow with PKCE). */
async function oauthAccessToken(op, clientId, redirectUri) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'api_v3',
    code_challenge: challenge, code_challenge_method: 'S256', state: randomBytes(8).toString('hex'),
  });
  const authorized = await fetch(`${op.url}/oauth/authorize?${query}`, { redirect: 'manual' });
  const code = new URL(authorized.headers.get('location')).searchParams.get('code');
  assert.ok(code, `an authorization code (status ${authorized.status})`);
  const answer = await fetch(`${op.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }),
  });
  const { access_token: token } = await answer.json();
  assert.ok(token, 'an access token');
  return token;
}

test('against OpenProject the host hands over an OAuth access token, and when it expires Tafel asks the host for a new one while the edit waits', async () => {
  const clientId = 'tafel-portal';
  const connectSrc = [];
  const config = {};
  const { app, portal } = await embedding({ config, connectSrc });
  const redirectUri = `${app.url}/`;
  const op = await startOpServer({ allowOrigins: [new URL(app.url).origin], oauthClients: [`${clientId}=${redirectUri}`] });
  connectSrc.push(op.url);
  config.backend = { kind: 'openproject', url: op.url, auth: 'oauth', oauth: { client_id: clientId, redirect_uri: redirectUri } };
  try {
    const { context, page, problems, frame } = await openHost(portal, app, '/');
    await waitForMessage(page, 'tafel:ready', (m) => m.needsToken);
    const handOver = async (token) => {
      await page.getByLabel('OpenProject token').fill(token);
      await page.getByLabel('Kind').selectOption('bearer');
      await page.getByRole('button', { name: 'Hand over' }).click();
    };
    await handOver(await oauthAccessToken(op, clientId, redirectUri));
    await waitForMessage(page, 'tafel:ready', (m) => m.needsToken === false);
    await frame.locator('[data-testid="project-card"]').first().waitFor();

    // The access token expires (Tafel holds no refresh token: the host renews): the edit waits, the
    // frame says the portal was asked, and the host is.
    await op.expireTokens();
    await page.getByLabel('Project', { exact: true }).fill(PROJECT);
    await page.getByLabel('View').selectOption('table');
    await page.getByLabel('Work package id').fill('3');
    await page.locator('#navigate').getByRole('button', { name: 'Open' }).click();
    const dialog = frame.getByTestId('sign-in-again');
    await dialog.filter({ hasText: 'The portal around Tafel was asked' }).waitFor();
    await waitForMessage(page, 'tafel:needs-token');
    // The page that could not load (the token had expired) loads once the new token works.
    const renewed = await oauthAccessToken(op, clientId, redirectUri);
    await handOver(renewed);
    await dialog.waitFor({ state: 'hidden' });
    const field = frame.getByTestId('detail-panel').getByTestId('subject-input');
    await field.fill('Saved with the portal\'s new token');
    await field.press('Enter');
    await waitForMessage(page, 'tafel:work-package-changed', (m) => m.workPackage.subject === 'Saved with the portal\'s new token');
    const stored = await fetch(`${op.url}/api/v3/work_packages/3`, { headers: { Authorization: `Bearer ${renewed}` } });
    assert.equal((await stored.json()).subject, 'Saved with the portal\'s new token');
    e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
    await context.close();
  } finally {
    await op.close();
  }
});
