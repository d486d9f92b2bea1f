// The Gantt timeline on both backends: bars and arrows drawn for the rows in view, moving and
// resizing by mouse and keyboard with the successors following, undo and redo, zoom.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as e2e from './support/browser.mjs';
import { openLocal, openSignedIn, startBackends } from './support/backends.mjs';
import { DEMO, readRecord } from './support/app.mjs';
import { addDays, isWeekend, dayMovedBy, addWorkingDays, spanMovedBy } from './support/dates.mjs';

const API_KEY = 'e2e-gantt-key';
let env;
let op;

before(async () => {
  env = await startBackends({ apiKey: API_KEY });
  ({ op } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

/** How to open the Gantt, and where to read a work package's saved dates ({ start, finish }). */
const BACKENDS = {
  local: {
    open: () => openLocal(env, `${DEMO}/gantt`, { viewport: { width: 1400, height: 900 } }),
    async dates(page, id) {
      const { work_package: wp } = await readRecord(page, `wp/${id}`);
      return { start: wp.start_date ?? wp.date ?? null, finish: wp.due_date ?? wp.date ?? null };
    },
  },
  openproject: {
    open: () => openSignedIn(env, API_KEY, `${DEMO}/gantt`, { viewport: { width: 1400, height: 900 } }),
    async dates(_page, id) {
      const wp = await op.workPackage(id);
      return { start: wp.startDate ?? wp.date ?? null, finish: wp.dueDate ?? wp.date ?? null };
    },
  },
};

/**
 * Waits until the app has heard back for every change it sent. The server can hold a change before
 * its answer reaches the page; a reload then would send it again, with a lock version it already
 * passed.
 */
function allSaved(page) {
  return page.locator('[data-testid="sync-status"][data-state="saved"]').waitFor();
}

/** Waits until the saved dates of `id` are `want` ({ start, finish }). */
async function waitForDates(b, page, id, want) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await b.dates(page, id);
    if (last.start === want.start && last.finish === want.finish) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`#${id} was not saved as ${JSON.stringify(want)}; last: ${JSON.stringify(last)}`);
}

/** The first drawn arrow whose two ends are ordinary bars: [predecessor, successor]. */
async function firstLink(page) {
  await page.locator('.tafel-gantt__arrows path[data-link]').first().waitFor();
  const links = await page.locator('.tafel-gantt__arrows path[data-link]').evaluateAll((paths) =>
    paths.map((p) => p.getAttribute('data-link').split('-').map(Number)),
  );
  for (const [from, to] of links) {
    const plain = await page.evaluate(
      (ids) => ids.every((id) => {
        const bar = document.querySelector(`[data-bar-id="${id}"]`);
        return bar && !bar.matches('.tafel-gantt__bar--summary, .tafel-gantt__bar--milestone');
      }),
      [from, to],
    );
    if (plain) return [from, to];
  }
  throw new Error(`no arrow between two plain bars among ${JSON.stringify(links)}`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2026-12-07` as the English interface writes it: `7 Dec 2026`. */
const english = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: the Gantt draws the rows in view with their bars and arrows, and few elements`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByTestId('gantt-row').first().waitFor();
    const rows = await page.getByTestId('gantt-row').count();
    assert.ok(rows > 5, `rows drawn: ${rows}`);
    await firstLink(page);
    const elements = await page.evaluate(() => document.querySelectorAll('[data-testid="gantt"] *').length);
    assert.ok(elements <= 400, `the timeline holds ${elements} elements`);
    // Zoom: days show weekday ticks, years a single year or two.
    await page.getByLabel('Zoom').selectOption('day');
    await page.locator('.tafel-gantt__tick', { hasText: /^(Mo|Tu|We|Th|Fr|Sa|Su) \d+$/ }).first().waitFor();
    await page.getByLabel('Zoom').selectOption('year');
    await page.locator('.tafel-gantt__tick', { hasText: /^20\d\d$/ }).first().waitFor();
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: dragging a bar moves it and pushes its successor, and undo puts both back`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByLabel('Zoom').selectOption('day');
    const [from, to] = await firstLink(page);
    const before = { from: await b.dates(page, from), to: await b.dates(page, to) };
    // Focusing a bar scrolls the timeline to it, wholly beside the tree column.
    await page.locator(`[data-bar-id="${from}"]`).focus();
    await page.waitForFunction((id) => {
      const split = document.querySelector('.tafel-gantt__corner').getBoundingClientRect().right;
      return document.querySelector(`[data-bar-id="${id}"]`).getBoundingClientRect().left > split;
    }, from);
    const box = await page.locator(`[data-bar-id="${from}"]`).boundingBox();
    // Far enough right that the successor must move: past its start by a week of days.
    const gap = (new Date(before.to.start) - new Date(before.from.finish)) / 86_400_000;
    const days = gap + 7;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 20, y, { steps: 2 });
    await page.mouse.move(x + days * 36, y, { steps: 5 });
    // While dragging, the successor shows where it would go, and the bar its dates.
    await page.locator(`[data-bar-id="${to}"].tafel-gantt__bar--pushed`).waitFor();
    const moving = spanMovedBy(before.from, days);
    await page.locator('.tafel-gantt__tip', { hasText: `${english(moving.start)} – ${english(moving.finish)}` }).waitFor();
    await page.mouse.up();
    const moved = moving;
    await waitForDates(b, page, from, moved);
    // The successor is saved next: it starts on the first working day after the new finish.
    let after = await b.dates(page, to);
    for (let i = 0; i < 200 && after.start <= moved.finish; i++) {
      await page.waitForTimeout(50);
      after = await b.dates(page, to);
    }
    assert.ok(after.start > moved.finish, `successor starts ${after.start}, after ${moved.finish}`);
    assert.ok(!isWeekend(after.start), `successor starts on a working day, ${after.start}`);
    await page.getByRole('status').filter({ hasText: /\d+ following work packages? moved with it\./ }).first().waitFor();
    // Undo puts both back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForDates(b, page, from, before.from);
    await waitForDates(b, page, to, before.to);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: by keyboard a bar moves a day, Shift + arrow moves its finish, with the dates announced`, async () => {
    const { page, problems, context } = await b.open();
    const [from] = await firstLink(page);
    const before = await b.dates(page, from);
    const bar = page.locator(`[data-bar-id="${from}"]`);
    await bar.focus();
    await page.keyboard.press('ArrowRight');
    const moved = spanMovedBy(before, 1);
    await waitForDates(b, page, from, moved);
    await page.getByTestId('announcer').filter({ hasText: new RegExp(`^#${from} .+ now runs .+ to .+\\.`) }).waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    const longer = { start: moved.start, finish: dayMovedBy(moved.finish, 1) };
    await waitForDates(b, page, from, longer);
    // Focus stays on the bar; Ctrl+Z takes back the last change.
    await page.waitForFunction((id) => document.activeElement?.getAttribute('data-bar-id') === String(id), from);
    await page.keyboard.press('Control+z');
    await waitForDates(b, page, from, moved);
    await page.keyboard.press('Control+Shift+z');
    await waitForDates(b, page, from, longer);
    // Arrow down moves to the next row's bar.
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((id) => document.activeElement?.getAttribute('data-bar-id') !== String(id), from);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

/** Two rows next to each other whose bars are plain and have no links yet: [upper, lower]. */
async function twoUnlinkedBars(page, count = 2) {
  const ids = await page.getByTestId('gantt-bar').evaluateAll((bars) =>
    bars.filter((b) => !b.matches('.tafel-gantt__bar--summary, .tafel-gantt__bar--milestone, .tafel-gantt__bar--undated'))
      .map((b) => Number(b.getAttribute('data-bar-id'))),
  );
  const linked = new Set(
    (await page.locator('.tafel-gantt__arrows path[data-link]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-link'))))
      .flatMap((l) => l.split('-').map(Number)),
  );
  const free = ids.filter((id) => !linked.has(id));
  assert.ok(free.length >= 2, `two unlinked bars among ${ids}`);
  return free.slice(0, Math.max(count, 2));
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a link made by keyboard schedules the successor after its predecessor, survives a reload, and can be removed`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByTestId('gantt-row').first().waitFor();
    await page.locator('.tafel-gantt__arrows path[data-link]').first().waitFor();
    const [from, to] = await twoUnlinkedBars(page);
    await page.locator(`[data-bar-id="${from}"]`).focus();
    await page.keyboard.press('l');
    await page.getByTestId('announcer').filter({ hasText: /^Linking from #\d+/ }).waitFor();
    // Go down to the successor row by row, then Enter.
    while ((await page.evaluate(() => document.activeElement?.getAttribute('data-bar-id'))) !== String(to)) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: new RegExp(`^#${to} .+ now follows #${from} `) }).waitFor();
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor();
    const predecessor = await b.dates(page, from);
    let successor = await b.dates(page, to);
    for (let i = 0; i < 200 && successor.start <= predecessor.finish; i++) {
      await page.waitForTimeout(50);
      successor = await b.dates(page, to);
    }
    assert.ok(successor.start > predecessor.finish, `#${to} starts ${successor.start}, after #${from} ends ${predecessor.finish}`);

    await allSaved(page);
    await page.reload();
    await e2e.waitForReady(page);
    await page.locator(`[data-bar-id="${to}"]`).focus();
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor();
    await page.locator('#tafel-gantt-links').selectOption(`${from}-${to}`);
    await page.getByRole('button', { name: 'Remove link' }).click();
    await page.getByTestId('announcer').filter({ hasText: new RegExp(`^#${to} .+ no longer follows #${from} `) }).waitFor();
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor({ state: 'detached' });
    await allSaved(page);
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('gantt-row').first().waitFor();
    assert.equal(await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).count(), 0);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: the plan exports as an SVG of every row and a PNG of the view`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByTestId('gantt-row').first().waitFor();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'SVG of the whole plan' }).click(),
    ]);
    assert.equal(svgDownload.suggestedFilename(), 'gantt.svg');
    const svg = readFileSync(await svgDownload.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const firstId = await page.getByTestId('gantt-row').first().getAttribute('data-wp-id');
    assert.ok(svg.includes(`>#${firstId} `), 'the first row is in the picture');
    assert.ok(svg.endsWith('</svg>'));

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PNG of the view' }).click(),
    ]);
    const png = readFileSync(await pngDownload.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const box = await page.getByTestId('gantt').evaluate((el) => ({ w: el.clientWidth, h: el.clientHeight }));
    // The view, to whole days across and whole rows down.
    assert.ok(Math.abs(width - box.w) <= 15, `PNG ${width} px wide for a view of ${box.w}`);
    assert.ok(height >= box.h - 1 && height <= box.h + 32, `PNG ${height} px high for a view of ${box.h}`);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a work package without dates gets them by keyboard, and undo takes them away again`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByTestId('gantt-row').first().waitFor();
    const undated = page.locator('.tafel-gantt__bar--undated').first();
    const id = Number(await undated.getAttribute('data-bar-id'));
    assert.deepEqual(await b.dates(page, id), { start: null, finish: null });
    await undated.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('announcer').filter({ hasText: new RegExp(`^#${id} .+ now runs .+ to .+\\.`) }).waitFor();
    let saved = await b.dates(page, id);
    for (let i = 0; i < 200 && saved.start === null; i++) {
      await page.waitForTimeout(50);
      saved = await b.dates(page, id);
    }
    assert.ok(saved.start && saved.finish > saved.start, `dated ${JSON.stringify(saved)}`);
    await page.locator(`[data-bar-id="${id}"]:not(.tafel-gantt__bar--undated)`).waitFor();
    await page.keyboard.press('Control+z');
    await waitForDates(b, page, id, { start: null, finish: null });
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: clicking an arrow selects its link, and Delete on the predecessor removes it for good`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByLabel('Zoom').selectOption('day');
    const [from, to] = await firstLink(page);
    await page.locator(`[data-bar-id="${from}"]`).focus();
    // The pointer event goes to the arrow's wide hit path itself: in CI the search for a point of
    // the stroke that nothing covers failed now and then (cause not found yet).
    await page.locator(`[data-link-hit="${from}-${to}"]`).dispatchEvent('pointerdown', { button: 0, isPrimary: true });
    await page.locator(`path[data-link="${from}-${to}"].tafel-gantt__arrow--selected`).waitFor();
    await page.getByTestId('announcer').filter({ hasText: new RegExp(`^Link selected: #${from} .+ before #${to} `) }).waitFor();
    await page.waitForFunction((id) => document.activeElement?.getAttribute('data-bar-id') === String(id), from);
    // The links list names the selected one.
    assert.equal(await page.locator('#tafel-gantt-links').inputValue(), `${from}-${to}`);
    await page.keyboard.press('Delete');
    await page.locator(`path[data-link="${from}-${to}"]`).waitFor({ state: 'detached' });
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('gantt-row').first().waitFor();
    await page.locator('.tafel-gantt__arrows path[data-link]').first().waitFor();
    assert.equal(await page.locator(`path[data-link="${from}-${to}"]`).count(), 0);
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a saved baseline is drawn under a bar that moved since, and can be shown again after a reload and removed`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByLabel('Zoom').selectOption('day');
    const [from] = await twoUnlinkedBars(page);
    const before = await b.dates(page, from);
    await page.getByRole('button', { name: 'Save baseline' }).click();
    await page.getByTestId('announcer').filter({ hasText: /^Baseline saved: the dates of \d+ work packages as of / }).waitFor();
    assert.equal(await page.getByTestId('gantt-baseline').count(), 0, 'nothing has moved yet');
    await page.locator(`[data-bar-id="${from}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await waitForDates(b, page, from, spanMovedBy(before, 1));
    const row = page.locator(`[data-testid="gantt-row"][data-wp-id="${from}"]`);
    await row.getByTestId('gantt-baseline').waitFor();
    const label = await page.locator(`[data-bar-id="${from}"]`).getAttribute('aria-label');
    assert.ok(label.endsWith(`Baseline ${english(before.start)} – ${english(before.finish)}`), label);
    // The old bar starts where the bar started before the move.
    const [old, now] = [await row.getByTestId('gantt-baseline').boundingBox(), await page.locator(`[data-bar-id="${from}"]`).boundingBox()];
    assert.ok(old.x < now.x, `baseline at ${old.x}, bar now at ${now.x}`);

    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('gantt-row').first().waitFor();
    const show = page.getByTestId('gantt-baseline-show');
    assert.equal(await show.isChecked(), false);
    await show.check();
    await page.getByTestId('gantt-baseline').first().waitFor();
    await page.getByRole('button', { name: 'Remove baseline' }).click();
    await page.getByTestId('gantt-baseline').first().waitFor({ state: 'detached' });
    await page.reload();
    await e2e.waitForReady(page);
    await page.getByTestId('gantt-row').first().waitFor();
    assert.equal(await page.getByTestId('gantt-baseline-show').count(), 0, 'no baseline left to show');
    e2e.assertNoProblems(problems);
    await context.close();
  });

  test(`${backend}: a work package dragged from the backlog onto the timeline starts on the day it was dropped`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByLabel('Zoom').selectOption('day');
    const chip = page.getByTestId('gantt-backlog-item').first();
    await chip.waitFor();
    const id = Number(await chip.getAttribute('data-wp-id'));
    // Drop it on the first day of a bar in view whose start is known.
    const [target] = await twoUnlinkedBars(page);
    await page.locator(`[data-bar-id="${target}"]`).focus();
    const { start } = await b.dates(page, target);
    const bar = await page.locator(`[data-bar-id="${target}"]`).boundingBox();
    const from = await chip.boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 40, { steps: 3 });
    await page.mouse.move(bar.x + 4, bar.y + bar.height + 10, { steps: 5 });
    await page.locator('.tafel-gantt__ghost').waitFor();
    await page.mouse.up();
    await waitForDates(b, page, id, { start, finish: addWorkingDays(start, 4) });
    await page.locator(`[data-testid="gantt-backlog-item"][data-wp-id="${id}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-bar-id="${id}"]:not(.tafel-gantt__bar--undated)`).waitFor();
    // By keyboard: Enter on the next one gives it the first week in view.
    const next = page.getByTestId('gantt-backlog-item').first();
    if (await next.count()) {
      const other = Number(await next.getAttribute('data-wp-id'));
      await next.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('announcer').filter({ hasText: new RegExp(`^#${other} .+ now runs .+ to .+\\.`) }).waitFor();
    }
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: by mouse a bar's finish is dragged two days later, and a link is drawn from its dot onto another bar`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByLabel('Zoom').selectOption('day');
    const [from] = await twoUnlinkedBars(page);
    const before = await b.dates(page, from);
    await page.locator(`[data-bar-id="${from}"]`).focus();
    const handle = page.locator(`[data-bar-id="${from}"] .tafel-gantt__handle--finish`);
    const box = await handle.boundingBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 10, y, { steps: 2 });
    await page.mouse.move(x + 2 * 36, y, { steps: 4 });
    await page.mouse.up();
    await waitForDates(b, page, from, { start: before.start, finish: dayMovedBy(before.finish, 2) });

    // The dot at the bar's end, dragged onto another unlinked bar in view: a link, and it follows.
    const candidates = await twoUnlinkedBars(page, 99);
    const to = await page.evaluate(({ ids, from }) => {
      const view = document.querySelector('[data-testid="gantt"]').getBoundingClientRect();
      const split = document.querySelector('.tafel-gantt__corner').getBoundingClientRect().right;
      return ids.find((id) => {
        if (id === from) return false;
        const r = document.querySelector(`[data-bar-id="${id}"]`).getBoundingClientRect();
        return r.left > split + 4 && r.left + 10 < view.right && r.top > view.top + 40 && r.bottom < view.bottom;
      });
    }, { ids: candidates, from });
    assert.ok(to, `another unlinked bar in view among ${candidates}`);
    const dot = await page.locator(`[data-bar-id="${from}"] ~ .tafel-gantt__link-handle`).first().boundingBox();
    const target = await page.locator(`[data-bar-id="${to}"]`).boundingBox();
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + 5, target.y + target.height / 2, { steps: 6 });
    await page.mouse.up();
    await page.locator(`.tafel-gantt__arrows path[data-link="${from}-${to}"]`).waitFor();
    const predecessor = await b.dates(page, from);
    let successor = await b.dates(page, to);
    for (let i = 0; i < 200 && successor.start <= predecessor.finish; i++) {
      await page.waitForTimeout(50);
      successor = await b.dates(page, to);
    }
    assert.ok(successor.start > predecessor.finish, `#${to} starts ${successor.start}, after #${from} ends ${predecessor.finish}`);
    e2e.assertNoProblems(problems);
    await context.close();
  });
}

