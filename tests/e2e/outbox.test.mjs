// The outbox against the OpenProject-compatible server: an edit made offline waits in the browser and
// is sent when the network returns; one that keeps failing survives a reload (shown over the
// server's data) and is sent after it; one made while the outbox's code cannot be fetched is kept
// and sent once it arrives; a creation whose answer got lost is made exactly once; and of two tabs
// only one sends, the other's edits included.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { signInWithToken, startOpApp } from './support/backends.mjs';
import { DEMO } from './support/app.mjs';

const API_KEY = 'e2e-outbox-key';
let env;
let app;
let op;
let browser;
const config = {};

before(async () => {
  env = await startOpApp({ config, op: { apiKey: API_KEY } });
  ({ app, op, browser } = env);
  config.backend = { kind: 'openproject', url: op.url, auth: 'apikey' };
});
after(() => env?.close());
beforeEach(async () => {
  await op.clearFaults();
  await op.reset();
});

const signIn = (page) => signInWithToken(page, API_KEY);

/** A signed-in page at `path`, in `context` (a new one by default). */
async function open(path, context) {
  const ctx = { browser, baseURL: app.url };
  context ??= await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await signIn(page);
  await page.goto(`${app.url}${path}`);
  await e2e.waitForReady(page);
  return { page, problems, context };
}

const syncState = (page, state) => page.locator(`[data-testid="sync-status"][data-state="${state}"]`);

async function renameInPanel(page, index, subject, beforeTyping = async () => {}) {
  const row = page.getByTestId('wp-row').nth(index);
  const id = Number(await row.getAttribute('data-wp-id'));
  await row.getByRole('button').click();
  const input = page.getByTestId('detail-panel').getByTestId('subject-input');
  await input.waitFor();
  await beforeTyping();
  await input.fill(subject);
  await input.press('Enter');
  return id;
}

/** The failures the browser logs for requests that did not get through are expected here. */
function withoutNetworkNoise(problems) {
  return problems.filter((p) => !/Failed to load resource|net::ERR_|status of 50\d|^http 50\d:|^requestfailed:/.test(p));
}

test('an edit made offline waits in this browser, and is sent when the network returns', async () => {
  const { page, problems, context } = await open(`${DEMO}/table`);
  const id = await renameInPanel(page, 2, 'Written offline', async () => {
    await e2e.waitForAllCode(page);
    await context.setOffline(true);
  });
  await syncState(page, 'offline').waitFor();
  assert.match(await page.getByTestId('sync-status').textContent(), /Offline · 1 change waiting/);
  assert.notEqual((await op.workPackage(id)).subject, 'Written offline', 'nothing is sent while offline');
  const journal = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).length);
  assert.equal(journal, 1, 'the change is in the journal');
  // The panel lists it, in words.
  await page.getByTestId('sync-status').click();
  await page.getByTestId('sync-entry').filter({ hasText: `Change of #${id}: Subject` }).waitFor();
  await page.keyboard.press('Escape');

  await context.setOffline(false);
  await op.waitForWorkPackage(id, (wp) => wp.subject === 'Written offline', 'renamed after reconnecting');
  await syncState(page, 'saved').waitFor();
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).length), 0);
  e2e.assertNoProblems(withoutNetworkNoise(problems));
  await context.close();
});

test('an edit the server keeps failing survives a reload, is shown over its data, and is sent after it', async () => {
  const { page, problems, context } = await open(`${DEMO}/table`);
  await op.setFaults({ kinds: ['error500'], methods: ['PATCH'], rate: 1 });
  const id = await renameInPanel(page, 1, 'Kept across a reload');
  // Told once, with a way to send at once; the change stays on screen.
  await page.getByTestId('notice').filter({ hasText: 'The change is kept in this browser and sent again automatically.' }).waitFor();
  await syncState(page, 'waiting').waitFor();

  await page.reload();
  await e2e.waitForReady(page);
  const row = page.locator(`[data-testid="wp-row"][data-wp-id="${id}"]`);
  await row.filter({ hasText: 'Kept across a reload' }).waitFor();
  assert.notEqual((await op.workPackage(id)).subject, 'Kept across a reload');

  const stats = await op.clearFaults();
  assert.ok(stats.faulted.error500 >= 2, `the PATCH failed before and after the reload (${stats.faulted.error500} times)`);
  await page.getByTestId('sync-status').click();
  await page.getByTestId('sync-panel').getByRole('button', { name: 'Send now' }).click();
  await op.waitForWorkPackage(id, (wp) => wp.subject === 'Kept across a reload', 'renamed after the reload');
  await syncState(page, 'saved').waitFor();
  e2e.assertNoProblems(withoutNetworkNoise(problems));
  await context.close();
});

