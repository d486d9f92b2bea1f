// Smoke test: the release build in dist/ boots under the strict CSP, from / and from a deep link.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup();
});
after(() => e2e.teardown(ctx));

test('the app boots at / without console errors or CSP violations', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/');
  const title = await page.title();
  assert.match(title, /Tafel/, `document.title is "${title}"`);
  assert.equal(await page.locator('#tafel-boot').count(), 0, 'the loading skeleton #tafel-boot is still there after mount');
  e2e.assertNoProblems(problems);
  await page.close();
});

test('the app boots from a deep link served by the SPA fallback', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/projects/demo/board');
  assert.match(await page.title(), /Tafel/);
  e2e.assertNoProblems(problems);
  await page.close();
});