test('local: holidays and days off set in Settings are shaded on the Gantt', async () => {
  const { page, problems, context } = await openLocal(env, '/settings', { viewport: { width: 1400, height: 900 } });
  // The coming Wednesday: in view when the Gantt opens, which shows from a week before today.
  const today = new Date().toISOString().slice(0, 10);
  let holiday = addDays(today, 1);
  while (new Date(`${holiday}T00:00:00Z`).getUTCDay() !== 3) holiday = addDays(holiday, 1);
  await page.getByLabel('Holiday', { exact: true }).fill(holiday);
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByTestId('holidays').getByText(english(holiday)).waitFor();
  // Saturday becomes a working day; Monday a day off.
  await page.getByTestId('work-week').getByLabel('Saturday').check();
  await page.getByTestId('work-week').getByLabel('Monday').uncheck();
  await page.goto(`${env.localApp.url}${DEMO}/gantt`);
  await e2e.waitForReady(page);
  await page.getByLabel('Zoom').selectOption('day');
  await page.locator(`.tafel-gantt__weekend[data-day="${holiday}"]`).waitFor();
  const shaded = await page.locator('.tafel-gantt__weekend').evaluateAll((els) => els.map((e) => e.dataset.day));
  const weekdays = new Set(shaded.filter((d) => d !== holiday).map((d) => new Date(`${d}T00:00:00Z`).getUTCDay()));
  assert.deepEqual([...weekdays].sort(), [0, 1], `shaded week days ${[...weekdays]}`);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('openproject: a manually scheduled successor is not moved but marked, and the user is told', async () => {
  const { page, problems, context } = await BACKENDS.openproject.open();
  await page.getByLabel('Zoom').selectOption('day');
  const [from, to] = await firstLink(page);
  // Another user makes the successor manually scheduled.
  const headers = {
    Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`,
    'Content-Type': 'application/json',
  };
  const successor = await op.workPackage(to);
  const res = await fetch(`${op.url}/api/v3/work_packages/${to}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ lockVersion: successor.lockVersion, scheduleManually: true }),
  });
  assert.equal(res.status, 200);
  await page.reload();
  await e2e.waitForReady(page);
  await page.getByLabel('Zoom').selectOption('day');
  const before = { from: await BACKENDS.openproject.dates(page, from), to: await BACKENDS.openproject.dates(page, to) };
  await page.locator(`[data-bar-id="${from}"]`).focus();
  await page.waitForFunction((id) => {
    const split = document.querySelector('.tafel-gantt__corner').getBoundingClientRect().right;
    return document.querySelector(`[data-bar-id="${id}"]`).getBoundingClientRect().left > split;
  }, from);
  const box = await page.locator(`[data-bar-id="${from}"]`).boundingBox();
  const gap = (new Date(before.to.start) - new Date(before.from.finish)) / 86_400_000;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 20, y, { steps: 2 });
  await page.mouse.move(x + (gap + 7) * 36, y, { steps: 5 });
  await page.mouse.up();
  const moved = spanMovedBy(before.from, gap + 7);
  await waitForDates(BACKENDS.openproject, page, from, moved);
  await page.getByTestId('notice').filter({ hasText: /is scheduled manually and now starts before its predecessor ends\./ }).waitFor();
  await page.locator(`[data-bar-id="${to}"].tafel-gantt__bar--violated`).waitFor();
  assert.deepEqual(await BACKENDS.openproject.dates(page, to), before.to, 'the manual successor kept its dates');
  e2e.assertNoProblems(problems);
  await context.close();
});

