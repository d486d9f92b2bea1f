// Custom fields of every kind in the detail, on both backends: each gets the widget its kind calls
// for, labelled with the schema's name; a change to each survives a reload; a value that does not
// fit is explained at its field (linked by aria-describedby) and nothing stored is lost.
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
    assert.match(await panel.locator('label[for="tafel-field-custom-3"]').textContent(), /required/, 'required is said in words');
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

    await points.fill('');
    await points.press('Tab');
    const error = panel.locator('#tafel-field-custom-3-error');
    await error.filter({ hasText: t('en', 'ProblemBlank') }).waitFor();
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
