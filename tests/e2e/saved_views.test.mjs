// Saved views on both backends: the table's filters, sort, columns and grouping saved under a name,
// shared and starred, reopened from the list after a reload, changed and deleted. On OpenProject a
// view is a query, and the server keeps its filters in OpenProject's own form.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO } from './support/app.mjs';

const API_KEY = 'e2e-views-key';
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

async function serverQuery(id) {
  const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
  const res = await fetch(`${op.url}/api/v3/queries/${id}`, { headers });
  assert.equal(res.status, 200);
  return res.json();
}

const viewId = (page) => Number(new URL(page.url()).searchParams.get('view'));
const param = (page, name) => new URL(page.url()).searchParams.get(name);

for (const [backend, open] of Object.entries(BACKENDS)) {
  test(`${backend}: a view saved with its filters, columns and grouping reopens from the list after a reload, takes changes and is deleted`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table?status=open&sort=-dueDate&group=assignee&cols=id,subject,status,assignee`);
    await page.getByTestId('group-row').first().waitFor();
    await page.getByRole('button', { name: 'Save view as…' }).click();
    await page.getByLabel('Name of the view').fill('Open work by person');
    await page.getByLabel('Shared with everyone in the project').check();
    await page.getByLabel('Starred (listed first)').check();
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    await page.getByTestId('notice').filter({ hasText: 'View “Open work by person” saved.' }).waitFor();
    await page.waitForFunction(() => new URL(location.href).searchParams.has('view'));
    const id = viewId(page);

    if (backend === 'openproject') {
      const query = await serverQuery(id);
      assert.equal(query.name, 'Open work by person');
      assert.equal(query.public, true);
      assert.equal(query.starred, true);
      const filters = query.filters.map((f) => [f._links.filter.href, f._links.operator.href]);
      assert.deepEqual(filters, [['/api/v3/queries/filters/status', '/api/v3/queries/operators/o']]);
      assert.equal(query._links.groupBy.href, '/api/v3/queries/group_bys/assignee');
      assert.deepEqual(query._links.sortBy.map((s) => s.href), ['/api/v3/queries/sort_bys/dueDate-desc', '/api/v3/queries/sort_bys/id-asc']);
      assert.deepEqual(query._links.columns.map((c) => c.href.split('/').pop()), ['id', 'subject', 'status', 'assignee']);
    }

    // A fresh table, then the view from the list: every setting comes back.
    await page.goto(`${page.url().split('/projects/')[0]}${DEMO}/table`);
    await e2e.waitForReady(page);
    await page.getByTestId('wp-row').first().waitFor();
    const picker = page.getByLabel('View', { exact: true });
    await picker.selectOption({ label: '★ Open work by person · shared' });
    await page.getByTestId('group-row').first().waitFor();
    assert.equal(viewId(page), id);
    assert.equal(param(page, 'status'), 'open');
    assert.equal(param(page, 'sort'), '-dueDate');
    assert.equal(param(page, 'group'), 'assignee');
    assert.equal(await page.locator('#tafel-filter-status').inputValue(), 'open');
    const heads = await page.locator('thead th[data-col]').evaluateAll((ths) => ths.map((th) => th.dataset.col));
    assert.deepEqual(heads, ['id', 'subject', 'status', 'assignee']);

    // A change shows "Save changes"; saved, it is what the view opens with after a reload.
    await page.getByLabel('Group by').selectOption('priority');
    await page.getByRole('button', { name: 'Save changes to the view' }).click();
    await page.getByTestId('notice').filter({ hasText: 'View “Open work by person” saved.' }).last().waitFor();
    await page.getByRole('button', { name: 'Save changes to the view' }).waitFor({ state: 'detached' });
    await page.goto(`${page.url().split('/projects/')[0]}${DEMO}/table`);
    await e2e.waitForReady(page);
    await page.getByLabel('View', { exact: true }).selectOption({ label: '★ Open work by person · shared' });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('group') === 'priority');
    if (backend === 'openproject') {
      assert.equal((await serverQuery(id))._links.groupBy.href, '/api/v3/queries/group_bys/priority');
    }

    await page.getByRole('button', { name: 'Delete view' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('notice').filter({ hasText: 'View “Open work by person” deleted.' }).waitFor();
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('saved-views').waitFor();
    assert.equal(await page.locator('#tafel-saved-view option', { hasText: 'Open work by person' }).count(), 0);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

// Someone else's shared view (seeded: Lea's in the store, Lukas's on the server), as OpenProject's
// sidebar lists views: starred, mine, shared by others, each a labelled group of the list.
const SHARED = {
  local: { name: "Lea's open bugs", owner: 'Lea Fischer' },
  openproject: { name: "Lukas's open bugs", owner: 'Lukas Becker' },
};

for (const [backend, open] of Object.entries(BACKENDS)) {
  test(`${backend}: the list groups my views and those others shared; a view shared by someone else can be starred but not changed or deleted`, async () => {
    const { page, problems, context } = await open(`${DEMO}/table?status=closed`);
    const { name, owner } = SHARED[backend];
    await page.getByTestId('wp-row').first().waitFor();
    // A private view of mine, to see both groups.
    await page.getByRole('button', { name: 'Save view as…' }).click();
    await page.getByLabel('Name of the view').fill('Closed ones');
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    await page.getByTestId('notice').filter({ hasText: 'View “Closed ones” saved.' }).waitFor();

    const group = (label) => page.locator(`#tafel-saved-view optgroup[label="${label}"] option`);
    await group('Mine').filter({ hasText: 'Closed ones' }).waitFor({ state: 'attached' });
    assert.deepEqual(await group('Shared by others').allTextContents(), [`${name} · by ${owner}`]);
    // The groups are named for screen readers (optgroup labels are their accessible names).
    const labels = await page.locator('#tafel-saved-view optgroup').evaluateAll((gs) => gs.map((g) => g.label));
    assert.deepEqual(labels, ['Mine', 'Shared by others']);

    // Mine: every action. Someone else's: starring only, and who owns it is said.
    await page.getByRole('button', { name: 'Delete view' }).waitFor();
    await page.getByLabel('View', { exact: true }).selectOption({ label: `${name} · by ${owner}` });
    await page.getByTestId('view-owner').filter({ hasText: `Shared by ${owner}` }).waitFor();
    await page.getByRole('button', { name: 'Delete view' }).waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('button', { name: 'Rename or share view' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Save changes to the view' }).count(), 0);

    await page.getByRole('button', { name: 'Star view' }).click();
    await page.getByRole('button', { name: 'Remove star' }).waitFor();
    await group('Starred').filter({ hasText: `★ ${name}` }).waitFor({ state: 'attached' });
    assert.equal(await group('Shared by others').count(), 0);
    if (backend === 'openproject') {
      const query = await serverQuery(viewId(page));
      assert.equal(query.starred, true, 'starred for the caller');
      assert.equal(query._links.delete, undefined, 'no delete link for a view of someone else');
    }
    // Still there after a reload, still starred, still not deletable.
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByRole('button', { name: 'Remove star' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Delete view' }).count(), 0);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
