// Keyboard-only journeys (issue #9): every task a user does in Tafel, done the way someone without a
// mouse does it. After the page has loaded, the tests only press keys: Tab from the skip link (the
// page's first tab stop), arrows, Enter, Space, Escape, typing and the shortcuts listed by `?`. No
// clicks, no focusing or dispatching from script. They check what the user would notice: which
// control has focus and its accessible name, what changes on screen, what is announced, and that
// the change is stored (after a reload).
//
// Each journey on the store in the browser and on the OpenProject-compatible test server (signed in
// by keyboard too); the shortcuts list once.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { startBackends } from './support/backends.mjs';
import { DEMO, cardIds, column, readRecord, statusIdOf } from './support/app.mjs';

const API_KEY = 'e2e-keyboard-key';
let env;
let op;

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
  ({ op } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

const VIEWPORT = { viewport: { width: 1400, height: 900 } };

/** What has focus, for messages: tag, id, role, name and a little text. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'the page itself (<body>)';
    const label = el.getAttribute('aria-label');
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${label ? ` aria-label="${label}"` : ''}> ${text}`;
  });
}

/** Whether focus is on `target`: a CSS selector, or a Playwright locator (role, label, …). */
async function hasFocus(page, target) {
  if (typeof target === 'string') {
    return page.evaluate((s) => document.activeElement?.matches(s) ?? false, target);
  }
  return target.evaluateAll((els) => els.includes(document.activeElement));
}

/** Waits until focus is on `target`; fails naming where it is instead. */
async function expectFocus(page, target, what) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await hasFocus(page, target)) return;
    await page.waitForTimeout(25);
  }
  assert.fail(`${what}: focus is on ${await focused(page)}`);
}

/**
 * Presses `key` (Tab, or Shift+Tab) until focus is on `target`, as a user tabs through the page;
 * fails after `max` presses, or when focus falls to the page on the way.
 */
async function tabTo(page, target, what, { key = 'Tab', max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await hasFocus(page, target)) return;
    await page.keyboard.press(key);
    const lost = await page.evaluate(() => !document.activeElement || document.activeElement === document.body);
    assert.ok(!lost, `${what}: ${key} press ${i + 1} left focus on the page itself`);
  }
  assert.fail(`${what}: not reached in ${max} presses of ${key}; focus is on ${await focused(page)}`);
}

/** The first key press on a loaded page: the skip link, then into the main region. */
async function skipToContent(page) {
  await page.keyboard.press('Tab');
  await expectFocus(page, page.getByRole('link', { name: 'Skip to content' }), 'first Tab');
  await page.keyboard.press('Enter');
  await expectFocus(page, '#main', 'after the skip link');
}

/** Presses ArrowDown (or ArrowUp) on a focused select until its value is `value`. */
async function arrowToOption(page, select, value, what) {
  for (let i = 0; i < 40 && (await select.inputValue()) !== value; i++) {
    await page.keyboard.press('ArrowDown');
  }
  for (let i = 0; i < 40 && (await select.inputValue()) !== value; i++) {
    await page.keyboard.press('ArrowUp');
  }
  assert.equal(await select.inputValue(), value, `${what}: the option ${value} was not reached by arrow keys`);
}

/** Waits until `fn()` (async) returns a truthy value, and returns it; fails naming `what`. */
async function eventually(page, fn, what) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`${what} did not happen`);
}

/** The announcement the live region makes. */
function announced(page, pattern) {
  return page.getByTestId('announcer').filter({ hasText: pattern }).waitFor();
}

