// Custom fields of every kind in the detail, on both backends: each gets the widget its kind calls
// for, labelled with the schema's name; a change to each survives a reload; a value that does not
// fit is explained at its field (linked by aria-describedby) and nothing stored is lost. A field
// required for one type (story points of features) is asked for when one is created, in the dialog
// and when a card is added on the board; custom columns of the table are edited in their cells; the
// activity names the field that changed.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, readRecord, waitForStored } from './support/app.mjs';
import { t } from './support/catalog.mjs';

const API_KEY = 'e2e-custom-fields-key';
let env;
let op;

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
  ({ op } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

const VIEWPORT = { viewport: { width: 1400, height: 900 } };
const BACKENDS = {
  local: (path) => openLocal(env, path, VIEWPORT),
  openproject: (path) => openSignedIn(env, API_KEY, path, VIEWPORT),
};

/** The stored custom values of work package 1 in the domain's canonical text, whichever the backend. */
async function stored(backend, page) {
  if (backend === 'local') return (await readRecord(page, 'wp/1')).work_package.custom ?? {};
  const wp = await op.workPackage(1);
  const ids = (link) => [link].flat().filter((l) => l?.href).map((l) => l.href.split('/').pop()).join(',');
  return {
    customField1: wp.customField1,
    customField2: wp.customField2?.raw,
    customField3: wp.customField3 === null ? undefined : String(wp.customField3),
    customField4: wp.customField4 === null ? undefined : String(wp.customField4),
    customField5: wp.customField5 === null ? undefined : String(wp.customField5),
    customField6: wp.customField6 ?? undefined,
    customField7: ids(wp._links.customField7),
    customField8: ids(wp._links.customField8),
    customField9: ids(wp._links.customField9),
    customField10: ids(wp._links.customField10),
  };
}

async function waitForValues(backend, page, predicate, what) {
  if (backend === 'local') {
    return (await waitForStored(page, 1, (wp) => predicate(wp.custom ?? {}), what)).custom;
  }
  let last;
  for (let i = 0; i < 200; i++) {
    last = await stored(backend, page);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`work package #1 was not stored ${what}; last: ${JSON.stringify(last)}`);
}

const selected = (select) => select.evaluate((s) => [...s.selectedOptions].map((o) => o.textContent));

for (const [backend, open] of Object.entries(BACKENDS)) {
  test(`${backend}: a custom field of every kind is edited by keyboard and kept after a reload`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table?wp=1`);
    const panel = page.getByTestId('detail-panel');
    const field = (name) => panel.getByLabel(name, { exact: true });
    const points = panel.getByLabel('Story points');
    await points.waitFor();
    assert.equal(await points.inputValue(), '8', 'the seeded value is shown');
    assert.equal(await points.getAttribute('type'), 'number');
    // Story points are required for features only; this one is not a feature.
    assert.doesNotMatch(await panel.locator('label[for="tafel-field-custom-3"]').textContent(), /required/);
    assert.deepEqual(await selected(field('Office')), ["Citizens' office Mitte"]);

    await field('Cost centre').fill('KST-2000');
    await field('Cost centre').press('Tab');
    await field('Notes for the editors').fill('*first*\nsecond');
    await field('Notes for the editors').press('Tab');
    await points.fill('13');
    await points.press('Tab');
    await field('Budget (k€)').fill('2.5');
    await field('Budget (k€)').press('Tab');
    await field('Accessibility checked').focus();
    await page.keyboard.press('Space');
    await field('Go-live').fill('2026-12-01');
    await field('Go-live').dispatchEvent('change');
    await field('Office').selectOption({ label: "Citizens' office Nord" });
    await field('Reviewer').selectOption({ index: 2 });
    const reviewer = await selected(field('Reviewer'));
    await field('Planned for').selectOption({ index: 1 });
    const version = await selected(field('Planned for'));
    await field('Districts').selectOption([{ label: 'Mitte' }, { label: 'Süd' }]);

    const saved = await waitForValues(backend, page, (c) =>
      c.customField1 === 'KST-2000' && c.customField2 === '*first*\nsecond' && c.customField3 === '13'
      && c.customField4 === '2.5' && c.customField5 === 'true' && c.customField6 === '2026-12-01'
      && c.customField8 && c.customField9 && c.customField10?.split(',').length === 2
      && c.customField7 !== (backend === 'local' ? '2' : '12'), 'with a value for every field');
    assert.ok(saved.customField7, 'an office is chosen');

    await panel.getByRole('button', { name: 'Preview of Notes for the editors' }).click();
    await panel.locator('.tafel-field__preview em').filter({ hasText: 'first' }).waitFor();

    await page.reload();
    await e2e.waitForReady(page);
    await points.waitFor();
    assert.equal(await field('Cost centre').inputValue(), 'KST-2000');
    assert.equal(await field('Notes for the editors').inputValue(), '*first*\nsecond');
    assert.equal(await points.inputValue(), '13');
    assert.equal(await field('Budget (k€)').inputValue(), '2.5');
    assert.equal(await field('Accessibility checked').isChecked(), true);
    assert.equal(await field('Go-live').inputValue(), '2026-12-01');
    assert.deepEqual(await selected(field('Office')), ["Citizens' office Nord"]);
    assert.deepEqual(await selected(field('Reviewer')), reviewer);
    assert.deepEqual(await selected(field('Planned for')), version);
    assert.deepEqual(await selected(field('Districts')), ['Mitte', 'Süd']);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a value that does not fit is explained at its field and nothing stored is lost`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table?wp=1`);
    const panel = page.getByTestId('detail-panel');
    const points = panel.getByLabel('Story points');
    await points.waitFor();
    await panel.getByLabel('Cost centre', { exact: true }).fill('KST-3000');
    await panel.getByLabel('Cost centre', { exact: true }).press('Tab');
    await waitForValues(backend, page, (c) => c.customField1 === 'KST-3000', 'with the new cost centre');

    await points.fill('4.5');
    await points.press('Tab');
    const error = panel.locator('#tafel-field-custom-3-error');
    await error.filter({ hasText: t('en', 'ProblemNotANumber') }).waitFor();
    assert.equal(await points.getAttribute('aria-describedby'), 'tafel-field-custom-3-error');
    assert.equal(await points.getAttribute('aria-invalid'), 'true');
    const kept = await stored(backend, page);
    assert.equal(kept.customField3, '8', 'the stored value stays');
    assert.equal(kept.customField1, 'KST-3000', 'the other change stays');

    await points.fill('5');
    await points.press('Tab');
    await waitForValues(backend, page, (c) => c.customField3 === '5', 'with five story points');
    await error.filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    assert.equal(await points.getAttribute('aria-invalid'), 'false');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

/** A work package's custom values in canonical text, whichever the backend (see `stored`). */
async function storedOf(backend, page, id) {
  if (backend === 'local') return (await readRecord(page, `wp/${id}`)).work_package.custom ?? {};
  const wp = await op.workPackage(id);
  const ids = (link) => [link].flat().filter((l) => l?.href).map((l) => l.href.split('/').pop()).join(',');
  return {
    customField3: wp.customField3 === null ? undefined : String(wp.customField3),
    customField7: ids(wp._links.customField7),
  };
}

async function waitForValuesOf(backend, page, id, predicate, what) {
  let last;
  for (let i = 0; i < 200; i++) {
    last = await storedOf(backend, page, id).catch(() => undefined);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`work package #${id} was not stored ${what}; last: ${JSON.stringify(last)}`);
}

for (const [backend, open] of Object.entries(BACKENDS)) {
  test(`${backend}: a feature is created only with its required story points, told at the field, and keeps them`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    await page.getByRole('button', { name: 'New work package' }).click();
    const form = page.getByTestId('create-form');
    await form.getByLabel('Subject').fill('Feature with an estimate');
    // A task asks for no story points; a feature does, and says so in words.
    const pointsLabel = form.locator('label[for="tafel-create-custom-3"]');
    await pointsLabel.waitFor();
    assert.doesNotMatch(await pointsLabel.textContent(), /required/);
    await form.getByLabel('Type').selectOption({ label: 'Feature' });
    await pointsLabel.filter({ hasText: /required/ }).waitFor();
    const points = form.getByLabel(/^Story points/);

    await form.getByRole('button', { name: 'Create' }).click();
    const error = form.locator('#tafel-create-custom-3-error');
    await error.filter({ hasText: t('en', 'ProblemBlank') }).waitFor();
    assert.equal(await points.getAttribute('aria-invalid'), 'true');
    assert.equal(await points.getAttribute('aria-describedby'), 'tafel-create-custom-3-error');
    await page.waitForFunction(() => document.activeElement?.id === 'tafel-create-custom-3');
    assert.ok(await form.isVisible(), 'nothing was created');

    await points.fill('5');
    await form.getByLabel('Office').selectOption({ label: "Citizens' office Nord" });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = page.getByTestId('wp-row').filter({ hasText: 'Feature with an estimate' });
    await row.waitFor();
    const id = Number(await row.getAttribute('data-wp-id'));
    const saved = await waitForValuesOf(backend, page, id, (c) => c.customField3 === '5', 'with five story points');
    assert.ok(saved.customField7, 'with an office');

    await page.goto(new URL(`${DEMO}/table?wp=${id}`, page.url()).href);
    await e2e.waitForReady(page);
    const panel = page.getByTestId('detail-panel');
    await panel.getByLabel(/^Story points/).waitFor();
    assert.equal(await panel.getByLabel(/^Story points/).inputValue(), '5');
    assert.match(await panel.locator('label[for="tafel-field-custom-3"]').textContent(), /required/, 'required for a feature');
    assert.deepEqual(await selected(panel.getByLabel('Office', { exact: true })), ["Citizens' office Nord"]);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a card added to the features without story points is refused, and the message names the field`, async () => {
    const { page, problems, context } = await open(`${DEMO}/board?by=type`);
    await page.getByRole('button', { name: 'Add card to Feature' }).first().click();
    const quick = page.getByTestId('quick-add');
    await quick.getByRole('textbox').fill('A feature without an estimate');
    await quick.getByRole('textbox').press('Enter');
    await quick.getByText(/Story points/).waitFor();
    assert.ok(!(await quick.textContent()).includes(t('en', 'FieldCustom')), 'not just "Custom field"');
    assert.equal(await quick.getByRole('textbox').inputValue(), 'A feature without an estimate', 'the text is kept');
    // OpenProject's refusal is the 422 this test provokes.
    e2e.assertNoProblems(e2e.exceptStatus(problems, 422));
    await context.close();
  });

  test(`${backend}: custom columns are edited in their cells, a bad value is refused there, and the activity names the field`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table?cols=id,subject,customField3,customField7`);
    const cell = (col) => page.locator(`[data-wp-id="1"] td[data-col="${col}"]`);
    await cell('customField3').waitFor();
    assert.equal((await cell('customField3').textContent()).trim(), '8');
    const editor = page.getByTestId('cell-editor');

    // Enter edits; a number that is not whole is refused in the cell, and Escape leaves it as it was.
    await cell('customField3').click();
    await page.keyboard.press('Enter');
    assert.equal(await editor.getAttribute('type'), 'number');
    await editor.fill('4.5');
    await page.keyboard.press('Enter');
    await page.getByTestId('cell-error').filter({ hasText: t('en', 'ProblemNotANumber') }).waitFor();
    assert.match(await page.getByTestId('cell-error').textContent(), /Story points/, 'the message names the field');
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    assert.equal((await storedOf(backend, page, 1)).customField3, '8', 'nothing was saved');

    // F2 edits too; Enter saves.
    await cell('customField3').focus();
    await page.keyboard.press('F2');
    await editor.fill('21');
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await cell('customField3').filter({ hasText: '21' }).waitFor();

    // A list is chosen from its options.
    await cell('customField7').click();
    await page.keyboard.press('Enter');
    assert.equal(await editor.evaluate((e) => e.tagName), 'SELECT');
    await editor.selectOption({ label: 'Town hall' });
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await cell('customField7').filter({ hasText: 'Town hall' }).waitFor();
    await waitForValuesOf(backend, page, 1, (c) => c.customField3 === '21' && c.customField7 === (backend === 'local' ? '1' : '11'), 'with the cells\' values');

    await page.reload();
    await e2e.waitForReady(page);
    await cell('customField3').filter({ hasText: '21' }).waitFor();
    await cell('customField7').filter({ hasText: 'Town hall' }).waitFor();

    // The activity says which field changed, by its name.
    await page.goto(new URL(`${DEMO}/table?wp=1`, page.url()).href);
    await e2e.waitForReady(page);
    const activity = page.getByTestId('activity');
    await activity.getByText(/Story points changed from 8 to 21/).waitFor();
    await activity.getByText(/Office changed from Citizens' office Mitte to Town hall/).waitFor();
    assert.ok(!(await activity.textContent()).includes(t('en', 'FieldCustom')), 'no field is called "Custom field"');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