// The outbox's sending code is a chunk of its own, fetched once there is something to send or the
// page is idle (src/outbox_on_demand.rs).
const OUTBOX_CHUNK = /\/split_outbox-[0-9a-f]{16}\.wasm$/;
const journalSize = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).length);

test('an edit made while the outbox\'s code cannot be fetched is kept, counted across a reload, and sent once the code arrives', async () => {
  // No service worker: the chunk's requests go through the network, where the test blocks them.
  const context = await e2e.newContext(
    { browser, baseURL: app.url },
    { viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' },
  );
  let blocked = 0;
  await context.route(OUTBOX_CHUNK, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  const { page, problems } = await open(`${DEMO}/table`, context);
  const id = await renameInPanel(page, 2, 'Before the code');
  await syncState(page, 'waiting').waitFor();
  assert.ok(blocked > 0, 'the outbox\'s code was asked for');
  assert.equal(await journalSize(page), 1, 'the change is in the journal');
  assert.notEqual((await op.workPackage(id)).subject, 'Before the code', 'nothing is sent without the code');

  // After a reload the kept change counts as waiting before it can be read, never as saved.
  await page.reload();
  await e2e.waitForReady(page);
  await syncState(page, 'waiting').waitFor();
  assert.match(await page.getByTestId('sync-status').textContent(), /1 change waiting/);

  // The code arrives at the next try: the change is read, shown over the server's data, and sent.
  await context.unroute(OUTBOX_CHUNK);
  await page.locator(`[data-testid="wp-row"][data-wp-id="${id}"]`).filter({ hasText: 'Before the code' }).waitFor();
  await op.waitForWorkPackage(id, (wp) => wp.subject === 'Before the code', 'sent once the code arrived');
  await syncState(page, 'saved').waitFor();
  assert.equal(await journalSize(page), 0);
  e2e.assertNoProblems(e2e.exceptBlockedChunk(withoutNetworkNoise(problems), 'outbox'));
  await context.close();
});

test('a creation whose answer got lost is looked up, not made twice', async () => {
  // On before the page's first request, so no connection from before is reused (see op_server.mjs).
  await op.setFaults({ kinds: ['drop_after'], methods: ['POST'], paths: '/api/v3/projects/', rate: 1, limit: 1 });
  const { page, problems, context } = await open(`${DEMO}/board`);
  await page.getByRole('button', { name: 'Add card to New' }).click();
  const field = page.getByLabel('Add card to New');
  await field.fill('Created once despite a lost answer');
  await field.press('Enter');
  // Kept, and said so; once the lookup found it, the card is on the board (searched for, as the
  // column draws only the cards in view).
  await page.getByTestId('notice').filter({ hasText: 'The change is kept in this browser' }).waitFor();
  await syncState(page, 'saved').waitFor();
  await page.getByLabel('Search', { exact: true }).fill('Created once');
  await page.locator('[data-card-id]', { hasText: 'Created once despite a lost answer' }).waitFor();
  await syncState(page, 'saved').waitFor();
  const stats = await op.clearFaults();
  assert.equal(stats.faulted.drop_after, 1, 'the creation was dropped after the server made it');
  const auth = `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`;
  const filters = encodeURIComponent(JSON.stringify([{ subject: { operator: '~', values: ['Created once'] } }]));
  const res = await fetch(`${op.url}/api/v3/work_packages?filters=${filters}&pageSize=100`, { headers: { Authorization: auth } });
  const found = (await res.json())._embedded.elements.filter((wp) => wp.subject === 'Created once despite a lost answer');
  assert.equal(found.length, 1, 'exactly one work package was created');
  e2e.assertNoProblems(withoutNetworkNoise(problems));
  await context.close();
});

test('of two tabs one sends: an edit in the second is sent by the first, once', async () => {
  const first = await open(`${DEMO}/table`);
  const second = await open(`${DEMO}/table`, first.context);
  const id = await renameInPanel(second.page, 3, 'Sent by the other tab');
  await op.waitForWorkPackage(id, (wp) => wp.subject === 'Sent by the other tab', 'renamed');
  await syncState(second.page, 'saved').waitFor();
  // The first tab, which sent it, shows it too.
  await first.page.locator(`[data-testid="wp-row"][data-wp-id="${id}"]`, { hasText: 'Sent by the other tab' }).waitFor();
  const { requests } = await op.requests();
  const patches = requests.filter((line) => line.startsWith(`PATCH /api/v3/work_packages/${id}`));
  assert.equal(patches.length, 1, `one PATCH for the edit, got ${patches.join(', ')}`);
  e2e.assertNoProblems(first.problems);
  e2e.assertNoProblems(second.problems);
  await first.context.close();
});
