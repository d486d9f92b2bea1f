// Journeys against the OpenProject backend: Tafel served with a config.json that points at the
// OpenProject-compatible test server on another origin (CORS), as a deployment would.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { signInWithToken, startOpApp } from './support/backends.mjs';
import { DEMO, card, cardIds, column, startupSaysCodeFailed } from './support/app.mjs';

const API_KEY = 'e2e-secret-key';
const OAUTH_CLIENT = 'tafel-e2e';
let env;
let app;
let op;
let browser;
const config = {};

before(async () => {
  env = await startOpApp({
    config,
    op: (served) => ({ apiKey: API_KEY, anonymousRead: true, oauthClients: [`${OAUTH_CLIENT}=${served.url}/`] }),
  });
  ({ app, op, browser } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

async function openAs(auth, path) {
  config.backend = { kind: 'openproject', url: op.url, auth };
  if (auth === 'oauth') config.backend.oauth = { client_id: OAUTH_CLIENT, redirect_uri: `${app.url}/` };
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const opened = await e2e.openApp(ctx, path, { context });
  return { ...opened, context };
}


const signIn = (page) => signInWithToken(page, API_KEY);

const statusOf = async (id) => (await op.workPackage(id))._links.status.title;

test('a public instance shows its projects and board without any sign-in', async () => {
  const { page, problems, context } = await openAs('none', '/');
  await page.getByRole('link', { name: 'City Portal Relaunch' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const names = await page.locator('.tafel-column__name').allTextContents();
  assert.deepEqual(names.slice(0, 3), ['New', 'In progress', 'In review']);
  assert.match(await page.locator('.tafel-badge').textContent(), new RegExp(`Connected to ${op.url}`));
  // The default filter would hide closed work; the board asks for everything.
  assert.ok((await cardIds(page, 'Done')).length > 0, 'closed work packages are on the board');
  // Without an account nothing may be changed, and Tafel offers nothing that would be refused.
  const [id] = await cardIds(page, 'New');
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.getByTestId('announcer').filter({ hasText: /cannot be moved: you may not change it/ }).waitFor();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('detail-panel');
  await panel.getByTestId('subject-input').waitFor();
  assert.ok(await panel.getByTestId('subject-input').isDisabled());
  assert.ok(await panel.getByLabel('Status').isDisabled());
  assert.ok(!(await panel.getByTestId('delete').isVisible()));
  assert.ok(!(await panel.getByTestId('comment-input').isVisible()));
  assert.equal(await panel.getByTestId('edit-description').count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('signing in with an API token, moving a card and finding it moved on the server', async () => {
  const { page, problems, context } = await openAs('apikey', `${DEMO}/board`);
  const signIn = page.getByTestId('sign-in');
  await signIn.getByLabel('API token').fill('not-the-key');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByText('The server did not accept this token.').waitFor();
  await signIn.getByLabel('API token').fill(API_KEY);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  // The token is not in the address bar.
  assert.ok(!page.url().includes(API_KEY));

  const [id] = await cardIds(page, 'New');
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  // The move is saved in two steps: the status, then the card's place in the board order.
  const orderSaved = page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/queries\/\d+\/order$/.test(r.url()));
  await page.keyboard.press('Enter');
  await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'In progress', 'In progress');
  await orderSaved;

  // The token lasts for this tab: a reload stays signed in.
  await page.reload();
  await e2e.waitForReady(page);
  await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
  await context.close();
});

test('columns the workflow does not allow are marked while a card moves, and a drop there is refused', async () => {
  const { page, problems, context } = await openAs('apikey', '/');
  await signIn(page);
  await page.getByRole('link', { name: 'City Portal Relaunch' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const [id] = await cardIds(page, 'New');
  await card(page, id).focus();
  await page.keyboard.press('Space');
  // From New, OpenProject's form (the workflow) allows In progress and Rejected, not In review.
  await column(page, 'In review').locator('.tafel-cell--blocked').waitFor();
  assert.equal(await column(page, 'In progress').locator('.tafel-cell--blocked').count(), 0);
  assert.match(await column(page, 'In review').textContent(), /not allowed/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.getByTestId('notice').filter({ hasText: /The workflow does not allow moving .+ to In review/ }).waitFor();
  await column(page, 'New').locator(`[data-card-id="${id}"]`).waitFor();
  assert.equal(await statusOf(id), 'New');
  const { requests } = await op.requests();
  assert.ok(!requests.some((r) => r.startsWith(`PATCH /api/v3/work_packages/${id}`)), 'nothing was sent');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('two people edit the same work package: the second sees the conflict and neither edit is lost', async () => {
  const first = await openAs('apikey', '/');
  const second = await openAs('apikey', '/');
  await signIn(first.page);
  await signIn(second.page);
  for (const { page } of [first, second]) {
    await page.goto(`${app.url}${DEMO}/table?wp=1`);
    await e2e.waitForReady(page);
    await page.getByTestId('subject-input').waitFor();
  }
  // The first person renames #1 and it is saved.
  await first.page.getByTestId('subject-input').fill('Renamed by the first person');
  await first.page.getByTestId('subject-input').press('Enter');
  await op.waitForWorkPackage(1, (wp) => wp.subject === 'Renamed by the first person', 'renamed');
  // The second person, still looking at the old version, changes the priority.
  const priority = second.page.getByTestId('detail-panel').getByLabel('Priority');
  const wanted = (await priority.inputValue()) === '4' ? 'Low' : 'Immediate';
  await priority.selectOption({ label: wanted });
  const dialog = second.page.getByTestId('conflict');
  await dialog.waitFor();
  const row = dialog.locator('tbody tr', { hasText: 'Priority' });
  assert.match(await row.locator('td').nth(0).textContent(), new RegExp(wanted));
  // Meanwhile the form shows what is stored now, including the first person's subject.
  assert.equal(await second.page.getByTestId('subject-input').inputValue(), 'Renamed by the first person');
  await dialog.getByRole('button', { name: 'Apply my change' }).click();
  const stored = await op.waitForWorkPackage(1, (wp) => wp._links.priority.title === wanted, `of priority ${wanted}`);
  assert.equal(stored.subject, 'Renamed by the first person');
  assert.equal(stored._links.priority.title, wanted);
  e2e.assertNoProblems(e2e.exceptStatus(first.problems, 409));
  e2e.assertNoProblems(e2e.exceptStatus(second.problems, 409));
  await first.context.close();
  await second.context.close();
});

test('a card moved after someone else changed it opens the conflict dialog, and the move can be applied on top', async () => {
  const { page, problems, context } = await openAs('apikey', '/');
  await signIn(page);
  await page.goto(`${app.url}${DEMO}/board`);
  await e2e.waitForReady(page);
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const [id] = await cardIds(page, 'New');
  // Another user edits the work package; this board has not seen it yet.
  await op.touch(id);
  await card(page, id).getByRole('button', { name: /^Move #\d+ .* to…$/ }).click();
  await page.getByTestId('move-menu').getByRole('button', { name: /^In progress/ }).click();
  const dialog = page.getByTestId('conflict');
  await dialog.waitFor();
  assert.match(await dialog.locator('tbody tr', { hasText: 'Status' }).textContent(), /In progress/);
  // Until the user decides, the card shows what is stored: the other user's version, still in New.
  await column(page, 'New').locator(`[data-card-id="${id}"]`, { hasText: '(edited elsewhere)' }).waitFor();
  await dialog.getByRole('button', { name: 'Apply my change' }).click();
  await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  const stored = await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'In progress', 'In progress');
  assert.match(stored.subject, /\(edited elsewhere\)$/, 'the other change is kept');
  e2e.assertNoProblems(e2e.exceptStatus(problems, 409));
  await context.close();
});

test('signing in with OAuth and PKCE through the server\'s sign-in page, then writing with the token', async () => {
  const { page, problems, context } = await openAs('oauth', '/');
  await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in with OpenProject' }).click();
  // OpenProject's page redirects back with a code; Tafel trades it for a token and cleans the address.
  await page.getByTestId('project-card').first().waitFor();
  assert.ok(!/[?&](code|state)=/.test(page.url()), `the code left the address bar: ${page.url()}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  await page.getByRole('link', { name: 'City Portal Relaunch' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const [id] = await cardIds(page, 'New');
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  // A write, which anonymous users may not do, goes through.
  await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'In progress', 'In progress');

  // The access token expires: the next write renews it with the refresh token and goes through.
  await op.expireTokens();
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'New', 'New after the token expired');
  assert.equal(await page.getByTestId('notice').count(), 0, 'no error was shown');
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
  await context.close();
});

test('with OAuth, a token that expires while queued changes are being sent is renewed once and every change goes through', async () => {
  const { page, problems, context } = await openAs('oauth', '/');
  await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in with OpenProject' }).click();
  await page.getByTestId('project-card').first().waitFor();
  await page.getByRole('link', { name: 'City Portal Relaunch' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const ids = (await cardIds(page, 'New')).slice(0, 3);
  assert.equal(ids.length, 3);
  // Three moves wait offline; the token expires meanwhile; the network returns and the outbox sends
  // them in a row: the first meets the 401.
  await e2e.waitForAllCode(page);
  await context.setOffline(true);
  for (const id of ids) {
    await card(page, id).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  }
  await op.expireTokens();
  await op.clearRequests();
  await context.setOffline(false);
  for (const id of ids) await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'In progress', 'In progress');
  await page.locator('[data-testid="sync-status"][data-state="saved"]').waitFor();
  const sent = (await op.requests()).requests;
  assert.equal(sent.filter((r) => r.startsWith('POST /oauth/token')).length, 1, `one renewal: ${sent.join(', ')}`);
  assert.ok(sent.some((r) => r.startsWith('PATCH /api/v3/work_packages/')), 'the moves were sent after the renewal');
  assert.ok(!(await page.getByTestId('sign-in-again').isVisible()), 'no sign-in was asked for');
  assert.equal(await page.getByTestId('notice').filter({ hasText: /sign in|token/i }).count(), 0, 'no error about signing in');
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401).filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|^requestfailed:/.test(p)));
  await context.close();
});

test('with OAuth, when the sign-in cannot be renewed, the user signs in through OpenProject again and the waiting change is sent', async () => {
  const { page, problems, context } = await openAs('oauth', '/');
  await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in with OpenProject' }).click();
  await page.getByTestId('project-card').first().waitFor();
  await page.getByRole('link', { name: 'City Portal Relaunch' }).click();
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const [id] = await cardIds(page, 'New');
  // The move waits offline; meanwhile the grants are revoked (renewal refused too).
  await e2e.waitForAllCode(page);
  await context.setOffline(true);
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  await op.revokeTokens();
  await context.setOffline(false);
  const dialog = page.getByTestId('sign-in-again');
  await dialog.waitFor();
  assert.equal(await statusOf(id), 'New', 'nothing was written without a valid sign-in');
  await dialog.getByRole('button', { name: 'Sign in with OpenProject' }).click();
  // Through OpenProject's sign-in page and back: the move waited in this browser and is sent now.
  await page.getByTestId('project-card').first().waitFor();
  await op.waitForWorkPackage(id, (wp) => wp._links.status.title === 'In progress', 'In progress after signing in again');
  assert.ok(!/[?&](code|state)=/.test(page.url()), `the code left the address bar: ${page.url()}`);
  // The refused renewal (400 from /oauth/token) is expected here.
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401).filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|^requestfailed:|^http 400: POST \S+\/oauth\/token$/.test(p)));
  await context.close();
});

test('when the API token stops working while a page loads, the user is asked to sign in again and the page then loads', async () => {
  const { page, problems, context } = await openAs('apikey', '/');
  await signIn(page);
  await page.getByTestId('project-card').first().waitFor();
  await op.rotateKey('the-new-key');
  try {
    // Reading the project now meets a 401: not a dead end with a Retry button, but the sign-in.
    await page.getByTestId('project-card').first().getByRole('link', { name: 'Board', exact: true }).click();
    const dialog = page.getByTestId('sign-in-again');
    await dialog.waitFor();
    await page.getByTestId('load-failed').waitFor();
    // The browser may close a dialog by itself (its close watcher, for a dialog that opened
    // without the user's action): the next refused read opens it again.
    await page.evaluate(() => document.querySelector('dialog[open]').close());
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('load-failed').getByRole('button', { name: 'Retry' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('API token').fill('the-new-key');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The page loads by itself once the token works.
    await column(page, 'New').waitFor();
    assert.equal(await page.getByTestId('load-failed').count(), 0);
  } finally {
    await op.rotateKey(API_KEY);
  }
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
  await context.close();
});

test('when the API token stops working, an edit waits on screen until the user signs in again', async () => {
  const { page, problems, context } = await openAs('apikey', '/');
  await signIn(page);
  await page.goto(`${app.url}${DEMO}/table?wp=4`);
  await e2e.waitForReady(page);
  const subject = page.getByTestId('subject-input');
  await subject.waitFor();
  // The panel's own reads (watchers, the work package again) are done before the user types.
  await page.waitForLoadState('networkidle');
  await op.rotateKey('the-new-key');
  try {
    await subject.fill('Kept while signed out');
    await subject.press('Enter');
    const dialog = page.getByTestId('sign-in-again');
    await dialog.waitFor();
    assert.equal(await subject.inputValue(), 'Kept while signed out', 'the edit stays on screen');
    await dialog.getByLabel('API token').fill('not-it-either');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByText('The server did not accept this token.').waitFor();
    // The refusal describes the field, so a screen reader reads it with the field.
    const describedBy = (await dialog.getByLabel('API token').getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(describedBy.split(' ').filter(Boolean).map((id) => page.locator(`#${id}`).textContent()));
    assert.ok(descriptions.includes('The server did not accept this token.'), `field described by: ${descriptions.join(' | ')}`);
    await dialog.getByLabel('API token').fill('the-new-key');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await op.waitForWorkPackage(4, (wp) => wp.subject === 'Kept while signed out', 'sent after signing in again');
    await dialog.waitFor({ state: 'hidden' });
  } finally {
    await op.rotateKey(API_KEY);
  }
  e2e.assertNoProblems(e2e.exceptStatus(problems, 401));
  await context.close();
});

test('a deployment on OpenProject fetches its client while the main module downloads, once, and never the store\'s code', async () => {
  config.backend = { kind: 'openproject', url: op.url, auth: 'none' };
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const parts = await e2e.watchPartsFetchedAhead(context, 'openproject');
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await page.getByTestId('project-card').first().waitFor();
  assert.ok(parts.early(), 'the client was asked for before the main module arrived');
  assert.equal(parts.requests('openproject'), 1, 'the app took the answer fetched ahead instead of asking again');
  assert.equal(parts.requests('local'), 0);
  assert.equal(parts.requests('seed'), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('when the OpenProject part of Tafel cannot be fetched, the start says so and a reload recovers', async () => {
  const OP_CHUNK = /\/split_openproject-[0-9a-f]{16}\.wasm$/;
  config.backend = { kind: 'openproject', url: op.url, auth: 'none' };
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  await context.route(OP_CHUNK, (route) => route.abort('internetdisconnected'));
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await startupSaysCodeFailed(page);
  // The network is back: reloading the page starts Tafel on the server.
  await context.unroute(OP_CHUNK);
  await page.reload();
  await page.getByTestId('project-card').first().waitFor();
  e2e.assertNoProblems(e2e.exceptBlockedChunk(problems, 'openproject'));
  await context.close();
});
