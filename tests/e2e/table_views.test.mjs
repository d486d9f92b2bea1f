// The table on both backends: columns chosen and kept in the URL, grouping with counts and sums,
// the hierarchy, and a bulk edit of fifty work packages that reaches the backend for each of them.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, readAllRecords, readRecord } from './support/app.mjs';

const API_KEY = 'e2e-table-key';
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
  local: {
    open: (path) => openLocal(env, path, VIEWPORT),
    /** Every work package of the project the row `sample` is in: id → { priority, start, finish }. */
    async all(page, sample) {
      const { work_package: one } = await readRecord(page, `wp/${sample}`);
      const map = new Map();
      for (const record of await readAllRecords(page)) {
        const wp = record.work_package;
        if (wp && wp.project === one.project) {
          map.set(wp.id, { priority: wp.priority, start: wp.start_date ?? wp.date ?? null, finish: wp.due_date ?? wp.date ?? null });
        }
      }
      return map;
    },
  },
  openproject: {
    open: (path) => openSignedIn(env, API_KEY, path, VIEWPORT),
    async all() {
      const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
      const res = await fetch(`${op.url}/api/v3/projects/city-portal/work_packages?pageSize=1000&filters=%5B%5D`, { headers });
      const body = await res.json();
      const map = new Map();
      for (const wp of body._embedded.elements) {
        const priority = Number(wp._links.priority.href.split('/').pop());
        map.set(wp.id, { priority, start: wp.startDate ?? wp.date ?? null, finish: wp.dueDate ?? wp.date ?? null });
      }
      return map;
    },
  },
};

const addDays = (iso, n) => {
  if (!iso) return iso;
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const texts = (page, column) => page.getByTestId('wp-row').locator(`td[data-col="${column}"]`).allTextContents();
const rowIds = (page) => page.getByTestId('wp-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.wpId)));

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: columns are chosen and moved, the table groups by status with counts and sums, and shows the hierarchy`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const total = Number((await page.getByTestId('table-count').textContent()).match(/of (\d+)/)[1]);
    // Columns: add the estimate, drop the type, move the status to the left of the subject.
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('column-chooser').getByLabel('Estimated time (hours)').check();
    await page.getByTestId('column-chooser').getByLabel('Type', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Move Status left' }).click();
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.waitForFunction(() => decodeURIComponent(location.search).includes('cols=id,status,subject,priority,assignee,startDate,dueDate,estimatedTime'));
    const heads = await page.locator('thead th[data-col]').evaluateAll((ths) => ths.map((th) => th.dataset.col));
    assert.deepEqual(heads, ['id', 'status', 'subject', 'priority', 'assignee', 'startDate', 'dueDate', 'estimatedTime']);
    assert.equal(await page.locator('td[data-col="type"]').count(), 0);

    // Groups: one heading per status in use, counts adding up to every row, hours summed.
    await page.getByLabel('Group by').selectOption('status');
    await page.getByTestId('group-row').first().waitFor();
    // Fold every group: then all their headings fit in view.
    const unfolded = page.locator('[data-testid="group-row"] button[aria-expanded="true"]');
    while (await unfolded.count()) await unfolded.first().click();
    assert.equal(await page.getByTestId('wp-row').count(), 0, 'folded groups show no rows');
    const groups = [];
    for (const row of await page.getByTestId('group-row').all()) {
      const name = await row.getByTestId('group-name').textContent();
      const summary = await row.getByTestId('group-summary').textContent();
      const parts = summary.match(/^(\d+) · ([\d.]+) h estimated · \d+ % done$/);
      assert.ok(parts, `summary of ${name}: ${summary}`);
      groups.push({ name, count: Number(parts[1]), hours: Number(parts[2]) });
    }
    assert.equal(groups.reduce((sum, g) => sum + g.count, 0), total, JSON.stringify(groups));
    assert.equal(new Set(groups.map((g) => g.name)).size, groups.length, 'each status once');
    // Unfolding the smallest (all its rows fit in view) shows its rows, each of that status, their
    // estimates adding up to its sum.
    const small = groups.indexOf(groups.reduce((a, g) => (g.count < a.count ? g : a)));
    await page.getByTestId('group-row').nth(small).getByRole('button').click();
    const statuses = await texts(page, 'status');
    assert.equal(statuses.length, groups[small].count);
    assert.ok(statuses.every((s) => s === groups[small].name), statuses.join());
    const hours = (await texts(page, 'estimatedTime')).reduce((sum, h) => sum + (Number(h) || 0), 0);
    assert.equal(hours, groups[small].hours);

    // Hierarchy: children right under their parent, indented, and folded away with it.
    await page.getByLabel('Group by').selectOption('');
    await page.getByTestId('table-tree').check();
    await page.waitForFunction(() => location.search.includes('tree=1'));
    const parentRow = page.getByTestId('wp-row').filter({ has: page.locator('.tafel-table__fold') }).first();
    const parent = Number(await parentRow.getAttribute('data-wp-id'));
    const ids = await rowIds(page);
    const child = ids[ids.indexOf(parent) + 1];
    assert.equal(await BACKENDS_PARENT[backend](page, child), parent, `#${child} is a child of #${parent}`);
    await parentRow.locator('.tafel-table__fold').click();
    await page.locator(`[data-testid="wp-row"][data-wp-id="${child}"]`).waitFor({ state: 'detached' });
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: fifty work packages get a priority and dates two days later in one bulk edit`, async () => {
    if (backend === 'openproject') await createOnServer(30);
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    await page.getByTestId('select-all').check();
    const selected = Number((await page.getByTestId('bulk-bar').getByRole('heading').textContent()).match(/^(\d+)/)[1]);
    const first = (await rowIds(page))[0];
    const before = await b.all(page, first);
    assert.equal(before.size, selected, 'select all takes every row, also those not drawn');
    assert.ok(selected >= 50, `${selected} selected`);
    // Leave out rows from the top (the lowest ids, as sorted) until fifty remain.
    const left = [...before.keys()].sort((x, y) => x - y).slice(0, selected - 50);
    for (const id of left) await page.locator(`[data-wp-id="${id}"] [data-testid="select-row"]`).uncheck();
    await page.getByTestId('bulk-bar').getByRole('heading', { name: '50 selected' }).waitFor();
    await page.locator('#tafel-bulk-priority').selectOption({ index: 1 });
    const priority = Number(await page.locator('#tafel-bulk-priority').inputValue());
    await page.getByLabel('Move dates by days').fill('2');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Changed 50 work packages.' }).waitFor();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    const after = await b.all(page, first);
    let changed = 0;
    for (const [id, was] of before) {
      const now = after.get(id);
      if (left.includes(id)) {
        assert.deepEqual(now, was, `#${id} was left out and kept as it was`);
        continue;
      }
      changed += 1;
      assert.deepEqual(now, { priority, start: addDays(was.start, 2), finish: addDays(was.finish, 2) }, `#${id}`);
    }
    assert.equal(changed, 50);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