/** A notice shown (and announced politely, as a status). */
function noticed(page, text) {
  return page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

/** Signs in by keyboard: Tab to the token field, type it, Enter. */
async function signIn(page) {
  await page.keyboard.press('Tab');
  await tabTo(page, page.getByTestId('sign-in').getByLabel('API token'), 'the API token field');
  await page.keyboard.type(API_KEY);
  await page.keyboard.press('Enter');
  await page.getByTestId('project-card').first().waitFor();
}

/** How to open a view on each backend, and where to read what a work package is stored as. */
const BACKENDS = {
  local: {
    async open(path) {
      const ctx = { browser: env.browser, baseURL: env.localApp.url };
      const context = await e2e.newContext(ctx, VIEWPORT);
      const { page, problems } = await e2e.openApp(ctx, path, { context });
      return { page, problems, context };
    },
    async stored(page, id) {
      const wp = (await readRecord(page, `wp/${id}`))?.work_package;
      if (!wp) return null;
      return {
        subject: wp.subject,
        status: wp.status,
        priority: wp.priority,
        start: wp.start_date ?? wp.date ?? null,
        due: wp.due_date ?? wp.date ?? null,
        lock: wp.lock_version,
      };
    },
  },
  openproject: {
    async open(path) {
      const ctx = { browser: env.browser, baseURL: env.opApp.url };
      const context = await e2e.newContext(ctx, VIEWPORT);
      const { page, problems } = await e2e.openApp(ctx, '/', { context });
      await signIn(page);
      await page.goto(`${env.opApp.url}${path}`);
      await e2e.waitForReady(page);
      return { page, problems, context };
    },
    async stored(_page, id) {
      const wp = await op.workPackage(id);
      if (wp._type !== 'WorkPackage') return null;
      const idOf = (link) => Number(link.href.split('/').pop());
      return {
        subject: wp.subject,
        status: idOf(wp._links.status),
        priority: idOf(wp._links.priority),
        start: wp.startDate ?? wp.date ?? null,
        due: wp.dueDate ?? wp.date ?? null,
        lock: wp.lockVersion,
      };
    },
  },
};

/** Waits until what is stored for `id` satisfies `predicate`, and returns it. */
async function waitForStored(b, page, id, predicate, what) {
  let last;
  const found = await eventually(page, async () => {
    last = await b.stored(page, id);
    return predicate(last) ? last ?? true : null;
  }, `#${id} stored ${what} (last: ${JSON.stringify(last)})`).catch((err) => {
    throw new Error(`${err.message}; last stored: ${JSON.stringify(last)}`);
  });
  return found;
}

async function reload(page) {
  await page.reload();
  await e2e.waitForReady(page);
}

/** The "n of m work packages" line of the table, as [n, m]. */
async function tableCount(page) {
  const text = await page.getByTestId('table-count').textContent();
  const [, shown, total] = text.match(/^(\d+) of (\d+)/);
  return [Number(shown), Number(total)];
}

/** The table's cell in the tab order, reached by Tab from the skip link. */
async function tabIntoGrid(page) {
  await page.getByTestId('wp-row').first().waitFor();
  await skipToContent(page);
  await tabTo(page, '[data-testid="wp-table"] td[tabindex="0"]', 'the table grid');
}

/** The work package id of the row of the focused cell. */
function focusedRowId(page) {
  return page.evaluate(() => Number(document.activeElement?.closest('tr[data-wp-id]')?.getAttribute('data-wp-id')));
}

/** Arrow Down in the grid, once focus has reached the next row; its id. */
async function nextRow(page) {
  const from = await focusedRowId(page);
  await page.keyboard.press('ArrowDown');
  return eventually(page, async () => {
    const at = await focusedRowId(page);
    return at && at !== from ? at : null;
  }, `focus moving down from the row of #${from}`);
}

/** Space on the focused row, and `count` rows below it; their ids, once each shows as selected. */
async function selectRows(page, count) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    ids.push(i === 0 ? await focusedRowId(page) : await nextRow(page));
    await page.keyboard.press('Space');
    await page.locator(`tr[data-wp-id="${ids[i]}"][aria-selected="true"]`).waitFor();
  }
  return ids;
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: create a work package in the table, edit it in the side panel, close it and land back on its row`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const [, totalBefore] = await tableCount(page);
    await skipToContent(page);

    // 1. Create: the button, the dialog's subject field, Enter.
    const subject = `Typed by keyboard on ${backend}`;
    await tabTo(page, page.getByRole('button', { name: 'New work package' }), 'the create button');
    await page.keyboard.press('Enter');
    const form = page.getByTestId('create-form');
    await expectFocus(page, form.getByLabel('Subject'), 'the create dialog opened');
    await page.keyboard.type(subject);
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'hidden' });
    await noticed(page, /#\d+ was created\./);
    // Focus is on the new row's subject, whose name is what was typed.
    await expectFocus(page, page.getByRole('button', { name: subject, exact: true }), 'after creating');
    const id = await focusedRowId(page);
    assert.ok(id > 0, 'focus is in the new row');
    await eventually(page, async () => (await tableCount(page))[1] === totalBefore + 1, 'the count going up by one');
    await waitForStored(b, page, id, (wp) => wp?.subject === subject, 'with its subject');

    // 2. Edit: Enter on the subject opens the side panel with focus on the subject field.
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('detail-panel');
    await expectFocus(page, panel.getByLabel('Subject'), 'the side panel opened');
    const renamed = `${subject}, renamed`;
    await page.keyboard.press('End');
    await page.keyboard.type(', renamed');
    await page.keyboard.press('Tab');
    await waitForStored(b, page, id, (wp) => wp?.subject === renamed, 'with the new subject');

    const status = panel.getByLabel('Status');
    await tabTo(page, status, 'the status field');
    const statusBefore = await status.inputValue();
    await page.keyboard.press('ArrowDown');
    const statusAfter = Number(await status.inputValue());
    assert.notEqual(String(statusAfter), statusBefore, 'ArrowDown chose another status');
    await waitForStored(b, page, id, (wp) => wp?.status === statusAfter, `in status ${statusAfter}`);

    // A date typed digit by digit is saved once, on Enter (or when the field is left), not at every
    // digit: on the way the year is 0002, 0020 and 0202.
    await tabTo(page, panel.getByLabel('Finish date'), 'the finish date');
    const { lock } = await b.stored(page, id);
    await page.keyboard.type('03152027');
    await page.keyboard.press('Enter');
    const dated = await waitForStored(b, page, id, (wp) => wp?.due === '2027-03-15', 'with the finish date');
    assert.equal(dated.lock, lock + 1, 'saved once');
    assert.equal(await panel.locator('.tafel-field__error').filter({ hasText: /\S/ }).count(), 0, 'no field reports a problem');

    // Escape closes the panel; focus goes back to the row it was opened from.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await eventually(page, async () => (await focusedRowId(page)) === id, `focus back on the row of #${id} (it is on ${await focused(page)})`);
    const row = page.locator(`tr[data-wp-id="${id}"]`);
    assert.equal(await row.locator('td[data-col="subject"]').textContent(), renamed);
    assert.match(await row.locator('td[data-col="dueDate"]').textContent(), /15 Mar 2027/);

    await reload(page);
    await page.getByTestId('wp-row').first().waitFor();
    assert.equal((await tableCount(page))[1], totalBefore + 1);
    const stored = await b.stored(page, id);
    assert.deepEqual([stored.subject, stored.status, stored.due], [renamed, statusAfter, '2027-03-15']);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

