// The detail's watchers, relations editor and attachments, on the store in the browser and on the
// OpenProject-compatible server: add and remove a watcher, watch and stop watching, a follows
// relation with a lag of 2 changed to 3 (kept over a reload) and removed, refusals said at the form,
// and attachments (a download link whose bytes arrive on the server; none in the store, said so).
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { startBackends, openLocal, openSignedIn } from './support/backends.mjs';
import { DEMO, readAllRecords, readRecord } from './support/app.mjs';

const API_KEY = 'e2e-related-key';
const VIEWPORT = { viewport: { width: 1400, height: 1000 } };
let env;

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
});
after(() => env?.close());
beforeEach(() => env.op.reset());

const auth = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };

/** An API answer from the test server, read the way the app's user would be allowed to. */
async function api(path) {
  const res = await fetch(`${env.op.url}/api/v3${path}`, { headers: { ...auth, 'X-Tafel-No-Faults': '1' } });
  assert.equal(res.status, 200, path);
  return res.json();
}

/** Polls `read` until `predicate` holds; fails naming `what`. */
async function until(read, predicate, what) {
  let last;
  for (let i = 0; i < 200; i++) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never ${what}; last: ${JSON.stringify(last)?.slice(0, 300)}`);
}

/** Both backends, each with how to read what it stored. */
const backends = {
  local: {
    open: (path) => openLocal(env, path, VIEWPORT),
    watchers: (page, id) => readRecord(page, `watchers/${id}`).then((r) => r?.watchers.users ?? []),
    relations: async (page, id) =>
      (await readAllRecords(page)).map((r) => r.relation).filter((r) => r && (r.from === id || r.to === id)),
  },
  openproject: {
    open: (path) => openSignedIn(env, API_KEY, path, VIEWPORT),
    watchers: async (_page, id) => (await api(`/work_packages/${id}/watchers`))._embedded.elements.map((u) => u.id),
    relations: async (_page, id) =>
      (await api(`/work_packages/${id}/relations`))._embedded.elements.map((r) => ({
        id: r.id,
        kind: r.type,
        lag: r.lag,
        from: Number(r._links.from.href.split('/').pop()),
        to: Number(r._links.to.href.split('/').pop()),
      })),
  },
};

/** The id of the demo work package with this subject on the store in the browser. */
async function localId(page, subject) {
  await page.goto(`${env.localApp.url}${DEMO}/table`);
  await e2e.waitForReady(page);
  const row = page.getByTestId('wp-row').filter({ hasText: subject });
  return Number(await row.first().getAttribute('data-wp-id'));
}

/** On each backend: the work package to look at, and the one to relate it to (typed as given). */
async function subjects(name, page) {
  if (name === 'openproject') return { id: 1, target: 2, typed: '#2' };
  const id = await localId(page, 'Dog tax registration form');
  const target = await localId(page, 'Full-text search across all services');
  return { id, target, typed: 'Full-text search across all services' };
}

for (const [name, backend] of Object.entries(backends)) {
  test(`${name}: a watcher is added and removed, and watching oneself toggles`, async () => {
    const { page, problems, context } = await backend.open('/');
    const { id } = await subjects(name, page);
    await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/work_packages/${id}`);
    await e2e.waitForReady(page);
    const section = page.getByTestId('watchers');

    await section.getByLabel('Person to add as a watcher').selectOption({ label: 'Mehmet Yılmaz' });
    await section.getByRole('button', { name: 'Add watcher' }).click();
    await section.getByTestId('watcher-list').getByText('Mehmet Yılmaz').waitFor();
    const mehmet = name === 'local' ? 4 : 3;
    await until(() => backend.watchers(page, id), (ids) => ids.includes(mehmet), 'stored Mehmet as a watcher');

    await section.getByRole('button', { name: 'Remove Mehmet Yılmaz from the watchers' }).click();
    await section.getByTestId('watcher-list').getByText('Mehmet Yılmaz').waitFor({ state: 'detached' });
    await until(() => backend.watchers(page, id), (ids) => !ids.includes(mehmet), 'removed Mehmet');

    // Anna is "me" on both; she watches #1 on the server from the seed, nothing in the store.
    const toggle = section.getByTestId('watch-toggle');
    const wasWatching = (await toggle.getAttribute('aria-pressed')) === 'true';
    await toggle.click();
    await until(() => toggle.getAttribute('aria-pressed'), (v) => v === String(!wasWatching), 'toggled');
    await until(() => backend.watchers(page, id), (ids) => ids.includes(1) === !wasWatching, 'stored the toggle');
    assert.equal(await toggle.textContent(), wasWatching ? 'Watch' : 'Stop watching');
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${name}: a follows relation with a lag of 2 becomes 3, survives a reload, and is removed`, async () => {
    const { page, problems, context } = await backend.open('/');
    const { id, target, typed } = await subjects(name, page);
    const origin = page.url().split('/').slice(0, 3).join('/');
    await page.goto(`${origin}/work_packages/${id}`);
    await e2e.waitForReady(page);
    const form = page.getByTestId('relation-form');

    // Refused before anything is sent: a work package related to itself.
    await form.getByLabel('Kind of relation').selectOption({ label: 'follows' });
    await form.getByLabel('Work package (number or subject)').fill(`#${id}`);
    await form.getByRole('button', { name: 'Add relation' }).click();
    await form.getByRole('alert').filter({ hasText: /can't be related to itself/ }).waitFor();

    await form.getByLabel('Work package (number or subject)').fill(typed);
    await form.getByLabel('Lag in days').fill('2');
    await form.getByRole('button', { name: 'Add relation' }).click();
    const row = page.getByTestId('relation').filter({ hasText: `#${target}` });
    const lag = row.getByLabel(`Lag in days of the relation with #${target}`);
    await lag.waitFor();
    assert.equal(await lag.inputValue(), '2');
    const stored = await until(
      () => backend.relations(page, id),
      (list) => list.some((r) => r.from === id && r.to === target && r.kind === 'follows' && r.lag === 2),
      'stored the relation with lag 2',
    );
    const relationId = stored.find((r) => r.to === target).id;

    await lag.fill('3');
    await lag.press('Enter');
    await lag.blur();
    await until(
      () => backend.relations(page, id),
      (list) => list.some((r) => r.id === relationId && r.lag === 3),
      'stored lag 3',
    );
    await page.reload();
    await e2e.waitForReady(page);
    const reloaded = page.getByTestId('relation').filter({ hasText: `#${target}` });
    await until(() => reloaded.getByLabel(`Lag in days of the relation with #${target}`).inputValue(), (v) => v === '3', 'shown lag 3 after reload');

    // The other way round is refused, with the reason at the form: a circle of successors in the
    // store; OpenProject refuses any second relation between the same two first.
    await form.getByLabel('Kind of relation').selectOption({ label: 'precedes' });
    await form.getByLabel('Work package (number or subject)').fill(typed);
    await form.getByRole('button', { name: 'Add relation' }).click();
    const reason = name === 'local' ? /would close a circle/ : /already related/;
    await form.getByRole('alert').filter({ hasText: reason }).waitFor();

    await reloaded.getByRole('button', { name: `Remove the relation with #${target}` }).click();
    await reloaded.waitFor({ state: 'detached' });
    await until(() => backend.relations(page, id), (list) => !list.some((r) => r.id === relationId), 'removed the relation');
    e2e.assertNoProblems(e2e.exceptStatus(problems, 422));
    await context.close();
  });
}