const BACKENDS_PARENT = {
  local: async (page, id) => (await readRecord(page, `wp/${id}`)).work_package.parent,
  openproject: async (_page, id) => {
    const href = (await op.workPackage(id))._links.parent?.href;
    return href ? Number(href.split('/').pop()) : null;
  },
};

/** Adds `n` dated tasks to the demo project on the test server (its seed has fewer than fifty). */
async function createOnServer(n) {
  const headers = {
    Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`,
    'Content-Type': 'application/json',
  };
  for (let i = 1; i <= n; i++) {
    const res = await fetch(`${op.url}/api/v3/projects/city-portal/work_packages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        subject: `Bulk task ${i}`,
        startDate: '2026-12-01',
        dueDate: '2026-12-03',
        _links: { type: { href: '/api/v3/types/1' } },
      }),
    });
    assert.ok(res.ok, await res.text());
  }
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: by keyboard the grid moves between cells, an edited subject is saved, and a finish before the start is refused at the cell`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table?cols=id,subject,startDate,dueDate`);
    await page.getByTestId('wp-row').first().waitFor();
    // Tab reaches the grid once: its first row's first cell.
    await page.locator('tbody td[tabindex="0"]').focus();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.col), 'id');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const second = await page.getByTestId('wp-row').nth(1).getAttribute('data-wp-id');
    await page.waitForFunction((id) => document.activeElement?.closest('tr')?.dataset.wpId === id
      && document.activeElement.dataset.col === 'subject', second);
    assert.equal(await page.locator('tbody td[tabindex="0"]').count(), 1, 'one tab stop');
    // F2 edits the subject; Enter saves it.
    await page.keyboard.press('F2');
    const editor = page.getByTestId('cell-editor');
    await editor.fill('Renamed in the grid');
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await page.locator(`[data-wp-id="${second}"] td[data-col="subject"]`, { hasText: 'Renamed in the grid' }).waitFor();
    const subject = async (id) => (backend === 'local'
      ? (await readRecord(page, `wp/${id}`)).work_package.subject
      : (await op.workPackage(id)).subject);
    for (let i = 0; i < 100 && (await subject(second)) !== 'Renamed in the grid'; i++) await page.waitForTimeout(50);
    assert.equal(await subject(second), 'Renamed in the grid');
    await page.waitForFunction((id) => document.activeElement?.closest('tr')?.dataset.wpId === id, second);

    // A dated row: its finish set before its start is refused at the cell, and nothing is saved.
    const dated = await page.getByTestId('wp-row').evaluateAll((rows) => rows.find((r) =>
      r.querySelector('td[data-col="startDate"]').textContent.trim() && r.querySelector('td[data-col="dueDate"]').textContent.trim())?.dataset.wpId);
    assert.ok(dated, 'a row with both dates');
    await page.locator(`[data-wp-id="${dated}"] td[data-col="dueDate"]`).click();
    await page.keyboard.press('Enter');
    await editor.fill('2001-01-01');
    await page.keyboard.press('Enter');
    await page.getByTestId('cell-error').filter({ hasText: /finish|Finish/ }).waitFor();
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    const due = backend === 'local'
      ? (await readRecord(page, `wp/${dated}`)).work_package.due_date
      : (await op.workPackage(dated)).dueDate;
    assert.notEqual(due, '2001-01-01');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