// The column a new card goes to: one a new work package may start in on each backend (the test
// server's workflow lets one start in New, In progress or Rejected).
const QUICK_ADD_COLUMN = { local: 'In review', openproject: 'In progress' };

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: quick add on the board: the column's add button, a title and Enter; Escape goes back to the button`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    await page.locator('[data-card-id]').first().waitFor();
    const name = QUICK_ADD_COLUMN[backend];
    const before = await cardIds(page, name);
    await skipToContent(page);
    const add = page.getByRole('button', { name: `Add card to ${name}` });
    await tabTo(page, add, `the add button of ${name}`);
    await page.keyboard.press('Enter');
    const field = page.getByRole('textbox', { name: `Add card to ${name}` });
    await expectFocus(page, field, 'the quick add field');
    await page.keyboard.type('Quick card by keyboard');
    await page.keyboard.press('Enter');
    await noticed(page, /#\d+ was created\./);
    const created = column(page, name).locator('[data-card-id]', { hasText: 'Quick card by keyboard' });
    await created.waitFor();
    const id = Number(await created.getAttribute('data-card-id'));
    // The field stays, empty and focused, for the next title.
    await expectFocus(page, field, 'after adding');
    assert.equal(await field.inputValue(), '');
    await page.keyboard.press('Escape');
    await expectFocus(page, add, 'after Escape');
    const status = await statusIdOf(page, name);
    await waitForStored(b, page, id, (wp) => wp?.subject === 'Quick card by keyboard' && wp.status === status, `in ${name}`);

    await reload(page);
    await column(page, name).locator(`[data-card-id="${id}"]`).waitFor();
    assert.equal((await cardIds(page, name)).length, before.length + 1);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: move a card to the next column and a place by keyboard, open it with Enter and come back with Escape`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/board`);
    await page.locator('[data-card-id]').first().waitFor();
    const [from, to] = await page.locator('.tafel-column__name').allTextContents();
    const [first] = await cardIds(page, from);
    const targetStatus = await statusIdOf(page, to);
    assert.ok((await cardIds(page, to)).length > 0, `${to} has a card to go below`);
    await skipToContent(page);
    // One tab stop for the whole board: its first card.
    await tabTo(page, '[data-card-id]', 'the board');
    assert.equal(await page.evaluate(() => Number(document.activeElement.getAttribute('data-card-id'))), first);
    const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.match(label, new RegExp(`^#${first} `), 'the card is named by its number and subject');

    await page.keyboard.press('Space');
    await announced(page, new RegExp(`^Picked up #\\d+ .+\\. Column ${from}, position 1 of \\d+\\.`));
    await page.keyboard.press('ArrowRight');
    await announced(page, new RegExp(`: column ${to}, position 1 of \\d+\\.`));
    await page.keyboard.press('ArrowDown');
    await announced(page, new RegExp(`: column ${to}, position 2 of \\d+\\.`));
    await page.keyboard.press('Enter');
    await announced(page, new RegExp(`^Dropped #\\d+ .+ in column ${to} at position 2\\.`));
    await expectFocus(page, `[data-card-id="${first}"]`, 'the moved card');
    assert.equal((await cardIds(page, to)).indexOf(first), 1);
    await waitForStored(b, page, first, (wp) => wp?.status === targetStatus, `in ${to}`);

    // Enter opens it beside the board; Escape closes it and the card has focus again.
    await page.keyboard.press('Enter');
    await expectFocus(page, page.getByTestId('detail-panel').getByLabel('Subject'), 'the side panel');
    await page.keyboard.press('Escape');
    await page.getByTestId('detail-panel').waitFor({ state: 'detached' });
    await expectFocus(page, `[data-card-id="${first}"]`, 'after closing the side panel');

    await reload(page);
    await column(page, to).locator(`[data-card-id="${first}"]`).waitFor();
    assert.equal((await cardIds(page, to)).indexOf(first), 1, 'second in its new column after a reload');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

