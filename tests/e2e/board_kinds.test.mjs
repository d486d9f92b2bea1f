// The board's kinds, swimlanes, work-in-progress limits, quick add and "Move to…", each run on both
// backends: the store in the browser and the OpenProject-compatible test server.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, card, cardIds, column, drawnCardIds, readRecord, waitForStored } from './support/app.mjs';

const API_KEY = 'e2e-board-kinds-key';
let env;
let op;

before(async () => {
  // Look for others' changes every second, so a remote change shows up quickly in the tests.
  env = await startBackends({ apiKey: API_KEY, backend: { refresh_seconds: 1 } });
  ({ op } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

/** The id at the end of a HAL link, or null for none. */
const linkId = (link) => (link?.href ? Number(link.href.split('/').pop()) : null);

/**
 * What differs between the two backends: how to open a page, and where to look for what was saved.
 * `stored(page, id, predicate, what)` waits until the saved work package satisfies `predicate`, given
 * a reader `(wp, field) => id | null` for status, assignee, priority, type, version and parent.
 */
const BACKENDS = {
  local: {
    open: (path, viewport = { width: 1400, height: 900 }, options = {}) =>
      openLocal(env, path, { viewport, ...options }),
    stored: (page, id, predicate, what) =>
      waitForStored(page, id, (wp) => predicate(wp, (w, f) => w[f === 'type' ? 'wp_type' : f] ?? null), what),
    /** Waits until card `id` is stored below card `above`. */
    async orderSaved(page, id, above) {
      const { work_package: other } = await readRecord(page, `wp/${above}`);
      await waitForStored(page, id, (wp) => wp.position > other.position, `below #${above}`);
    },
  },
  openproject: {
    open: (path, viewport = { width: 1400, height: 900 }, options = {}) =>
      openSignedIn(env, API_KEY, path, { viewport, ...options }),
    stored: (_page, id, predicate, what) =>
      op.waitForWorkPackage(id, (wp) => predicate(wp, (w, f) => linkId(w._links[f])), what),
    /** Waits until the project's order query on the server places card `id` below card `above`. */
    async orderSaved(page, id, above) {
      const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
      const read = async (path) => (await fetch(`${op.url}/api/v3${path}`, { headers })).json();
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const queries = await read('/queries');
        const query = queries._embedded.elements.find((q) => q.name === 'Tafel board order');
        if (query) {
          const order = await read(`/queries/${query.id}/order`);
          const at = (card) => order[card] ?? card * 1024;
          if (order[id] !== undefined && at(id) > at(above)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail(`#${id} was not stored below #${above} in the board order query`);
    },
  },
};

/** Every column as drawn: its token (`data-column`), its name and its card ids. */
async function columns(page) {
  await page.getByTestId('board-column').first().waitFor();
  return page.getByTestId('board-column').evaluateAll((els) =>
    els.map((el) => ({
      token: el.getAttribute('data-column'),
      name: el.querySelector('.tafel-column__name').textContent,
      count: Number(el.querySelector('.tafel-column__count').textContent),
      cards: [...el.querySelectorAll('[data-card-id]')].map((c) => Number(c.getAttribute('data-card-id'))),
    })),
  );
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Moves a card through its "Move to…" menu into the column named `name` (of the lane named `lane`). */
async function moveWithMenu(page, id, name, lane) {
  await card(page, id).getByRole('button', { name: /^Move #\d+ .* to…$/ }).click();
  const menu = page.getByTestId('move-menu');
  await menu.waitFor();
  const group = lane
    ? menu.locator('.tafel-move-menu__group', { has: page.getByRole('heading', { name: lane, exact: true }) })
    : menu;
  await group.getByRole('button', { name: new RegExp(`^${escape(name)}`) }).click();
  await menu.waitFor({ state: 'hidden' });
}

// A target column for each kind; cards must be able to go there (a milestone needs a single date).
const KINDS = [
  { by: 'assignee', target: (cols) => cols.find((c) => c.token !== 'none' && c.cards.length < 20) },
  { by: 'priority', target: (cols) => cols.find((c) => c.name === 'Immediate' || c.name === 'Urgent') ?? cols.at(-1) },
  { by: 'type', target: (cols) => cols.find((c) => c.name === 'Bug') },
  { by: 'version', target: (cols) => cols.find((c) => c.token !== 'none') },
  { by: 'parent', target: (cols) => cols.find((c) => c.token !== 'none') },
];

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: each board kind groups the cards by its field, and "Move to…" changes that field`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    for (const kind of KINDS) {
      await page.getByLabel('Columns').selectOption(kind.by);
      await page.waitForURL(new RegExp(`[?&]by=${kind.by}`));
      const cols = await columns(page);
      const target = kind.target(cols);
      assert.ok(target, `a ${kind.by} column to move to, among ${cols.map((c) => c.name)}`);
      // A card from elsewhere that is no column itself (so a parent never goes under its own child).
      const parents = new Set(cols.map((c) => Number(c.token)));
      const source = cols.find((c) => c !== target && c.cards.some((id) => !parents.has(id)));
      const id = source.cards.find((id) => !parents.has(id));
      const before = Number(await column(page, target.name).locator('.tafel-column__count').textContent());
      await moveWithMenu(page, id, target.name);
      await column(page, target.name).locator(`[data-card-id="${id}"]`).waitFor();
      const want = target.token === 'none' ? null : Number(target.token);
      await b.stored(page, id, (wp, field) => field(wp, kind.by) === want, `with ${kind.by} ${target.name}`);
      // The count in the heading follows the card.
      assert.equal(
        Number(await column(page, target.name).locator('.tafel-column__count').textContent()),
        before + 1,
      );
    }
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a card dragged into another swimlane and column takes both values`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board?lanes=assignee`, { width: 1400, height: 1300 });
    await page.getByTestId('board-lane').first().waitFor();
    const newToken = await column(page, 'New').getAttribute('data-column');
    const progressToken = await column(page, 'In progress').getAttribute('data-column');
    const lanes = await page.getByTestId('board-lane').evaluateAll((els) =>
      els.map((el) => ({ token: el.getAttribute('data-lane'), name: el.querySelector('.tafel-lane__name').textContent })),
    );
    // A lane with a card in New, and the next lane; all other lanes folded away, so both are in view.
    const withNew = [];
    for (const lane of lanes) {
      if (await page.locator(`[data-cell="${newToken}/${lane.token}"] [data-card-id]`).count()) withNew.push(lane);
    }
    const from = withNew[0];
    const to = lanes.find((l) => l.token !== from.token);
    for (const lane of lanes) {
      if (lane.token === from.token || lane.token === to.token) continue;
      await page.getByRole('button', { name: new RegExp(`^${escape(lane.name)} \\d+ cards$`), expanded: true }).click();
    }
    // Folding scrolled the board to each lane heading; back to the top, where both lanes now fit.
    await page.locator('.tafel-board__columns').evaluate((el) => el.scrollTo(0, 0));
    const moving = page.locator(`[data-cell="${newToken}/${from.token}"] [data-card-id]`).first();
    const id = Number(await moving.getAttribute('data-card-id'));
    const target = page.locator(`[data-cell="${progressToken}/${to.token}"] .tafel-cell__cards`);
    const a = await moving.boundingBox();
    const t = await target.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + 10);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 20, a.y + 20, { steps: 4 });
    await page.mouse.move(t.x + t.width / 2, t.y + t.height - 8, { steps: 12 });
    await page.mouse.up();
    await page.locator(`[data-cell="${progressToken}/${to.token}"] [data-card-id="${id}"]`).waitFor();
    const assignee = to.token === 'none' ? null : Number(to.token);
    await b.stored(
      page,
      id,
      (wp, field) => field(wp, 'status') === Number(progressToken) && field(wp, 'assignee') === assignee,
      `in In progress, assigned to ${to.name}`,
    );
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a work-in-progress limit warns, a hard one refuses a move with the reason, and lifting it lets the move through`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    const progress = await column(page, 'In progress').getAttribute('data-column');
    const count = Number(await column(page, 'In progress').locator('.tafel-column__count').textContent());
    assert.ok(count >= 2, 'In progress has cards');
    await page.goto(`${page.url().split('?')[0]}?wip=${progress}:${count - 1}&wiphard=1`);
    await e2e.waitForReady(page);
    await column(page, 'In progress').getByTestId('wip').filter({ hasText: `⚠ Over limit: ${count} of ${count - 1}` }).waitFor();

    // By keyboard from New to In progress: refused, and said why.
    const first = column(page, 'New').locator('[data-card-id]').first();
    const id = Number(await first.getAttribute('data-card-id'));
    await first.focus();
    await page.keyboard.press('Space');
    const announcer = page.getByTestId('announcer');
    while (!/: column In progress,/.test(await announcer.textContent())) {
      await page.keyboard.press('ArrowRight');
      await announcer.filter({ hasText: /: column / }).waitFor();
    }
    await page.keyboard.press('Enter');
    const reason = new RegExp(`In progress is at its limit of ${count - 1} cards: #${id} .+ was not moved\\.`);
    await page.getByTestId('announcer').filter({ hasText: reason }).waitFor();
    await page.getByTestId('notice').filter({ hasText: reason }).waitFor();
    await column(page, 'New').locator(`[data-card-id="${id}"]`).waitFor();
    // "Move to…" says so too and offers no way in.
    await card(page, id).getByRole('button', { name: /^Move #\d+ .* to…$/ }).click();
    const offer = page.getByTestId('move-menu').getByRole('button', { name: /^In progress/ });
    assert.match(await offer.textContent(), /limit reached/);
    assert.ok(await offer.isDisabled());
    await page.keyboard.press('Escape');

    // Only a warning once the hard limit is lifted in the board's settings.
    await page.getByText('Limits', { exact: true }).click();
    await page.getByLabel('Refuse moves into a full column').uncheck();
    await page.waitForURL((url) => !url.search.includes('wiphard'));
    await moveWithMenu(page, id, 'In progress');
    await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
    await column(page, 'In progress').getByTestId('wip').filter({ hasText: `⚠ Over limit: ${count + 1} of ${count - 1}` }).waitFor();
    await b.stored(page, id, (wp, field) => field(wp, 'status') === Number(progress), 'in In progress');
    e2e.assertNoProblems(e2e.exceptStatus(problems, 422));
    await context.close();
  });

  test(`${backend}: quick add in a swimlane cell creates a card with the column's and the lane's values`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board?lanes=priority`);
    const high = page.getByTestId('board-lane').filter({ has: page.locator('.tafel-lane__name', { hasText: /^High$/ }) });
    const highToken = await high.getAttribute('data-lane');
    const newToken = await column(page, 'New').getAttribute('data-column');
    const cell = page.locator(`[data-cell="${newToken}/${highToken}"]`);
    await cell.getByRole('button', { name: 'Add card to New, High' }).click();
    const field = cell.getByLabel('Add card to New, High');
    await field.fill('Quickly added, high');
    await field.press('Enter');
    const created = cell.locator('[data-card-id]', { hasText: 'Quickly added, high' });
    await created.waitFor();
    // The field stays open, empty and focused for the next title.
    assert.equal(await field.inputValue(), '');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="quick-add"]') !== null);
    const id = Number(await created.getAttribute('data-card-id'));
    await b.stored(
      page,
      id,
      (wp, f) => f(wp, 'status') === Number(newToken) && f(wp, 'priority') === Number(highToken),
      'in New with priority High',
    );
    // A blank title is refused at the field; Escape closes it.
    await field.press('Enter');
    await cell.locator('.tafel-field__error', { hasText: "Can't be blank." }).waitFor();
    await field.press('Escape');
    await cell.getByRole('button', { name: 'Add card to New, High' }).waitFor();
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: cards chosen with Ctrl + click move together through "Move to…"`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    await column(page, 'New').locator('[data-card-id]').nth(1).waitFor();
    const fromNew = (await column(page, 'New').locator('[data-card-id]').evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-card-id'))))).slice(0, 2);
    const [fromSpec] = await column(page, 'In progress').locator('[data-card-id]').evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-card-id'))));
    const chosen = [...fromNew, fromSpec];
    for (const id of chosen) await card(page, id).click({ modifiers: ['ControlOrMeta'] });
    await page.getByText('3 cards selected', { exact: true }).waitFor();
    assert.match(await card(page, chosen[0]).getAttribute('aria-label'), /, selected/);
    // Ctrl + click chose, it did not open the detail.
    assert.equal(new URL(page.url()).searchParams.get('wp'), null);

    const rejected = await column(page, 'Rejected').getAttribute('data-column');
    await card(page, chosen[1]).getByRole('button', { name: /^Move #\d+ .* to…$/ }).click();
    const menu = page.getByTestId('move-menu');
    await page.getByRole('dialog').getByRole('heading', { name: 'Move 3 cards to…' }).waitFor();
    await menu.getByRole('button', { name: /^Rejected/ }).click();
    await page.getByTestId('announcer').filter({ hasText: 'Moved 3 cards to Rejected.' }).waitFor();
    for (const id of chosen) {
      await column(page, 'Rejected').locator(`[data-card-id="${id}"]`).waitFor();
      await b.stored(page, id, (wp, f) => f(wp, 'status') === Number(rejected), 'in Rejected');
    }
    assert.equal(await page.getByText(/cards selected/).count(), 0, 'the selection is cleared after the move');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a card with an open blocker says so, and the mark goes when the blocker is closed`, async () => {
    // Only the cards in view are drawn: narrow the board to the seed's blocked work package.
    const narrow = backend === 'openproject' ? '?q=Penetration' : '';
    const { page, problems, context } = await b.open(`${DEMO}/board${narrow}`);
    const marked = page.locator('[data-card-id]', { has: page.locator('.tafel-card__blocked') }).first();
    await marked.waitFor();
    const id = Number(await marked.getAttribute('data-card-id'));
    const blocker = Number((await marked.getAttribute('aria-label')).match(/Blocked by #(\d+)/)[1]);
    // Show only the blocker, close it through "Move to…" (Rejected is closed, and OpenProject's
    // workflow allows it from New), then show the blocked one.
    await page.getByRole('searchbox', { name: 'Search' }).fill(`#${blocker}`);
    await moveWithMenu(page, blocker, 'Rejected');
    await column(page, 'Rejected').locator(`[data-card-id="${blocker}"]`).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill(`#${id}`);
    await card(page, id).waitFor();
    await page.waitForFunction(
      (id) => !document.querySelector(`[data-card-id="${id}"] .tafel-card__blocked`),
      id,
    );
    assert.doesNotMatch(await card(page, id).getAttribute('aria-label'), /Blocked by/);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

test('local: Shift + Space selects cards by keyboard, and carrying one carries them all', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board`);
  const ids = await drawnCardIds(page, 'New');
  const review = await column(page, 'In review').getAttribute('data-column');
  await card(page, ids[1]).focus();
  await page.keyboard.press('Shift+Space');
  await page.getByTestId('announcer').filter({ hasText: '1 card selected.' }).waitFor();
  await card(page, ids[0]).focus();
  await page.keyboard.press('Shift+Space');
  await page.getByText('2 cards selected', { exact: true }).waitFor();
  await page.keyboard.press('Space');
  const announcer = page.getByTestId('announcer');
  while (!/: column In review,/.test(await announcer.textContent())) {
    await page.keyboard.press('ArrowRight');
    await announcer.filter({ hasText: /: column / }).waitFor();
  }
  await page.keyboard.press('Enter');
  await announcer.filter({ hasText: 'Moved 2 cards to In review.' }).waitFor();
  const inReview = await cardIds(page, 'In review');
  // The carried card first, the other selected one right after it.
  assert.deepEqual(inReview.slice(0, 2), [ids[0], ids[1]]);
  for (const id of ids.slice(0, 2)) {
    await waitForStored(page, id, (wp) => wp.status === Number(review), 'in In review');
  }
  e2e.assertNoProblems(problems);
  await context.close();
});

test('local: carrying a selected card down its own column keeps the selection together where it is dropped', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board`);
  const [a, b, c, d, e] = await drawnCardIds(page, 'New');
  await card(page, b).click({ modifiers: ['ControlOrMeta'] });
  await card(page, a).click({ modifiers: ['ControlOrMeta'] });
  await card(page, a).focus();
  await page.keyboard.press('Space');
  // Among the others (b, c, d, e, …) three steps down is the place between d and e.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByTestId('announcer').filter({ hasText: 'Moved 2 cards to New.' }).waitFor();
  assert.deepEqual((await cardIds(page, 'New')).slice(0, 5), [c, d, a, b, e]);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('local: the board\'s grouping and filters live in the URL and survive a reload', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board`);
  await page.getByLabel('Columns').selectOption('assignee');
  await page.getByLabel('Swimlanes').selectOption('priority');
  await page.getByRole('combobox', { name: 'Priority', exact: true }).selectOption({ label: 'High' });
  await page.waitForURL(/by=assignee/);
  await page.waitForURL(/lanes=priority/);
  await page.waitForURL(/priority=\d+/);
  const lanes = () => page.locator('.tafel-lane__name').allTextContents();
  const countIn = async () =>
    Number((await page.locator('[data-testid="board-lane"]', { has: page.locator('.tafel-lane__name', { hasText: /^High$/ }) }).locator('.tafel-lane__count').textContent()).match(/\d+/)[0]);
  const high = await countIn();
  assert.ok(high > 0);
  // Lanes of other priorities are empty under the filter.
  const shown = await page.locator('[data-card-id]').count();
  assert.equal(shown, high);

  await page.reload();
  await e2e.waitForReady(page);
  assert.deepEqual((await lanes()).slice(0, 4), ['Low', 'Normal', 'High', 'Immediate']);
  assert.equal(await countIn(), high);
  assert.equal(await page.getByLabel('Columns').inputValue(), 'assignee');
  assert.equal(await page.getByRole('combobox', { name: 'Priority', exact: true }).locator('option:checked').textContent(), 'High');

  // A lane folds away and comes back.
  await page.getByRole('button', { name: /^High \d+ cards$/, expanded: true }).click();
  await page.getByRole('button', { name: /^High \d+ cards$/, expanded: false }).waitFor();
  assert.equal(await page.locator('[data-card-id]').count(), 0);
  await page.getByRole('button', { name: /^High \d+ cards$/ }).click();
  await page.locator('[data-card-id]').first().waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});

test('openproject: changes another user makes appear on the board without a reload', async () => {
  const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/board`);
  await column(page, 'New').locator('[data-card-id]').nth(1).waitFor();
  const [first, second] = await column(page, 'New').locator('[data-card-id]').evaluateAll((els) =>
    els.slice(0, 2).map((el) => Number(el.getAttribute('data-card-id'))),
  );
  // Another user renames one work package…
  await op.touch(first);
  await card(page, first).filter({ hasText: '(edited elsewhere)' }).waitFor();
  // …and moves another to In progress through the API.
  const progress = await column(page, 'In progress').getAttribute('data-column');
  const current = await op.workPackage(second);
  const res = await fetch(`${op.url}/api/v3/work_packages/${second}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ lockVersion: current.lockVersion, _links: { status: { href: `/api/v3/statuses/${progress}` } } }),
  });
  assert.equal(res.status, 200, await res.text());
  await column(page, 'In progress').locator(`[data-card-id="${second}"]`).waitFor();
  assert.equal(await column(page, 'New').locator(`[data-card-id="${second}"]`).count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('local: card fields can be switched off, and the choice is part of the board\'s address', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board`);
  await page.locator('.tafel-card__priority').first().waitFor();
  await page.getByText('Card fields', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'Priority' }).uncheck();
  await page.getByRole('checkbox', { name: 'Assignee', exact: true }).uncheck();
  await page.waitForURL(/hide=priority%2Cassignee|hide=priority,assignee/);
  assert.equal(await page.locator('.tafel-card__priority').count(), 0);
  assert.equal(await page.locator('.tafel-card__avatar').count(), 0);
  const label = await page.locator('[data-card-id]').first().getAttribute('aria-label');
  assert.doesNotMatch(label, /Priority:|Assignee:/, 'hidden fields are not read out either');
  await page.reload();
  await e2e.waitForReady(page);
  await page.locator('[data-card-id]').first().waitFor();
  assert.equal(await page.locator('.tafel-card__priority').count(), 0);
  assert.ok((await page.locator('.tafel-card__type').count()) > 0, 'the other fields stay');
  e2e.assertNoProblems(problems);
  await context.close();
});

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a board saved under a name is listed, opens with its settings after a reload, and can be deleted`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    await page.getByLabel('Columns').selectOption('assignee');
    await page.waitForURL(/by=assignee/);
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Name of the board').fill('By person');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Board “By person” saved.' }).waitFor();
    await page.waitForURL(/board=\d+/);

    // A change to a saved board offers to save it again.
    await page.getByLabel('Columns').selectOption('priority');
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();

    // Elsewhere, later: the default board, then the saved one from the list.
    await page.goto(`${page.url().split('?')[0]}`);
    await e2e.waitForReady(page);
    await column(page, 'New').waitFor();
    await page.getByLabel('Board', { exact: true }).selectOption({ label: 'By person' });
    await page.waitForURL(/by=assignee/);
    await column(page, 'Unassigned').waitFor();
    await page.reload();
    await e2e.waitForReady(page);
    await column(page, 'Unassigned').waitFor();
    // The list comes from the backend (on OpenProject, the server); once there, the open board is chosen.
    await page.waitForFunction(() => {
      const select = document.querySelector('#tafel-board-saved');
      return select?.selectedOptions[0]?.textContent === 'By person';
    });

    await page.getByRole('button', { name: 'Delete board' }).click();
    await page.getByRole('dialog').getByText('Delete the board “By person”? The work packages stay as they are.').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('notice').filter({ hasText: 'Board “By person” deleted.' }).waitFor();
    await page.waitForURL((url) => !url.search.includes('board='));
    // The list is read again from the backend (on OpenProject, the server) once the board is gone.
    await page.waitForFunction(() => {
      const select = document.querySelector('#tafel-board-saved');
      return select && [...select.options].map((o) => o.textContent).join('|') === 'Unsaved board';
    });
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

test('openproject: titles typed into quick add while the one before is still being created are each created', async () => {
  // Every POST takes 1.5 s: the first creation is on its way while the next titles are typed.
  await op.setFaults({ seed: 1, rate: 1, kinds: ['latency'], latency_ms: [1500, 1500], methods: ['POST'] });
  try {
    const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/board`);
    await column(page, 'New').getByRole('button', { name: 'Add card to New' }).click();
    const field = column(page, 'New').getByLabel('Add card to New');
    const titles = ['Typed first', 'Typed while the first is sent', 'Typed third'];
    for (const title of titles) {
      await field.fill(title);
      await field.press('Enter');
      // The field is free for the next title at once: the journal holds this one.
      await page.waitForFunction(() => document.querySelector('[data-testid="quick-add"] input')?.value === '', null, { timeout: 1_000 });
    }
    for (const title of titles) {
      await column(page, 'New').locator('[data-card-id]', { hasText: title }).waitFor({ timeout: 15_000 });
    }
    const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
    const res = await fetch(`${op.url}/api/v3/projects/city-portal/work_packages?pageSize=1000&filters=%5B%5D`, { headers });
    const server = (await res.json())._embedded.elements;
    for (const title of titles) assert.equal(server.filter((wp) => wp.subject === title).length, 1, `"${title}" made once`);
    e2e.assertNoProblems(problems);
    await context.close();
  } finally {
    await op.clearFaults();
  }
});

test('openproject: a hard limit counts the quick-added cards still being created', async () => {
  // Every POST takes 1.5 s: the first title is still on its way when the second is typed.
  await op.setFaults({ seed: 1, rate: 1, kinds: ['latency'], latency_ms: [1500, 1500], methods: ['POST'] });
  try {
    const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/board`);
    const newColumn = await column(page, 'New').getAttribute('data-column');
    const count = Number(await column(page, 'New').locator('.tafel-column__count').textContent());
    // Room for exactly one more card.
    await page.goto(`${page.url().split('?')[0]}?wip=${newColumn}:${count + 1}&wiphard=1`);
    await e2e.waitForReady(page);
    await column(page, 'New').getByRole('button', { name: 'Add card to New' }).click();
    const field = column(page, 'New').getByLabel('Add card to New');
    await field.fill('Fits under the limit');
    await field.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="quick-add"] input')?.value === '', null, { timeout: 1_000 });
    // The first is not on the board yet, but the column has no room left for a second.
    await field.fill('One too many');
    await field.press('Enter');
    await page.getByTestId('quick-add').filter({ hasText: `New is at its limit of ${count + 1} cards.` }).waitFor({ timeout: 1_000 });
    assert.equal(await field.inputValue(), 'One too many', 'the refused title stays in the field');
    await column(page, 'New').locator('[data-card-id]', { hasText: 'Fits under the limit' }).waitFor({ timeout: 15_000 });
    const headers = { Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}` };
    const res = await fetch(`${op.url}/api/v3/projects/city-portal/work_packages?pageSize=1000&filters=%5B%5D`, { headers });
    const subjects = (await res.json())._embedded.elements.map((wp) => wp.subject);
    assert.equal(subjects.filter((s) => s === 'Fits under the limit').length, 1, 'the first is created once');
    assert.ok(!subjects.includes('One too many'), 'the second is not created');
    e2e.assertNoProblems(problems);
    await context.close();
  } finally {
    await op.clearFaults();
  }
});

test('local: a card quick-added under filters that hide it is announced, not lost from sight', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board?q=accessibility`);
  const newCell = column(page, 'New');
  await newCell.getByRole('button', { name: 'Add card to New' }).click();
  const field = newCell.getByLabel('Add card to New');
  await field.fill('Quickly added, then hidden');
  await field.press('Enter');
  const notice = page.getByTestId('notice').filter({ hasText: /The current filters hide #\d+\./ });
  await notice.waitFor();
  const id = Number((await notice.textContent()).match(/hide #(\d+)/)[1]);
  await waitForStored(page, id, (wp) => wp.subject === 'Quickly added, then hidden', 'created');
  assert.equal(await card(page, id).count(), 0, 'the filter hides it');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('openproject: a selection moves whole or not at all when the workflow refuses one of its cards', async () => {
  const { page, problems, context } = await BACKENDS.openproject.open(`${DEMO}/board`);
  await column(page, 'New').locator('[data-card-id]').first().waitFor();
  const [fromNew] = await cardIds(page, 'New');
  const [fromProgress] = await cardIds(page, 'In progress');
  for (const id of [fromProgress, fromNew]) await card(page, id).click({ modifiers: ['ControlOrMeta'] });
  // In review is open to the card from In progress, not to the one from New (the seed's workflow).
  await card(page, fromProgress).getByRole('button', { name: /^Move #\d+ .* to…$/ }).click();
  await page.getByTestId('move-menu').getByRole('button', { name: /^In review/ }).click();
  await page.getByTestId('notice').filter({ hasText: new RegExp(`The workflow does not allow moving #${fromNew} .+ to In review`) }).waitFor();
  await column(page, 'New').locator(`[data-card-id="${fromNew}"]`).waitFor();
  await column(page, 'In progress').locator(`[data-card-id="${fromProgress}"]`).waitFor();
  const { requests } = await op.requests();
  assert.ok(!requests.some((r) => r.startsWith(`PATCH /api/v3/work_packages/${fromProgress}`)), 'nothing was sent');
  e2e.assertNoProblems(problems);
  await context.close();
});

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a manual board's columns are added, named, filtered, reordered and removed, and a card moved into one takes its values`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    const byStatus = await columns(page);
    // Switching to lists keeps the columns the user saw, now as lists of their own.
    await page.getByLabel('Columns').selectOption('lists');
    await page.waitForURL(/[?&]by=lists&lists=/);
    const lists = await columns(page);
    assert.deepEqual(lists.map((c) => c.name), byStatus.map((c) => c.name));
    assert.deepEqual(lists.map((c) => c.count), byStatus.map((c) => c.count));

    await page.getByText('Edit columns').click();
    await page.getByLabel('Name of column 1', { exact: true }).fill('Inbox');
    await page.getByLabel('Name of column 1', { exact: true }).press('Enter');
    await column(page, 'Inbox').waitFor();

    // A new column, given a type, and moved to the front by keyboard, focus staying on the button.
    await page.getByRole('button', { name: 'Add column' }).click();
    const name = page.getByLabel(`Name of column ${lists.length + 1}`, { exact: true });
    await name.fill('Bugs');
    await name.press('Enter');
    await page.getByLabel('Type of Bugs').selectOption({ label: 'Type: Bug' });
    for (let i = 0; i < lists.length; i += 1) {
      await page.getByRole('button', { name: 'Move Bugs left' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.activeElement?.dataset.listIndex === String(n), lists.length - 1 - i);
    }
    const reordered = await columns(page);
    assert.equal(reordered[0].name, 'Bugs');
    assert.ok(reordered[0].count > 0, 'the bugs are in their column');
    assert.equal(
      reordered.reduce((n, c) => n + c.count, 0),
      lists.reduce((n, c) => n + c.count, 0),
      'each card shows once, in the first column it matches',
    );

    // A card from another column moved into "Bugs" becomes a bug.
    await page.getByText('Edit columns').click();
    const id = reordered[1].cards[0];
    await moveWithMenu(page, id, 'Bugs');
    await column(page, 'Bugs').locator(`[data-card-id="${id}"]`).waitFor();
    await page.getByText('Edit columns').click();
    const bug = await page.getByLabel('Type of Bugs').locator('option:checked').getAttribute('value');
    await b.stored(page, id, (wp, field) => field(wp, 'type') === Number(bug), 'as a bug');

    // Removing a column takes it off the board; the settings survive a reload.
    const last = reordered.at(-1).name;
    await page.getByRole('button', { name: `Remove column ${last}` }).click();
    await page.waitForFunction(() => document.activeElement?.dataset.listRemove !== undefined);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="board-column"]').length === n, reordered.length - 1);
    await page.reload();
    await e2e.waitForReady(page);
    const after = await columns(page);
    assert.deepEqual(after.map((c) => c.name), reordered.slice(0, -1).map((c) => c.name));
    assert.equal(after[0].count, reordered[0].count + 1, 'the moved card is still a bug');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a card moved down its column by keyboard keeps its place after a reload`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    await column(page, 'New').locator('[data-card-id]').first().waitFor();
    const [first, second] = await cardIds(page, 'New');
    await card(page, first).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: /^Dropped #\d+ .+ in column New at position 2\./ }).waitFor();
    await b.orderSaved(page, first, second);
    await page.reload();
    await e2e.waitForReady(page);
    await column(page, 'New').locator(`[data-card-id="${first}"]`).waitFor();
    const ids = await cardIds(page, 'New');
    assert.deepEqual(ids.slice(0, 2), [second, first]);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: on a touch screen a long press picks a card up and the lifted finger drops it`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`, { width: 1400, height: 900 }, { hasTouch: true });
    const client = await context.newCDPSession(page);
    const finger = (type, x, y) =>
      client.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await column(page, 'New').locator('[data-card-id]').first().waitFor();
    const [id] = await cardIds(page, 'New');
    const target = Number(await column(page, 'In progress').getAttribute('data-column'));
    const from = await card(page, id).boundingBox();
    const to = await column(page, 'In progress').locator('.tafel-cell__cards').boundingBox();
    const [x, y] = [from.x + from.width / 2, from.y + from.height / 2];
    await finger('touchStart', x, y);
    await page.locator(`[data-card-id="${id}"].tafel-card--dragging`).waitFor();
    const [tx, ty] = [to.x + to.width / 2, to.y + 40];
    for (let i = 1; i <= 12; i++) await finger('touchMove', x + ((tx - x) * i) / 12, y + ((ty - y) * i) / 12);
    await finger('touchEnd');
    await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
    await b.stored(page, id, (wp, field) => field(wp, 'status') === target, 'in status In progress');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
