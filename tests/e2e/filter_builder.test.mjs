// The filter builder on both backends: conditions with OpenProject's operators ("me", relative
// days, text that must not occur) filter the table and the board, live in the URL, survive a
// reload, and, kept in a saved view, reach OpenProject as its filter instances.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, readRecord } from './support/app.mjs';

const API_KEY = 'e2e-filter-key';
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
    // The demo data in the browser lies around today; the test server's seed early in 2026.
    due: { op: '<t+', days: 90, holds: (days) => days >= 0 && days <= 90 },
    open: (path) => openLocal(env, path, VIEWPORT),
    async me(page) {
      const meta = await readRecord(page, 'meta');
      const id = meta.meta.current_user;
      return (await readRecord(page, `user/${id}`)).user.name;
    },
  },
  openproject: {
    due: { op: '<t-', days: 30, holds: (days) => days <= -30 },
    open: (path) => openSignedIn(env, API_KEY, path, VIEWPORT),
    async me() {
      const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
      return (await (await fetch(`${op.url}/api/v3/users/me`, { headers })).json()).name;
    },
  },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `7 Dec 2026` back to a date. */
const parseEnglish = (text) => {
  const [d, m, y] = text.trim().split(' ');
  return new Date(Date.UTC(Number(y), MONTHS.indexOf(m), Number(d)));
};

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: conditions with "me", relative days and "doesn't contain" filter the table and the board, stay in the URL and, saved as a view, reach the server as OpenProject filter instances`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const total = Number((await page.getByTestId('table-count').textContent()).match(/of (\d+)/)[1]);
    const me = await b.me(page);

    await page.getByRole('button', { name: '+ Add filter' }).click();
    await page.getByLabel('Field of filter 1').selectOption('assignee');
    await page.getByLabel('Value of filter 1').selectOption('me');
    await page.getByRole('button', { name: '+ Add filter' }).click();
    await page.getByLabel('Field of filter 2').selectOption('dueDate');
    await page.getByLabel('Operator of filter 2').selectOption(b.due.op);
    await page.getByLabel('Value of filter 2').fill(String(b.due.days));
    await page.getByLabel('Value of filter 2').press('Tab');
    await page.getByRole('button', { name: '+ Add filter' }).click();
    await page.getByLabel('Field of filter 3').selectOption('subject');
    await page.getByLabel('Operator of filter 3').selectOption('!~');
    await page.getByLabel('Value of filter 3').fill('account');
    await page.getByLabel('Value of filter 3').press('Tab');
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('f').length === 3
      && new URL(location.href).searchParams.getAll('f')[2] === 'subject:!~:account');
    const tokens = ['assignee:=:me', `dueDate:${b.due.op}:${b.due.days}`, 'subject:!~:account'];
    assert.deepEqual(new URL(page.url()).searchParams.getAll('f'), tokens);

    const check = async () => {
      await page.waitForFunction((total) => !document.querySelector('[data-testid="table-count"]').textContent.includes(`${total} of ${total}`), total);
      const shown = Number((await page.getByTestId('table-count').textContent()).match(/^(\d+)/)[1]);
      assert.ok(shown > 0 && shown < total, `${shown} of ${total} shown`);
      const rows = await page.getByTestId('wp-row').evaluateAll((trs) => trs.map((tr) => ({
        id: Number(tr.dataset.wpId),
        subject: tr.querySelector('td[data-col="subject"]').textContent,
        assignee: tr.querySelector('td[data-col="assignee"]').textContent,
        due: tr.querySelector('td[data-col="dueDate"]').textContent.replace(/⚠.*$/, '').trim(),
      })));
      for (const row of rows) {
        assert.equal(row.assignee, me, JSON.stringify(row));
        assert.ok(!row.subject.toLowerCase().includes('account'), JSON.stringify(row));
      }
      // Tafel filters the loaded work packages in the browser, counting days from the browser's today.
      const today = new Date(new Date().toISOString().slice(0, 10));
      for (const row of rows) {
        const days = (parseEnglish(row.due) - today) / 86_400_000;
        assert.ok(b.due.holds(days), `due in ${days} days: ${JSON.stringify(row)}`);
      }
    };
    await check();
    // After a reload the builder shows the same conditions and the table the same rows.
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('wp-row').first().waitFor();
    assert.equal(await page.getByLabel('Operator of filter 3').inputValue(), '!~');
    assert.equal(await page.getByLabel('Value of filter 2').inputValue(), String(b.due.days));
    await check();

    // Saved as a view, the conditions reach the server as OpenProject's filter instances.
    await page.getByRole('button', { name: 'Save view as…' }).click();
    await page.getByLabel('Name of the view').fill('Mine, not accounts');
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.has('view'));
    if (backend === 'openproject') {
      const id = new URL(page.url()).searchParams.get('view');
      const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
      const query = await (await fetch(`${op.url}/api/v3/queries/${id}`, { headers })).json();
      const sent = query.filters.map((f) => ({
        filter: f._links.filter.href.split('/').pop(),
        operator: decodeURIComponent(f._links.operator.href.split('/').pop()),
        values: f._links.values?.length ? f._links.values.map((v) => v.href) : (f.values ?? []),
      }));
      assert.deepEqual(sent, [
        { filter: 'assignee', operator: '=', values: ['/api/v3/users/me'] },
        { filter: 'dueDate', operator: b.due.op, values: [String(b.due.days)] },
        { filter: 'subject', operator: '!~', values: ['account'] },
      ]);
    }

    // The board takes the same conditions; removing one widens the table again.
    const query = new URL(page.url()).search;
    await page.goto(page.url().replace('/table', '/board'));
    await e2e.waitForReady(page);
    await page.locator('[data-card-id]').first().waitFor();
    const assignees = await page.locator('[data-card-id] .tafel-card__avatar').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    assert.ok(assignees.length > 0 && assignees.every((a) => a === me), `board cards of ${me} only: ${assignees}`);
    await page.goto(page.url().replace('/board', '/table').split('?')[0] + query);
    await e2e.waitForReady(page);
    await page.getByRole('button', { name: 'Remove filter 1' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('f').length === 2);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
