// The everyday journeys of the local store, against the OpenProject backend: create, edit with a
// refused value, delete, and the table's sort and filters translated into OpenProject queries.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { signInWithToken, startOpApp } from './support/backends.mjs';
import { DEMO, column } from './support/app.mjs';

const API_KEY = 'e2e-journeys-key';
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
beforeEach(() => op.reset());

/** A signed-in page at `path`. */
async function open(path) {
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await signInWithToken(page, API_KEY);
  await page.goto(`${app.url}${path}`);
  await e2e.waitForReady(page);
  return { page, problems, context };
}



test('a work package created in the table is stored on the server and listed', async () => {
  const { page, problems, context } = await open(`${DEMO}/table`);
  await page.getByTestId('wp-row').first().waitFor();
  await page.getByRole('button', { name: 'New work package' }).click();
  const form = page.getByTestId('create-form');
  await form.getByLabel('Subject').fill('Created through the API');
  await form.getByRole('button', { name: 'Create' }).click();
  const row = page.getByTestId('wp-row').filter({ hasText: 'Created through the API' });
  await row.waitFor();
  const id = Number(await row.getAttribute('data-wp-id'));
  const stored = await op.waitForWorkPackage(id, (wp) => wp.subject === 'Created through the API', 'created');
  assert.equal(stored._links.project.href, '/api/v3/projects/1');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a card added to a column the workflow does not open for new work starts where it may, and the dialog says so', async () => {
  const { page, problems, context } = await open(`${DEMO}/board`);
  await column(page, 'In review').getByRole('button', { name: 'Add card to In review' }).click();
  await column(page, 'In review').getByRole('button', { name: 'More fields…' }).click();
  const form = page.getByTestId('create-form');
  await form.getByText('New work packages cannot start in In review here, so this one starts in New.').waitFor();
  const offered = await form.getByLabel('Status').locator('option').allTextContents();
  assert.deepEqual(offered, ['New', 'In progress', 'Rejected'], 'only the statuses the create form allows');
  await form.getByLabel('Subject').fill('Starts where the workflow lets it');
  await form.getByRole('button', { name: 'Create' }).click();
  const created = column(page, 'New').locator('[data-card-id]', { hasText: 'Starts where the workflow lets it' });
  await created.waitFor();
  const id = Number(await created.getAttribute('data-card-id'));
  const stored = await op.waitForWorkPackage(id, (wp) => wp.subject === 'Starts where the workflow lets it', 'created');
  assert.equal(stored._links.status.title, 'New');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a custom field is shown under its name from the schema and a change to it is saved', async () => {
  const { page, problems, context } = await open(`${DEMO}/table?wp=4`);
  const panel = page.getByTestId('detail-panel');
  const costCentre = panel.getByLabel('Cost centre');
  await costCentre.waitFor();
  assert.equal(await costCentre.inputValue(), 'KST-4711');
  const updated = panel.locator('dt', { hasText: 'Updated' }).locator('+ dd');
  const updatedBefore = await updated.textContent();
  await costCentre.fill('KST-1000');
  await costCentre.dispatchEvent('change');
  await op.waitForWorkPackage(4, (wp) => wp.customField1 === 'KST-1000', 'with the new cost centre');
  // The panel has taken the server's answer (a new update time) before the next edit starts.
  await updated.filter({ hasNotText: updatedBefore }).waitFor();
  assert.equal(await costCentre.getAttribute('maxlength'), '255', 'the schema\'s limit is kept while typing');
  await costCentre.fill('');
  await costCentre.dispatchEvent('change');
  await op.waitForWorkPackage(4, (wp) => wp.customField1 === null, 'without a cost centre');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('edits are saved with the lock version, and a value the server refuses is shown at its field', async () => {
  const { page, problems, context } = await open(`${DEMO}/table?wp=3`);
  const panel = page.getByTestId('detail-panel');
  await panel.getByTestId('subject-input').waitFor();
  await panel.getByTestId('subject-input').fill('Edited through the API');
  await panel.getByTestId('subject-input').press('Enter');
  const saved = await op.waitForWorkPackage(3, (wp) => wp.subject === 'Edited through the API', 'renamed');
  assert.ok(saved.lockVersion >= 1);

  await panel.getByLabel('Finish date').fill('2027-06-30');
  await panel.getByLabel('Finish date').dispatchEvent('change');
  await op.waitForWorkPackage(3, (wp) => wp.dueDate === '2027-06-30', 'with a late finish');
  await panel.getByLabel('Start date').fill('2026-12-10');
  await panel.getByLabel('Start date').dispatchEvent('change');
  await op.waitForWorkPackage(3, (wp) => wp.startDate === '2026-12-10', 'with the new start');
  await panel.getByLabel('Finish date').fill('2026-12-01');
  await panel.getByLabel('Finish date').dispatchEvent('change');
  // Either Tafel's own rule or the server's 422 names the finish date; nothing is stored.
  await panel.locator('#tafel-field-duedate-error').filter({ hasText: /finish date/i }).waitFor();
  assert.notEqual((await op.workPackage(3)).dueDate, '2026-12-01');
  e2e.assertNoProblems(e2e.exceptStatus(problems, 422));
  await context.close();
});

test('deleting a parent on the server takes its children with it', async () => {
  const { page, problems, context } = await open(`${DEMO}/table?wp=2`);
  const panel = page.getByTestId('detail-panel');
  await panel.getByTestId('children').locator('li').first().waitFor();
  await panel.getByTestId('delete').click();
  await page.getByTestId('confirm-delete').click();
  await page.getByTestId('notice').filter({ hasText: '#2 was deleted.' }).waitFor();
  for (const id of [2, 3, 4, 5]) {
    assert.equal((await op.workPackage(id))._type, 'Error', `#${id} is gone`);
    assert.equal(await page.locator(`[data-wp-id="${id}"]`).count(), 0);
  }
  e2e.assertNoProblems(problems);
  await context.close();
});

test('the table sorts and filters through OpenProject queries and restores them from the URL', async () => {
  const { page, problems, context } = await open(`${DEMO}/table?status=open&sort=-dueDate`);
  await page.getByTestId('wp-row').first().waitFor();
  const statuses = await page.getByTestId('wp-row').locator('td[data-col="status"]').allTextContents();
  assert.ok(statuses.length > 0);
  for (const s of statuses) assert.ok(!['Done', 'Rejected'].includes(s), `closed status ${s} shown`);
  assert.equal(await page.locator('#tafel-filter-status').inputValue(), 'open');

  await page.locator('#tafel-filter-assignee').selectOption({ label: 'Anna Schmidt' });
  await page.waitForURL(/assignee=1/);
  for (const a of await page.getByTestId('wp-row').locator('td[data-col="assignee"]').allTextContents()) {
    assert.equal(a, 'Anna Schmidt');
  }
  // Boards and tables ask for every status, so the server is sent an explicit filter list.
  const { requests } = await op.requests();
  assert.ok(
    requests.some((r) => r.startsWith('GET /api/v3/projects/1/work_packages?') && r.includes('filters=%5B%5D')),
    `no request for all work packages: ${requests.join('\n')}`,
  );
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a comment is added through the API and appears last in the activity, as the server renders it', async () => {
  const { page, problems, context } = await open('/work_packages/3');
  const detail = page.getByTestId('detail');
  await detail.getByTestId('comment-input').fill('Checked with **legal**');
  await detail.getByRole('button', { name: 'Comment' }).click();
  const comment = detail.getByTestId('comment').last();
  await comment.filter({ hasText: 'Checked with' }).waitFor();
  await comment.locator('strong', { hasText: 'legal' }).waitFor();
  const res = await fetch(`${op.url}/api/v3/work_packages/3/activities`, {
    headers: { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`, 'X-Tafel-No-Faults': '1' },
  });
  const activities = (await res.json())._embedded.elements;
  assert.equal(activities.at(-1).comment.raw, 'Checked with **legal**', 'stored on the server as written');
  e2e.assertNoProblems(problems);
  await context.close();
});