for (const [backend, b] of Object.entries(BACKENDS)) {
  test(`${backend}: a relation added in the detail draws its arrow in the open Gantt without a reload`, async () => {
    const { page, problems, context } = await b.open();
    await page.getByTestId('gantt-row').first().waitFor();
    await firstLink(page);
    // Two plain bars in view that no arrow touches yet.
    const linked = new Set((await page.locator('.tafel-gantt__arrows path[data-link]').evaluateAll((paths) =>
      paths.flatMap((p) => p.getAttribute('data-link').split('-')))).map(Number));
    const bars = await page.locator('[data-bar-id]').evaluateAll((els) => els
      .filter((el) => !el.matches('.tafel-gantt__bar--summary, .tafel-gantt__bar--milestone'))
      .map((el) => Number(el.dataset.barId)));
    const [successor, predecessor] = bars.filter((id) => !linked.has(id));
    assert.ok(successor && predecessor, `two unlinked bars among ${bars}`);
    const arrow = page.locator(`.tafel-gantt__arrows path[data-link="${predecessor}-${successor}"]`);
    assert.equal(await arrow.count(), 0);

    // The detail opens beside the Gantt; the relation is added there.
    const url = new URL(page.url());
    url.searchParams.set('wp', String(successor));
    await page.goto(url.toString());
    await e2e.waitForReady(page);
    await page.getByTestId('gantt-row').first().waitFor();
    const form = page.getByTestId('relation-form');
    await form.getByLabel('Kind of relation').selectOption({ label: 'follows' });
    await form.getByLabel('Work package (number or subject)').fill(`#${predecessor}`);
    await form.getByRole('button', { name: 'Add relation' }).click();
    await page.getByTestId('relation').filter({ hasText: `#${predecessor}` }).waitFor();
    await arrow.waitFor({ state: 'attached' });
    e2e.assertNoProblems(problems);
    await context.close();
  });
}