/** Two plain bars without links, [upper, lower], read from the page (not touched). */
async function twoUnlinkedBars(page) {
  await page.locator('.tafel-gantt__arrows path[data-link]').first().waitFor();
  const ids = await page.getByTestId('gantt-bar').evaluateAll((bars) =>
    bars.filter((bar) => !bar.matches('.tafel-gantt__bar--summary, .tafel-gantt__bar--milestone, .tafel-gantt__bar--undated'))
      .map((bar) => Number(bar.getAttribute('data-bar-id'))),
  );
  const linked = new Set(
    (await page.locator('.tafel-gantt__arrows path[data-link]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-link'))))
      .flatMap((l) => l.split('-').map(Number)),
  );
  const free = ids.filter((id) => !linked.has(id));
  assert.ok(free.length >= 2, `two unlinked bars among ${ids}`);
  return free.slice(0, 2);
}

/** Arrow Up or Down from the focused bar to bar `id`. */
async function arrowToBar(page, id) {
  const at = () => page.evaluate(() => Number(document.activeElement?.getAttribute('data-bar-id')));
  const rowOf = (bar) => page.locator(`[data-testid="gantt-row"][data-wp-id="${bar}"]`).evaluate((row) =>
    [...row.parentElement.children].indexOf(row));
  for (let i = 0; i < 60 && (await at()) !== id; i++) {
    const key = (await rowOf(await at())) < (await rowOf(id)) ? 'ArrowDown' : 'ArrowUp';
    const from = await at();
    await page.keyboard.press(key);
    await eventually(page, async () => (await at()) !== from, `focus leaving bar #${from} on ${key}`);
  }
  assert.equal(await at(), id, `bar #${id} reached by arrow keys`);
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: reschedule a bar and link it to another in the Gantt by keyboard, remove the link from the links list, open the work package and come back to the bar`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/gantt`);
    await page.getByTestId('gantt-bar').first().waitFor();
    const [from, to] = await twoUnlinkedBars(page);
    const before = await b.stored(page, from);
    await skipToContent(page);
    await tabTo(page, '[data-bar-id]', 'the timeline');
    await arrowToBar(page, from);
    const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.match(label, new RegExp(`^#${from} `), 'the bar is named by its number and subject');

    // Arrow Right moves it a day later, announced and saved.
    await page.keyboard.press('ArrowRight');
    await announced(page, new RegExp(`^#${from} .+ now runs .+ to .+\\.`));
    const moved = await waitForStored(b, page, from, (wp) => wp.start > before.start, 'a day later');

    // L, down to the successor, Enter: a link, announced and drawn.
    await page.keyboard.press('l');
    await announced(page, new RegExp(`^Linking from #${from} `));
    await arrowToBar(page, to);
    await page.keyboard.press('Enter');
    await announced(page, new RegExp(`^#${to} .+ now follows #${from} `));
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor();
    await eventually(page, async () => (await b.stored(page, to)).start > moved.due, `#${to} scheduled after #${from}`);

    await reload(page);
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor();
    // After the reload: back to the bar, then Shift+Tab to the links list of the focused bar.
    await skipToContent(page);
    await tabTo(page, '[data-bar-id]', 'the timeline after the reload');
    await arrowToBar(page, to);
    const links = page.getByLabel('Links', { exact: true });
    await tabTo(page, links, 'the links list', { key: 'Shift+Tab' });
    await arrowToOption(page, links, `${from}-${to}`, 'the links list');
    await page.keyboard.press('Tab');
    await expectFocus(page, page.getByRole('button', { name: 'Remove link' }), 'the remove button');
    await page.keyboard.press('Enter');
    await announced(page, new RegExp(`^#${to} .+ no longer follows #${from} `));
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor({ state: 'detached' });
    // The list and its button went with the bar's last link; the bar has focus again.
    await expectFocus(page, `[data-bar-id="${to}"]`, 'after removing the link');
    // Enter opens the bar's work package beside the plan; Escape comes back to the bar.
    await page.keyboard.press('Enter');
    await expectFocus(page, page.getByTestId('detail-panel').getByLabel('Subject'), 'the side panel');
    await page.keyboard.press('Escape');
    await page.getByTestId('detail-panel').waitFor({ state: 'detached' });
    await expectFocus(page, `[data-bar-id="${to}"]`, 'after closing the side panel');

    await reload(page);
    await page.getByTestId('gantt-bar').first().waitFor();
    assert.equal(await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).count(), 0);
    const after = await b.stored(page, from);
    assert.equal(after.start, moved.start, 'the new dates stay');
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: filter with the filter builder by keyboard, remove the condition, and clear the filters`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await page.getByTestId('wp-row').first().waitFor();
    const [, total] = await tableCount(page);
    // A word from a subject in view: a filter on it keeps some rows and drops others.
    const subjects = await page.locator('[data-testid="wp-row"] td[data-col="subject"]').allTextContents();
    const word = subjects.flatMap((s) => s.split(/\s+/)).find((w) => /^[a-z]{5,}$/i.test(w)
      && subjects.filter((s) => s.toLowerCase().includes(w.toLowerCase())).length < subjects.length);
    assert.ok(word, `a word to filter by among ${subjects.slice(0, 5)}`);
    await skipToContent(page);

    await tabTo(page, page.getByRole('button', { name: '+ Add filter' }), 'the add filter button');
    await page.keyboard.press('Enter');
    const field = page.getByLabel('Field of filter 1');
    await expectFocus(page, field, 'the new condition');
    await arrowToOption(page, field, 'subject', 'the field');
    await page.keyboard.press('Tab');
    const operator = page.getByLabel('Operator of filter 1');
    await expectFocus(page, operator, 'the operator');
    await arrowToOption(page, operator, '~', 'the operator');
    await page.keyboard.press('Tab');
    await expectFocus(page, page.getByLabel('Value of filter 1'), 'the value');
    await page.keyboard.type(word);
    await page.keyboard.press('Tab');
    await page.waitForFunction((token) => new URL(location.href).searchParams.getAll('f').includes(token), `subject:~:${word}`);
    const [shown] = await eventually(page, async () => {
      const count = await tableCount(page);
      return count[0] < total ? count : null;
    }, 'the table narrowing');
    const rows = await page.locator('[data-testid="wp-row"] td[data-col="subject"]').allTextContents();
    assert.ok(rows.length > 0 && rows.every((s) => s.toLowerCase().includes(word.toLowerCase())), `rows shown: ${rows}`);

    // The filter stays after a reload; then its remove button, and focus does not fall to the page.
    await reload(page);
    await page.getByTestId('wp-row').first().waitFor();
    assert.equal((await tableCount(page))[0], shown);
    await skipToContent(page);
    await tabTo(page, page.getByRole('button', { name: 'Remove filter 1' }), 'the remove button of filter 1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('f').length === 0);
    await expectFocus(page, page.getByRole('button', { name: '+ Add filter' }), 'after removing the only condition');
    await eventually(page, async () => (await tableCount(page))[0] === total, 'all rows back');

    // A choice in the filter bar, then "Clear filters": focus goes to the search field.
    const status = page.getByRole('search', { name: 'Filters' }).getByLabel('Status');
    await tabTo(page, status, 'the status filter', { key: 'Shift+Tab' });
    await arrowToOption(page, status, 'open', 'the status filter');
    await eventually(page, async () => (await tableCount(page))[0] < total, 'the open ones only');
    await tabTo(page, page.getByRole('button', { name: 'Clear filters' }), 'the clear button');
    await page.keyboard.press('Enter');
    await expectFocus(page, page.getByRole('searchbox', { name: 'Search' }), 'after clearing the filters');
    await eventually(page, async () => (await tableCount(page))[0] === total, 'all rows back');
    assert.equal(new URL(page.url()).searchParams.get('status'), null);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: select table rows with Space, change their priority together, then delete two after confirming`, async () => {
    const { page, problems, context } = await b.open(`${DEMO}/table`);
    await tabIntoGrid(page);
    const [, total] = await tableCount(page);
    const picked = await selectRows(page, 3);
    const bar = page.getByTestId('bulk-bar');
    await bar.getByRole('heading', { name: '3 selected' }).waitFor();

    // The bulk bar sits above the table: Shift+Tab back to it.
    const priority = bar.getByLabel('Priority');
    await tabTo(page, priority, 'the bulk priority', { key: 'Shift+Tab' });
    const wanted = await priority.locator('option').nth(1).getAttribute('value');
    await arrowToOption(page, priority, wanted, 'the bulk priority');
    await tabTo(page, bar.getByRole('button', { name: 'Apply to selected' }), 'the apply button');
    await page.keyboard.press('Enter');
    await noticed(page, 'Changed 3 work packages.');
    await bar.waitFor({ state: 'detached' });
    // The bar is gone with the button; focus is in the table again, not on the page.
    await expectFocus(page, '[data-testid="wp-table"] td[tabindex="0"]', 'after the bulk edit');
    for (const id of picked) {
      await waitForStored(b, page, id, (wp) => wp?.priority === Number(wanted), `with priority ${wanted}`);
    }

    // Two rows from where focus is, Delete selected, the confirmation, Enter.
    await nextRow(page);
    const doomed = await selectRows(page, 2);
    await bar.getByRole('heading', { name: '2 selected' }).waitFor();
    await tabTo(page, bar.getByRole('button', { name: 'Delete selected' }), 'the delete button', { key: 'Shift+Tab' });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete 2 work packages?' });
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'Delete 2' }), 'the confirm button');
    await page.keyboard.press('Enter');
    await noticed(page, 'Deleted 2 work packages.');
    await dialog.waitFor({ state: 'hidden' });
    await expectFocus(page, '[data-testid="wp-table"] td[tabindex="0"]', 'after the bulk delete');
    // Deleted with their children, if they had any.
    const left = await eventually(page, async () => {
      const [, now] = await tableCount(page);
      return now <= total - 2 ? now : null;
    }, 'two rows fewer');

    await reload(page);
    await page.getByTestId('wp-row').first().waitFor();
    assert.equal((await tableCount(page))[1], left);
    for (const id of doomed) assert.equal(await b.stored(page, id), null, `#${id} is deleted`);
    for (const id of picked.filter((p) => !doomed.includes(p))) {
      assert.equal((await b.stored(page, id)).priority, Number(wanted));
    }
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