test('openproject: text typed in a cell editor survives its row being drawn again when an earlier save of the row arrives', async () => {
  // Every PATCH takes 1.5 s: the first save is still on its way while the next cell is typed in.
  await op.setFaults({ seed: 1, rate: 1, kinds: ['latency'], latency_ms: [1500, 1500], methods: ['PATCH'] });
  try {
    const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/table?cols=id,subject,dueDate`);
    await page.getByTestId('wp-row').first().waitFor();
    const id = await page.getByTestId('wp-row').evaluateAll((rows) =>
      rows.find((r) => r.querySelector('td[data-col="dueDate"]').textContent.trim())?.dataset.wpId);
    assert.ok(id, 'a row with a finish date');
    const editor = page.getByTestId('cell-editor');
    await page.locator(`[data-wp-id="${id}"] td[data-col="subject"]`).click();
    await page.keyboard.press('F2');
    await editor.fill('Saved slowly');
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    // While that save is on its way, the finish date of the same row is being typed.
    await page.locator(`[data-wp-id="${id}"] td[data-col="dueDate"]`).click();
    await page.keyboard.press('F2');
    await editor.fill('2027-03-31');
    // The first save arrives (a new lock version): the row is drawn again, the editor stays.
    await op.waitForWorkPackage(Number(id), (wp) => wp.subject === 'Saved slowly', 'renamed');
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.dataset.state === 'saved');
    assert.equal(await editor.inputValue(), '2027-03-31', 'the typed date is still in the editor');
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    const saved = await op.waitForWorkPackage(Number(id), (wp) => wp.dueDate === '2027-03-31', 'given the typed finish');
    assert.equal(saved.subject, 'Saved slowly');
    e2e.assertNoProblems(problems);
    await context.close();
  } finally {
    await op.clearFaults();
  }
});

test('openproject: a value the server refuses in a table cell stays in its editor with the reason, and the server keeps its value', async () => {
  const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/table?cols=id,subject`);
  await page.getByTestId('wp-row').first().waitFor();
  const id = Number(await page.getByTestId('wp-row').first().getAttribute('data-wp-id'));
  const stored = (await op.workPackage(id)).subject;
  // The server has rules Tafel does not know (a naming policy, a permission taken away meanwhile).
  let answer = { status: 422, json: {
    _type: 'Error',
    errorIdentifier: 'urn:openproject-org:api:v3:errors:PropertyConstraintViolation',
    message: 'Subject must start with a ticket number.',
    _embedded: { details: { attribute: 'subject' } },
  } };
  const refuse = (route) => route.request().method() === 'PATCH'
    ? route.fulfill({ status: answer.status, contentType: 'application/hal+json', json: answer.json })
    : route.fallback();
  const wpUrl = (url) => new URL(url).pathname.endsWith(`/api/v3/work_packages/${id}`);
  await context.route(wpUrl, refuse);
  const cell = page.locator(`[data-wp-id="${id}"] td[data-col="subject"]`);
  const editor = page.getByTestId('cell-editor');
  const error = page.getByTestId('cell-error');
  await cell.click();
  await page.keyboard.press('F2');
  await editor.fill('Without a ticket number');
  await page.keyboard.press('Enter');
  await error.filter({ hasText: 'Subject must start with a ticket number.' }).waitFor();
  // What was typed stays, though the row shows the stored value again behind it.
  assert.equal(await editor.inputValue(), 'Without a ticket number');
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');

  answer = { status: 403, json: {
    _type: 'Error',
    errorIdentifier: 'urn:openproject-org:api:v3:errors:MissingPermission',
    message: 'You are not authorized to access this resource.',
  } };
  await editor.fill('T-1 without the right to');
  await page.keyboard.press('Enter');
  await error.filter({ hasText: 'Not saved: You are not allowed to do this.' }).waitFor();
  assert.equal(await editor.inputValue(), 'T-1 without the right to');
  assert.equal((await op.workPackage(id)).subject, stored, 'the server kept its value');

  // Once the server takes it, the same editor saves and closes.
  await context.unroute(wpUrl, refuse);
  await editor.fill('T-1 Renamed at last');
  await page.keyboard.press('Enter');
  await editor.waitFor({ state: 'detached' });
  await op.waitForWorkPackage(id, (wp) => wp.subject === 'T-1 Renamed at last', 'renamed');
  await cell.filter({ hasText: 'T-1 Renamed at last' }).waitFor();
  e2e.assertNoProblems(e2e.exceptStatus(e2e.exceptStatus(problems, 422), 403));
  await context.close();
});