test('openproject: attachments are listed with a safe link whose bytes download', async () => {
  const { page, problems, context } = await backends.openproject.open('/work_packages/1');
  const list = page.getByTestId('attachment-list');
  const link = list.getByRole('link', { name: 'departments.csv' });
  await link.waitFor();
  assert.match(await list.getByTestId('attachment').first().textContent(), /79 B, by Lukas Becker/);
  const href = await link.getAttribute('href');
  assert.equal(href, `${env.op.url}/api/v3/attachments/1/content`);
  assert.match(await link.getAttribute('rel'), /noopener/);
  const res = await fetch(href, { headers: auth });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'department,service\nregistry office,birth certificate\nbuilding authority,permit\n');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('openproject: a hostile attachment shows its name as text and no script link', async () => {
  const { page, problems, context } = await backends.openproject.open('/work_packages/2');
  const item = page.getByTestId('attachment-list').getByTestId('attachment');
  await item.getByText('<img src=x onerror=alert(1)>.txt').waitFor();
  assert.match(await item.textContent(), /no safe download address/);
  assert.equal(await item.locator('img').count(), 0);
  assert.equal(await item.locator('a[href]').count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('local: the attachments section says the store keeps no files', async () => {
  const { page, problems, context } = await backends.local.open('/');
  const { id } = await subjects('local', page);
  await page.goto(`${env.localApp.url}/work_packages/${id}`);
  await e2e.waitForReady(page);
  await page.getByTestId('attachments').getByText(/keeps no files/).waitFor();
  assert.equal(await page.getByTestId('attachment-list').count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "4 Dec 2026": an ISO date as Tafel writes it in English. */
const dateText = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

test('openproject: a parent shows the span the server derived from its children', async () => {
  const { page, problems, context } = await backends.openproject.open(`${DEMO}/table?wp=2`);
  const parent = await api('/work_packages/2');
  assert.ok(parent.derivedStartDate && parent.derivedDueDate, 'the seed gives #2 children with dates');
  const panel = page.getByTestId('detail-panel');
  const span = `${dateText(parent.derivedStartDate)} – ${dateText(parent.derivedDueDate)}`;
  await panel.getByTestId('derived-dates').filter({ hasText: span }).waitFor();
  // One without children has no such line.
  await page.goto(`${env.opApp.url}/work_packages/3`);
  await e2e.waitForReady(page);
  await page.getByTestId('subject-input').waitFor();
  assert.equal(await page.getByTestId('derived-dates').count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('local: a parent shows the span of the dates of its children and their children', async () => {
  const { page, problems, context } = await backends.local.open('/');
  await page.goto(`${env.localApp.url}${DEMO}/table`);
  await e2e.waitForReady(page);
  const wps = (await readAllRecords(page)).map((r) => r.work_package).filter(Boolean);
  const below = (id) => wps.filter((wp) => wp.parent === id).flatMap((child) => [child, ...below(child.id)]);
  const spanOf = (id) => {
    const days = below(id).flatMap((wp) => [wp.start_date, wp.due_date, wp.date].filter(Boolean)).sort();
    return days.length ? [days[0], days[days.length - 1]] : null;
  };
  // A parent whose grandchildren exist, so that more than one level counts.
  const parent = wps.find((wp) => below(wp.id).some((d) => d.parent !== wp.id) && spanOf(wp.id));
  assert.ok(parent, 'the demo has a work package with grandchildren');
  const [from, to] = spanOf(parent.id);
  await page.goto(`${env.localApp.url}/work_packages/${parent.id}`);
  await e2e.waitForReady(page);
  await page.getByTestId('derived-dates').filter({ hasText: `${dateText(from)} – ${dateText(to)}` }).waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});
