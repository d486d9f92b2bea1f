// Views fetched on demand (issue #4, src/views/on_demand.rs): the board, table, Gantt, work package
// and settings each live in a wasm chunk of their own that the browser fetches the first time the
// view is shown; so do the store inside the browser (src/local_on_demand.rs) and the demo data
// (src/seed_on_demand.rs). These tests check what a user sees when such a fetch fails, that a
// returning visit needs only the store's code for its first screen, that a first visit fetches the
// demo data's chunk, and that the views' chunks are fetched ahead once the page is idle.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { DEMO, column, startupSaysCodeFailed } from './support/app.mjs';
import { t } from './support/catalog.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup({ contextOptions: { viewport: { width: 1400, height: 900 } } });
});
after(() => e2e.teardown(ctx));

const GANTT_CHUNK = /\/split_gantt-[0-9a-f]{16}\.wasm$/;

test('a view whose code cannot be fetched says so, keeps the page usable, and Retry opens it', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  let blocked = 0;
  await context.route(GANTT_CHUNK, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  const { page, problems } = await e2e.openApp({ ...ctx, context }, `${DEMO}/gantt`);
  const failed = page.getByTestId('view-load-failed');
  await failed.waitFor();
  assert.equal((await failed.locator('p').textContent()).trim(), t('en', 'ErrViewLoadFailed'));
  assert.ok(blocked > 0, 'the Gantt chunk was asked for');
  // The rest of the page works: the project's other views open.
  await page.getByRole('link', { name: t('en', 'NavBoard') }).click();
  await column(page, 'New').waitFor();
  await page.getByRole('link', { name: t('en', 'NavGantt') }).click();
  await failed.waitFor();

  // The network is back: Retry fetches the chunk and draws the Gantt in place of the message.
  await context.unroute(GANTT_CHUNK);
  await failed.getByRole('button', { name: t('en', 'Retry') }).click();
  await page.getByTestId('gantt-bar').first().waitFor();
  assert.equal(await failed.count(), 0);
  // Only the blocked chunk's failures were reported (its requests, and the loader's console line).
  e2e.assertNoProblems(e2e.exceptBlockedChunk(problems, 'gantt'));
  await context.close();
});

// Every part's own chunk but the store's (the chunks parts share are left alone: the store needs some).
const OTHER_PARTS = /\/split_(?!local-)\w+-[0-9a-f]{16}\.wasm$/;
const SEED_CHUNK = /\/split_seed-[0-9a-f]{16}\.wasm$/;
const STORE_CHUNK = /\/split_local-[0-9a-f]{16}\.wasm$/;

test('a returning visit starts the project list with the store\'s code and no other part', async () => {
  // No service worker: every chunk request goes through the network, where the test sees it.
  const context = await e2e.newContext(ctx, { serviceWorkers: 'block' });
  const seedRequests = [];
  context.on('request', (request) => {
    if (SEED_CHUNK.test(request.url())) seedRequests.push(request.url());
  });
  // The first visit finds the store empty and fetches the demo project's code.
  const first = await e2e.openApp({ ...ctx, context }, '/');
  await first.page.locator('[data-testid="project-card"]').first().waitFor();
  assert.ok(seedRequests.length > 0, 'the first visit fetched the demo data chunk');
  const firstVisitSeeds = seedRequests.length;
  await first.page.close();

  await context.route(OTHER_PARTS, (route) => route.abort('internetdisconnected'));
  const { page } = await e2e.openApp({ ...ctx, context }, '/');
  await page.locator('[data-testid="project-card"]').first().waitFor();
  assert.ok((await page.locator('[data-testid="project-card"]').count()) > 0);
  await page.getByRole('heading', { name: t('en', 'ProjectsTitle') }).waitFor();
  assert.equal(await page.getByTestId('startup-failed').count(), 0);
  // Its store is there: the demo project's code is not even asked for.
  assert.equal(seedRequests.length, firstVisitSeeds, 'a returning visit did not ask for the demo data chunk');
  await context.close();
});

test('the store\'s code is fetched while the main module downloads, once, and the OpenProject client not at all', async () => {
  const context = await e2e.newContext(ctx, { serviceWorkers: 'block' });
  const parts = await e2e.watchPartsFetchedAhead(context, 'local');
  const { page, problems } = await e2e.openApp({ ...ctx, context }, '/');
  await page.locator(`[data-testid="project-card"] h2 a[href$="${DEMO}/board"]`).waitFor();
  assert.ok(parts.early(), 'the store\'s code was asked for before the main module arrived');
  assert.equal(parts.requests('local'), 1, 'the app took the answer fetched ahead instead of asking again');
  // A first visit needs the demo data too, also fetched ahead.
  assert.equal(parts.requests('seed'), 1);
  assert.equal(parts.requests('openproject'), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a first visit whose demo data cannot be fetched says so, and a reload fills the store', async () => {
  const context = await e2e.newContext(ctx, { serviceWorkers: 'block' });
  await context.route(SEED_CHUNK, (route) => route.abort('internetdisconnected'));
  const { page, problems } = await e2e.openApp({ ...ctx, context }, '/');
  await startupSaysCodeFailed(page);
  // Nothing was written: the network is back, and a reload seeds the demo project.
  await context.unroute(SEED_CHUNK);
  await page.reload();
  await page.locator(`[data-testid="project-card"] h2 a[href$="${DEMO}/board"]`).waitFor();
  e2e.assertNoProblems(e2e.exceptBlockedChunk(problems, 'seed'));
  await context.close();
});

test('when the store\'s code cannot be fetched the start says so, and a reload opens the store', async () => {
  const context = await e2e.newContext(ctx, { serviceWorkers: 'block' });
  await context.route(STORE_CHUNK, (route) => route.abort('internetdisconnected'));
  const { page, problems } = await e2e.openApp({ ...ctx, context }, '/');
  await startupSaysCodeFailed(page);
  assert.equal(await page.getByTestId('project-card').count(), 0);
  await context.unroute(STORE_CHUNK);
  await page.reload();
  await page.locator(`[data-testid="project-card"] h2 a[href$="${DEMO}/board"]`).waitFor();
  e2e.assertNoProblems(e2e.exceptBlockedChunk(problems, 'local'));
  await context.close();
});

test('once the first screen is idle every view is fetched, so each opens later without the network', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp({ ...ctx, context }, '/');
  await page.locator('[data-testid="project-card"]').first().waitFor();
  await e2e.waitForAllCode(page);
  await context.setOffline(true);
  await page.locator(`[data-testid="project-card"] h2 a[href$="${DEMO}/board"]`).click();
  await column(page, 'New').waitFor();
  await page.getByRole('link', { name: t('en', 'NavGantt') }).click();
  await page.getByTestId('gantt-bar').first().waitFor();
  await page.getByRole('link', { name: t('en', 'NavTable') }).click();
  await page.getByRole('grid').first().waitFor();
  // Offline, the browser still asks for the page's icon; nothing else may fail.
  e2e.assertNoProblems(problems.filter((p) => !/\/favicon-[0-9a-f]{16}\.svg/.test(p)));
  await context.close();
});