test('local: ? lists the shortcuts these journeys use, and Escape gives focus back', async () => {
  const { page, problems, context } = await BACKENDS.local.open(`${DEMO}/board`);
  await page.locator('[data-card-id]').first().waitFor();
  await skipToContent(page);
  await tabTo(page, '[data-card-id]', 'the board');
  await page.keyboard.press('?');
  const list = page.getByTestId('shortcuts');
  await list.waitFor();
  const text = await list.textContent();
  for (const shortcut of ['Pick up a card, drop it again', 'Select the row', 'Link to the work package that follows', 'Close the side panel or a dialog']) {
    assert.ok(text.includes(shortcut), `the shortcuts list ${shortcut}`);
  }
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
  await expectFocus(page, '[data-card-id]', 'after closing the shortcuts');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('openproject: when the sign-in screen\'s code arrives late, the app is ready only once the screen shows, and the first Tab reaches the token field', async () => {
  // No service worker, so the code's request goes through the network, where the test holds it.
  const context = await e2e.newContext({ browser: env.browser, baseURL: env.opApp.url }, { ...VIEWPORT, serviceWorkers: 'block' });
  let asked;
  const requested = new Promise((resolve) => {
    asked = resolve;
  });
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  await context.route(/\/split_start_screens-[0-9a-f]{16}\.wasm$/, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  const { page, problems } = await e2e.newPage(context);
  await page.goto(`${env.opApp.url}/`);
  await requested;
  // The start has decided on the sign-in screen; a frame later it would have said it was ready.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await page.locator('html[data-tafel-ready]').count(), 0, 'not ready while the sign-in screen cannot be drawn');
  release();
  await e2e.waitForReady(page);
  await signIn(page);
  e2e.assertNoProblems(problems);
  await context.close();
});
