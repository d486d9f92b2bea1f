// The store in the browser: a refused write keeps the edit for a retry; export, reset and import.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as e2e from './support/browser.mjs';
import { DEMO, card, cardIds, column, readRecord, waitForStored } from './support/app.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup({ contextOptions: { viewport: { width: 1400, height: 900 }, acceptDownloads: true } });
});
after(() => e2e.teardown(ctx));

/** Makes every IndexedDB write fail like a full disk until `allowWrites` is called. */
async function refuseWrites(page) {
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    window.__tafelRefuse = true;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__tafelRefuse) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
}

const allowWrites = (page) => page.evaluate(() => (window.__tafelRefuse = false));

test('an edit the browser refuses to store stays on screen with a retry that saves it', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`);
  const row = page.getByTestId('wp-row').nth(3);
  const id = Number(await row.getAttribute('data-wp-id'));
  await row.getByRole('button').click();
  const panel = page.getByTestId('detail-panel');
  await refuseWrites(page);
  await panel.getByTestId('subject-input').fill('Kept although storage is full');
  await panel.getByTestId('subject-input').press('Enter');
  const notice = page.getByTestId('notice').filter({ hasText: 'This browser refused to save the change' });
  await notice.waitFor();
  assert.equal(await panel.getByTestId('subject-input').inputValue(), 'Kept although storage is full');
  assert.notEqual((await readRecord(page, `wp/${id}`)).work_package.subject, 'Kept although storage is full');

  await allowWrites(page);
  await notice.getByRole('button', { name: 'Retry' }).click();
  await waitForStored(page, id, (wp) => wp.subject === 'Kept although storage is full', 'after the retry');
  await notice.waitFor({ state: 'detached' });
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a move the browser refuses to store stays on the board, kept in the outbox, until the retry saves it', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  const [id] = await cardIds(page, 'New');
  const target = await column(page, 'In specification').getAttribute('data-column');
  await refuseWrites(page);
  await card(page, id).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const notice = page.getByTestId('notice').filter({ hasText: 'This browser refused to save the change' });
  await notice.waitFor();
  await column(page, 'In specification').locator(`[data-card-id="${id}"]`).waitFor();
  await allowWrites(page);
  await notice.getByRole('button', { name: 'Retry' }).click();
  await waitForStored(page, id, (wp) => wp.status === Number(target), 'in its new column after the retry');
  e2e.assertNoProblems(problems);
  await page.close();
});

test('export, reset to demo data and import bring the exported state back', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`);
  const row = page.getByTestId('wp-row').first();
  const id = Number(await row.getAttribute('data-wp-id'));
  await row.getByRole('button').click();
  await page.getByTestId('subject-input').fill('Exported subject');
  await page.getByTestId('subject-input').press('Enter');
  await waitForStored(page, id, (wp) => wp.subject === 'Exported subject', 'renamed');

  await page.getByRole('link', { name: 'Settings' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(exported.format, 'tafel-local-store');

  await page.getByTestId('reset').click();
  await page.getByTestId('confirm-reset').click();
  await page.getByTestId('notice').filter({ hasText: 'The demo data was restored.' }).waitFor();
  await waitForStored(page, id, (wp) => wp.subject !== 'Exported subject', 'back to the demo subject');

  await page.getByTestId('import').setInputFiles(file);
  await page.getByTestId('notice').filter({ hasText: 'The data was imported.' }).waitFor();
  await waitForStored(page, id, (wp) => wp.subject === 'Exported subject', 'as exported');

  await page.getByTestId('import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something else"}') });
  await page.getByTestId('notice').filter({ hasText: /^The file could not be imported/ }).waitFor();
  await waitForStored(page, id, (wp) => wp.subject === 'Exported subject', 'unchanged by a bad file');
  e2e.assertNoProblems(problems);
  await page.close();
});
