// Language switch, a second tab following changes, and the screen for an unreadable store.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { DEMO, card, cardIds, column, drawnCardIds, writeRawRecord } from './support/app.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup({ contextOptions: { viewport: { width: 1400, height: 900 } } });
});
after(() => e2e.teardown(ctx));

test('the language switch turns the app German and the choice survives a reload', async () => {
  const context = await e2e.newContext(ctx);
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`, { context });
  await page.getByTestId('language-switch').selectOption('de');
  await page.getByRole('link', { name: 'Projekte' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  assert.match(await page.getByRole('link', { name: 'Tabelle' }).textContent(), /Tabelle/);
  await page.reload();
  await e2e.waitForReady(page);
  await page.getByRole('link', { name: 'Einstellungen' }).waitFor();
  await page.getByRole('link', { name: 'Tabelle' }).click();
  await page.getByRole('button', { name: 'Neues Arbeitspaket' }).waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a German browser starts in German', async () => {
  const context = await e2e.newContext(ctx, { locale: 'de-DE' });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await page.getByRole('heading', { name: 'Projekte' }).waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a second tab sees a move made in the first within a second', async () => {
  const first = await e2e.openApp(ctx, `${DEMO}/board`);
  const second = await e2e.openApp(ctx, `${DEMO}/board`);
  const [id] = await drawnCardIds(first.page, 'New');
  await column(second.page, 'New').locator(`[data-card-id="${id}"]`).waitFor();
  await card(first.page, id).focus();
  await first.page.keyboard.press('Space');
  await first.page.keyboard.press('ArrowRight');
  await first.page.keyboard.press('Enter');
  await column(first.page, 'In specification').locator(`[data-card-id="${id}"]`).waitFor();
  await column(second.page, 'In specification').locator(`[data-card-id="${id}"]`).waitFor({ timeout: 1000 });
  e2e.assertNoProblems(first.problems);
  e2e.assertNoProblems(second.problems);
  await first.page.close();
  await second.page.close();
});

test('unreadable stored data gives a screen to rescue it and start again, not a blank page', async () => {
  const context = await e2e.newContext(ctx, { acceptDownloads: true });
  const { page } = await e2e.openApp(ctx, '/', { context });
  await page.locator('[data-testid="project-card"]').first().waitFor();
  await writeRawRecord(page, 'wp/1', '{"work_package":{"id":1,');
  await page.reload();
  await e2e.waitForReady(page);
  const screen = page.getByTestId('corrupt-store');
  await screen.waitFor();
  assert.match(await screen.textContent(), /cannot read/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    screen.getByRole('button', { name: 'Download the raw data' }).click(),
  ]);
  const saved = await download.path();
  const { readFileSync } = await import('node:fs');
  const raw = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(raw['wp/1'], '{"work_package":{"id":1,', 'the damaged record is rescued as it was');

  await screen.getByRole('button', { name: 'Reset and start again' }).click();
  await page.locator('[data-testid="project-card"]').first().waitFor();
  await context.close();
});

test('? opens the keyboard shortcuts of every view, but not while typing, and Escape closes them', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`);
  await page.getByTestId('wp-row').first().waitFor();
  await page.getByLabel('Search').fill('?');
  assert.equal(await page.getByTestId('shortcuts').isVisible(), false, 'a ? typed in a field is text');
  await page.getByLabel('Search').fill('');
  await page.locator('tbody td[tabindex="0"]').focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  for (const view of ['Board', 'Table', 'Gantt']) await dialog.getByRole('heading', { name: view, exact: true }).waitFor();
  await dialog.getByText('Remove the selected link').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // The header's button opens it too, for those who do not know the key.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await dialog.waitFor();
  e2e.assertNoProblems(problems);
  await page.close();
});
