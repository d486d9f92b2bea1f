// Categories on both backends: the detail sets a category (a select with "none", like the version),
// it is kept after a reload and in the store or on the server, and it is cleared again; the table
// shows a Category column, filters by category and exports the column when it is shown, and its bulk
// bar gives several work packages a category at once.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, waitForStored } from './support/app.mjs';

const API_KEY = 'e2e-categories-key';
let env;
let op;

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
  ({ op } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

const VIEWPORT = { viewport: { width: 1400, height: 900 } };

// Work package 1 has no category on either backend; "Frontend" is category 1 of the city portal on
// both. `seeded` is a work package that has a category from the seed, with its category's name.
const BACKENDS = {
  local: {
    open: (path) => openLocal(env, path, VIEWPORT),
    categories: ['Frontend', 'Backend', 'Barrierefreiheit'],
    seeded: { subject: 'Login loops back to the start page in Safari', category: 'Frontend' },
    stored: (page, predicate, what, id = 1) => waitForStored(page, id, (wp) => predicate(wp.category ?? null), what),
  },
  openproject: {
    open: (path) => openSignedIn(env, API_KEY, path, VIEWPORT),
    categories: ['Frontend', 'Schnittstellen', 'Accessibility'],
    seeded: { subject: 'Online appointment booking', category: 'Frontend' },
    stored: (_page, predicate, what, id = 1) =>
      op.waitForWorkPackage(
        id,
        (wp) => predicate(wp._links.category?.href ? Number(wp._links.category.href.split('/').pop()) : null),
        what,
      ),
  },
};

const selectedText = (select) => select.evaluate((s) => s.selectedOptions[0]?.textContent ?? '');

async function columnTexts(page, column) {
  return page.getByTestId('wp-row').locator(`td[data-col="${column}"]`).allTextContents();
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a category is chosen in the detail, kept after a reload, and cleared`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table?wp=1`);
    const panel = page.getByTestId('detail-panel');
    const category = panel.getByLabel('Category', { exact: true });
    await category.waitFor();
    assert.equal(await selectedText(category), '— none —', 'no category yet');
    const options = await category.locator('option').allTextContents();
    assert.deepEqual(options, ['— none —', ...b.categories], 'none first, then the project\'s categories');

    // By keyboard: focus the select and pick the category.
    await category.focus();
    await category.selectOption({ label: 'Frontend' });
    await b.stored(page, (id) => id === 1, 'with category Frontend');
    // Saved as the page knows it too, so the reload cuts no answer short.
    await page.locator('[data-testid="sync-status"][data-state="saved"]').waitFor();

    await page.reload();
    await e2e.waitForReady(page);
    const reloaded = page.getByTestId('detail-panel').getByLabel('Category', { exact: true });
    await reloaded.waitFor();
    assert.equal(await selectedText(reloaded), 'Frontend', 'kept after a reload');
    const activity = page.getByTestId('detail-panel').getByTestId('activity');
    await activity.filter({ hasText: /Category/ }).waitFor();
    assert.match(await activity.textContent(), /Category.*Frontend/, 'the change is in the activity');

    await reloaded.selectOption({ label: '— none —' });
    await b.stored(page, (id) => id === null, 'without a category');
    assert.equal(await selectedText(reloaded), '— none —');
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: the table shows a Category column, filters by category and exports it`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table?cols=id,subject,category&f=${encodeURIComponent('category:=:1')}`);
    await page.getByTestId('wp-row').first().waitFor();
    assert.ok(await page.getByRole('columnheader', { name: 'Category' }).isVisible(), 'the column has its header');
    const subjects = await columnTexts(page, 'subject');
    assert.ok(subjects.includes(b.seeded.subject), `${b.seeded.subject} is in ${subjects}`);
    for (const name of await columnTexts(page, 'category')) assert.equal(name, b.seeded.category);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync(await file.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], '\uFEFFID,Subject,Category');
    assert.equal(lines.length, subjects.length + 1);
    for (const line of lines.slice(1)) assert.ok(line.endsWith(',Frontend'), line);

    // No category: the seeded one is gone from the list, and every category cell is empty.
    await page.goto(`${page.url().split('?')[0]}?cols=id,subject,category&f=${encodeURIComponent('category:!*:')}`);
    await e2e.waitForReady(page);
    await page.getByTestId('wp-row').first().waitFor();
    assert.ok(!(await columnTexts(page, 'subject')).includes(b.seeded.subject));
    for (const name of await columnTexts(page, 'category')) assert.equal(name, '');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: the bulk bar gives the selected work packages a category`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table?cols=id,subject,category&sort=id`);
    await page.getByTestId('wp-row').first().waitFor();
    for (const id of [1, 2]) await page.locator(`[data-wp-id="${id}"] [data-testid="select-row"]`).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByRole('heading', { name: '2 selected' }).waitFor();
    const category = bar.getByLabel('Category', { exact: true });
    const options = await category.locator('option').allTextContents();
    assert.deepEqual(options.slice(1), ['No category', ...b.categories], 'keep, none, then the categories');
    await category.selectOption({ label: b.categories[2] });
    await bar.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Changed 2 work packages.' }).waitFor();
    for (const id of [1, 2]) await b.stored(page, (c) => c === 3, `with category 3`, id);
    const cells = await page.locator('[data-wp-id="1"] td[data-col="category"], [data-wp-id="2"] td[data-col="category"]').allTextContents();
    assert.deepEqual(cells, [b.categories[2], b.categories[2]]);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
