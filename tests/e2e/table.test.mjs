// The table: sort, search and filters live in the URL, so a link restores the same view.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { DEMO } from './support/app.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup({ contextOptions: { viewport: { width: 1400, height: 900 } } });
});
after(() => e2e.teardown(ctx));

async function columnTexts(page, column) {
  return page.getByTestId('wp-row').locator(`td[data-col="${column}"]`).allTextContents();
}

test('clicking a column header sorts and writes the sort into the URL', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`);
  await page.locator('button[data-sort="subject"]').click();
  await page.waitForURL(/sort=subject/);
  const asc = await columnTexts(page, 'subject');
  assert.deepEqual(asc, [...asc].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  await page.locator('button[data-sort="subject"]').click();
  await page.waitForURL(/sort=-subject/);
  assert.equal(await page.locator('th[aria-sort="descending"]').count(), 1);
  // Only the rows in view are drawn: the first ones now are the last ones before, in reverse.
  const desc = await columnTexts(page, 'subject');
  const byText = (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' });
  assert.deepEqual(desc, [...desc].sort(byText).reverse());
  assert.ok(byText(desc[0], asc[asc.length - 1]) >= 0, `${desc[0]} comes last in ascending order`);
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a URL with filters, search and sort opens the table exactly so', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table?status=open&type=3&sort=-dueDate`);
  await page.getByTestId('wp-row').first().waitFor();
  assert.equal(await page.locator('#tafel-filter-status').inputValue(), 'open');
  assert.equal(await page.locator('#tafel-filter-type').inputValue(), '3');
  const typeName = await page.locator('#tafel-filter-type option:checked').textContent();
  const types = await columnTexts(page, 'type');
  assert.ok(types.length > 0);
  for (const t of types) assert.equal(t.trim(), typeName.trim());
  const statuses = await columnTexts(page, 'status');
  for (const s of statuses) assert.ok(!['Done', 'Rejected'].includes(s), `closed status ${s} shown`);
  assert.equal(await page.locator('th[aria-sort="descending"] button').getAttribute('data-sort'), 'dueDate');

  // Searching narrows the rows and is kept in the URL too.
  const subject = (await columnTexts(page, 'subject'))[0];
  const word = subject.split(' ').find((w) => w.length > 4) ?? subject;
  await page.locator('#tafel-filter-text').fill(word);
  await page.waitForURL(new RegExp(`q=${encodeURIComponent(word)}`));
  for (const s of await columnTexts(page, 'subject')) assert.match(s.toLowerCase(), new RegExp(word.toLowerCase()));
  const url = page.url();

  const second = await e2e.openApp(ctx, url.slice(ctx.baseURL.length));
  assert.equal(await second.page.locator('#tafel-filter-text').inputValue(), word);
  assert.deepEqual(await columnTexts(second.page, 'subject'), await columnTexts(page, 'subject'));
  e2e.assertNoProblems(problems);
  e2e.assertNoProblems(second.problems);
  await page.close();
  await second.page.close();
});

test('filtering by assignee shows only their work packages', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`);
  await page.locator('#tafel-filter-assignee').selectOption({ label: 'Jonas Weber' });
  await page.waitForURL(/assignee=\d+/);
  const assignees = await columnTexts(page, 'assignee');
  assert.ok(assignees.length > 0);
  for (const a of assignees) assert.equal(a, 'Jonas Weber');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((u) => !u.search.includes('assignee'));
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a table of thousands draws only the rows in view and reaches its last row by scrolling', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/projects/bench/table?seed=bench&n=2000&sort=id');
  await page.locator('html[data-tafel-seeded="2000"]').waitFor({ state: 'attached' });
  await page.getByTestId('wp-row').first().waitFor();
  assert.equal(await page.getByTestId('wp-table').getAttribute('aria-rowcount'), '2041');
  const drawn = await page.getByTestId('wp-row').count();
  assert.ok(drawn < 100, `only the rows in view are in the page, not ${drawn}`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = page.locator('[data-testid="wp-row"][aria-rowindex="2041"]');
  await last.waitFor();
  assert.match(await last.locator('td[data-col="subject"]').textContent(), /^\s*\S.* 2000\s*$/, 'the last task of the data set');
  e2e.assertNoProblems(problems);
  await page.close();
});

test('Shift + click on a second header sorts by it within the first, and a plain click starts over', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table?sort=status`);
  await page.getByTestId('wp-row').first().waitFor();
  await page.locator('button[data-sort="dueDate"]').click({ modifiers: ['Shift'] });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'status,dueDate');
  assert.match(await page.locator('button[data-sort="dueDate"]').textContent(), /▲2/);
  assert.equal(await page.locator('th[aria-sort="ascending"] button').getAttribute('data-sort'), 'status');
  // Within each status the finish dates rise.
  const rows = await page.getByTestId('wp-row').evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector('td[data-col="status"]').textContent,
    tr.querySelector('td[data-col="dueDate"]').textContent.replace(/⚠.*$/, '').trim(),
  ]));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][0] === rows[i - 1][0] && rows[i][1] && rows[i - 1][1]) {
      assert.ok(new Date(rows[i][1]) >= new Date(rows[i - 1][1]), `${rows[i - 1]} before ${rows[i]}`);
    }
  }
  await page.locator('button[data-sort="subject"]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'subject');
  e2e.assertNoProblems(problems);
  await page.close();
});