// The portal has a subproject ("Portal Accessibility") with work packages of its own, in the
// store's demo and on the server. Only the rows in view are drawn, so the subproject's (last by id)
// are brought up by folding the portal's group.
for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: with subprojects included the table groups by project and shows both projects' rows`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const total = async () => Number((await page.getByTestId('table-count').textContent()).match(/of (\d+)/)[1]);
    const own = await total();
    const totalIs = (n) => page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="table-count"]')?.textContent.match(/of (\d+)/)?.[1]) === n, n);

    await page.getByLabel('Group by').selectOption('project');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('group') === 'project');
    await page.getByTestId('group-row').first().waitFor();
    await page.getByLabel('Include subprojects').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sub') === '1');
    await totalIs(own + 2);
    const names = page.getByTestId('group-name');
    await names.first().filter({ hasText: 'City Portal Relaunch' }).waitFor();
    assert.match(await page.getByTestId('group-summary').first().textContent(), new RegExp(`^${own} ·`));
    // Folded, the portal's group leaves room for the subproject's, with its two rows.
    await page.getByTestId('group-row').first().getByRole('button').click();
    await names.nth(1).filter({ hasText: 'Portal Accessibility' }).waitFor();
    assert.match(await page.getByTestId('group-summary').nth(1).textContent(), /^2 ·/);
    await page.getByTestId('wp-row').filter({ hasText: 'Contrast of the footer links' }).waitFor();
    await page.getByTestId('wp-row').filter({ hasText: 'Screen reader test of the forms' }).waitFor();

    // The address keeps it: opened afresh, the subproject's rows are counted again.
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('wp-row').first().waitFor();
    await totalIs(own + 2);
    assert.equal(await page.getByLabel('Include subprojects').isChecked(), true);
    // And off again: only the project's own, in one group.
    await page.getByLabel('Include subprojects').uncheck();
    await totalIs(own);
    assert.deepEqual(await names.allTextContents(), ['City Portal Relaunch']);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a grouping chosen after including subprojects shows its headings at once`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const own = Number((await page.getByTestId('table-count').textContent()).match(/of (\d+)/)[1]);
    await page.getByLabel('Include subprojects').check();
    await page.waitForFunction((n) =>
      Number(document.querySelector('[data-testid="table-count"]')?.textContent.match(/of (\d+)/)?.[1]) === n, own + 2);
    await page.getByLabel('Group by').selectOption('project');
    // The first line drawn is the portal's heading, not the first work package of the ungrouped list.
    await page.getByTestId('group-name').first().filter({ hasText: 'City Portal Relaunch' }).waitFor();
    assert.match(await page.getByTestId('group-summary').first().textContent(), new RegExp(`^${own} ·`));
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
