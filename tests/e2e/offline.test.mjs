// Offline start (issue #9): the service worker (public/sw.js, registered by public/boot.js) keeps the
// app shell, so Tafel starts without a network on the store in this browser; and after a new
// deployment it offers "Update available — Reload", which activates the new worker.
// Each test uses its own server and a fresh browser context (service workers are allowed by default).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { DEMO, column } from './support/app.mjs';

let browser;
before(async () => {
  browser = await e2e.launchBrowser();
});
after(() => browser?.close());

async function serve(options = {}) {
  const server = await startServer(options);
  const ctx = { browser, baseURL: server.url, server };
  ctx.context = await e2e.newContext(ctx);
  return ctx;
}

/** Waits until a service worker controls the page (the shell is cached then: it activates after install). */
async function waitForController(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function registrationState(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      installing: registration.installing !== null,
      waiting: registration.waiting !== null,
      active: registration.active?.state ?? null,
      controlled: navigator.serviceWorker.controller !== null,
    };
  });
}

test('after one visit online, Tafel starts offline and shows the projects of the store in this browser', async () => {
  const ctx = await serve({ basePath: '/tafel/' });
  const { page, problems } = await e2e.openApp(ctx, '/');
  await page.locator('[data-testid="project-card"]').first().waitFor();
  await waitForController(page);
  const names = await page.locator('[data-testid="project-card"] h2').allTextContents();
  assert.ok(names.length > 0);

  // No network at all: the browser is offline and the server is gone.
  await e2e.waitForAllCode(page);
  await ctx.context.setOffline(true);
  await ctx.server.close();
  const served = ctx.server.requests.length;
  await page.reload();
  await e2e.waitForReady(page);
  await page.locator('[data-testid="project-card"]').first().waitFor();
  assert.deepEqual(await page.locator('[data-testid="project-card"] h2').allTextContents(), names);

  // A deep link never opened before starts too (the shell answers every navigation in the scope).
  await page.goto(`${ctx.baseURL}${DEMO}/board`);
  await e2e.waitForReady(page);
  await column(page, 'New').waitFor();
  assert.equal(ctx.server.requests.length, served, 'nothing reached the server while offline');
  e2e.assertNoProblems(problems);
  await ctx.context.close();
});

test('a new deployment shows "Update available", and Reload activates the new service worker', async () => {
  const ctx = await serve();
  const { page, problems } = await e2e.openApp(ctx, '/');
  await page.locator('[data-testid="project-card"]').first().waitFor();
  await waitForController(page);
  const prompt = page.getByTestId('update-prompt');
  assert.equal(await prompt.count(), 0, 'no prompt without a new version');

  // A new deployment: other sw.js bytes. The browser checks on navigations; the test asks at once.
  ctx.server.append['sw.js'] = '\n// the next deployment\n';
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await prompt.waitFor();
  assert.match(await prompt.textContent(), /Update available/);
  assert.equal((await registrationState(page)).waiting, true, 'the new worker waits');

  await Promise.all([
    page.waitForEvent('load'),
    prompt.getByRole('button', { name: 'Reload' }).click(),
  ]);
  await e2e.waitForReady(page);
  await waitForController(page);
  assert.deepEqual(await registrationState(page), {
    installing: false,
    waiting: false,
    active: 'activated',
    controlled: true,
  });
  // The active worker is the new one: asking again finds nothing newer to install.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  assert.deepEqual(await registrationState(page), {
    installing: false,
    waiting: false,
    active: 'activated',
    controlled: true,
  });
  assert.equal(await prompt.count(), 0, 'the prompt is gone after the reload');
  e2e.assertNoProblems(problems);
  await ctx.context.close();
  await ctx.server.close();
});
