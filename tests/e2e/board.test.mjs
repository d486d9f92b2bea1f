// The board on the local store: the demo project, moves by mouse and keyboard that survive a reload.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { DEMO, card, cardIds, column, drawnCardIds, statusIdOf, waitForStored } from './support/app.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup({ contextOptions: { viewport: { width: 1400, height: 900 } } });
});
after(() => e2e.teardown(ctx));

test('the board shows the demo project in status columns without console errors', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  await page.locator('h1', { hasText: 'City Portal Relaunch' }).waitFor();
  const names = await page.locator('.tafel-column__name').allTextContents();
  assert.deepEqual(names.slice(0, 3), ['New', 'In specification', 'In progress']);
  const counts = (await page.locator('.tafel-column__count').allTextContents()).map(Number);
  const total = counts.reduce((a, b) => a + b, 0);
  assert.ok(total >= 50, `expected the ~60 demo cards of the project in the column counts, saw ${total}`);
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a column of thousands draws only the cards in view, scrolls to its last one, and a keyboard move follows the card', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/projects/bench/board?seed=bench&n=2000');
  await page.locator('html[data-tafel-seeded="2000"]').waitFor({ state: 'attached' });
  await page.locator('[data-card-id]').first().waitFor();
  const counts = (await page.locator('.tafel-column__count').allTextContents()).map(Number);
  assert.equal(counts.reduce((a, b) => a + b, 0), 2040, 'every task and group parent is counted');
  const drawn = await page.locator('[data-card-id]').count();
  assert.ok(drawn < 150, `only the cards in view are in the page, not ${drawn}`);

  const newColumn = column(page, 'New');
  const size = counts[0];
  const list = newColumn.locator('.tafel-cell__cards');
  await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const last = newColumn.locator(`[aria-posinset="${size}"]`);
  await last.waitFor();
  assert.equal(await last.getAttribute('aria-setsize'), String(size));

  // Back to the top; pick up the first card and carry it down past the cards drawn at first.
  await list.evaluate((el) => { el.scrollTop = 0; });
  const first = newColumn.locator('[aria-posinset="1"]');
  await first.waitFor();
  const id = await first.getAttribute('data-card-id');
  await first.focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  const announcer = page.getByTestId('announcer');
  await announcer.filter({ hasText: /: column New, position 26 of \d+\./ }).waitFor();
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-card-id') === id, id);
  await page.keyboard.press('Enter');
  await announcer.filter({ hasText: /^Dropped #\d+ .+ in column New at position 26\./ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset')), '26');
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a card dragged with the mouse to another column keeps its new status after reload', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  const [id] = await drawnCardIds(page, 'New');
  assert.ok(id, 'the New column has a card');
  const target = column(page, 'In review');
  const targetStatus = await statusIdOf(page, 'In review');
  const from = await card(page, id).boundingBox();
  const to = await target.locator('.tafel-cell__cards').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 20, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 5, { steps: 12 });
  await page.mouse.up();
  await target.locator(`[data-card-id="${id}"]`).waitFor();
  await waitForStored(page, id, (wp) => wp.status === targetStatus, 'in status In review');

  await page.reload();
  await e2e.waitForReady(page);
  await column(page, 'In review').locator(`[data-card-id="${id}"]`).waitFor();
  assert.ok(!(await cardIds(page, 'New')).includes(id), 'the card left its old column');
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a card moved by keyboard is announced and keeps its status and place after reload', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  const [id] = await drawnCardIds(page, 'In specification');
  const targetStatus = await statusIdOf(page, 'In progress');
  await card(page, id).focus();
  await page.keyboard.press('Space');
  const announcer = page.getByTestId('announcer');
  await assert.doesNotReject(
    announcer.filter({ hasText: /^Picked up #\d+ .+\. Column In specification, position 1 of \d+\./ }).waitFor(),
  );
  await page.keyboard.press('ArrowRight');
  await announcer.filter({ hasText: /: column In progress, position 1 of \d+\./ }).waitFor();
  await page.keyboard.press('ArrowDown');
  await announcer.filter({ hasText: /: column In progress, position 2 of \d+\./ }).waitFor();
  await page.keyboard.press('Enter');
  await announcer.filter({ hasText: /^Dropped #\d+ .+ in column In progress at position 2\./ }).waitFor();
  // Focus stays on the moved card, so the next key press acts on it.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-card-id')), String(id));
  await waitForStored(page, id, (wp) => wp.status === targetStatus, 'in status In progress');

  await page.reload();
  await e2e.waitForReady(page);
  await column(page, 'In progress').locator(`[data-card-id="${id}"]`).waitFor();
  const ids = await cardIds(page, 'In progress');
  assert.equal(ids.indexOf(id), 1, `expected #${id} second in In progress, order is ${ids}`);
  e2e.assertNoProblems(problems);
  await page.close();
});

test('one card is in the tab order, and arrow keys move the focus between cards and columns', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  await page.locator('[data-card-id]').first().waitFor();
  assert.equal(await page.locator('[data-card-id][tabindex="0"]').count(), 1, 'a single tab stop');
  const [first, second] = await cardIds(page, 'New');
  const [spec] = await cardIds(page, 'In specification');
  // Tab from the last filter control lands on the board's first card.
  await page.locator('#tafel-filter-due').focus();
  const focusedId = () => page.evaluate(() => Number(document.activeElement?.getAttribute('data-card-id')));
  while ((await focusedId()) !== first) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement?.closest('.tafel-board')), 'focus stays on the board');
  }
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-card-id') === String(id), second);
  await page.keyboard.press('ArrowRight');
  // The second card of the next column, or its only one.
  const next = (await cardIds(page, 'In specification'))[1] ?? spec;
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-card-id') === String(id), next);
  assert.equal(await page.locator('[data-card-id][tabindex="0"]').getAttribute('data-card-id'), String(next));
  e2e.assertNoProblems(problems);
  await page.close();
});

test('Escape puts a picked-up card back where it was', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  const before = await drawnCardIds(page, 'New');
  await card(page, before[0]).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await page.getByTestId('announcer').filter({ hasText: /^Move cancelled\./ }).waitFor();
  assert.deepEqual(await cardIds(page, 'New'), before);
  e2e.assertNoProblems(problems);
  await page.close();
});

test('a carried card whose focus was lost is put back by Escape pressed anywhere', async () => {
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  const before = await drawnCardIds(page, 'New');
  const carried = card(page, before[0]);
  await carried.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await column(page, 'In specification').locator(`[data-card-id="${before[0]}"][aria-grabbed="true"]`).waitFor();
  // As when a dialog opened over the board and closed after the card was drawn anew: the focus
  // falls to the page, and the card's own keys are not heard.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Escape');
  await page.getByTestId('announcer').filter({ hasText: /^Move cancelled\./ }).waitFor();
  assert.deepEqual(await cardIds(page, 'New'), before);
  assert.equal(await carried.getAttribute('aria-grabbed'), 'false');
  // The card has the focus again, so the next keys move it.
  await page.waitForFunction((id) => document.activeElement?.dataset.cardId === String(id), before[0]);
  e2e.assertNoProblems(problems);
  await page.close();
});

/** A page whose screen is touched, and a finger driven through Chrome's input pipeline. */
async function touchPage(path) {
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 }, hasTouch: true });
  const { page, problems } = await e2e.openApp(ctx, path, { context });
  const client = await context.newCDPSession(page);
  const finger = (type, x, y) =>
    client.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  return { page, problems, context, finger };
}

test('on a touch screen a long press picks a card up, and it is dropped where the finger lifts', async () => {
  const { page, problems, context, finger } = await touchPage(`${DEMO}/board`);
  const [id] = await drawnCardIds(page, 'New');
  const targetStatus = await statusIdOf(page, 'In review');
  const from = await card(page, id).boundingBox();
  const to = await column(page, 'In review').locator('.tafel-cell__cards').boundingBox();
  const [x, y] = [from.x + from.width / 2, from.y + from.height / 2];
  await finger('touchStart', x, y);
  // Held still, the card is picked up after a moment.
  await page.locator(`[data-card-id="${id}"].tafel-card--dragging`).waitFor();
  const steps = 12;
  const [tx, ty] = [to.x + to.width / 2, to.y + 40];
  for (let i = 1; i <= steps; i++) {
    await finger('touchMove', x + ((tx - x) * i) / steps, y + ((ty - y) * i) / steps);
  }
  await finger('touchEnd');
  await column(page, 'In review').locator(`[data-card-id="${id}"]`).waitFor();
  await waitForStored(page, id, (wp) => wp.status === targetStatus, 'in status In review');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('on a touch screen a swipe over the cards scrolls the column and carries nothing', async () => {
  const { page, problems, context, finger } = await touchPage(`${DEMO}/board`);
  const before = await drawnCardIds(page, 'New');
  const list = column(page, 'New').locator('.tafel-cell__cards');
  const box = await list.boundingBox();
  const x = box.x + box.width / 2;
  await finger('touchStart', x, box.y + box.height - 40);
  for (let i = 1; i <= 10; i++) await finger('touchMove', x, box.y + box.height - 40 - i * 30);
  await finger('touchEnd');
  // The swipe scrolled the column and came to rest: it may go on for frames after the finger
  // lifted (a fling), and would then scroll the column again after it is put back below.
  await list.evaluate((el) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the swipe did not scroll the column (scrollTop ${el.scrollTop})`)), 10_000);
    let last = el.scrollTop;
    let still = 0;
    const check = () => {
      still = el.scrollTop > 0 && el.scrollTop === last ? still + 1 : 0;
      last = el.scrollTop;
      if (still >= 5) {
        clearTimeout(timer);
        resolve();
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }));
  assert.equal(await page.locator('.tafel-card--dragging').count(), 0, 'no card was picked up');
  await list.evaluate((el) => { el.scrollTop = 0; });
  // Scrolled back, the column draws its first cards again on a later frame: wait for exactly what
  // is compared, at the top (read at once, they were those of the scrolled window, now and then).
  const want = before.slice(0, 3);
  await page.waitForFunction((want) => {
    const column = [...document.querySelectorAll('[data-testid="board-column"]')]
      .find((c) => c.querySelector('.tafel-column__name')?.textContent.trim() === 'New');
    const ids = [...(column?.querySelectorAll('[data-card-id]') ?? [])].slice(0, 3).map((c) => Number(c.dataset.cardId));
    return column?.querySelector('.tafel-cell__cards')?.scrollTop === 0 && ids.join() === want.join();
  }, want).catch(async (error) => assert.fail(
    `New starts with ${(await cardIds(page, 'New')).slice(0, 3)}, not ${want}: ${error.message}`));
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a card held at the edge of the board scrolls it to columns out of view', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 900, height: 800 } });
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`, { context });
  const [id] = await drawnCardIds(page, 'New');
  const rejected = await statusIdOf(page, 'Rejected');
  const board = page.locator('.tafel-board__columns');
  const edge = await board.boundingBox();
  const from = await card(page, id).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 20, { steps: 4 });
  // Held still near the right edge, the board scrolls until Rejected is in view.
  await page.mouse.move(edge.x + edge.width - 10, from.y + 40, { steps: 10 });
  await page.waitForFunction(() => {
    const el = document.querySelector('.tafel-board__columns');
    return el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
  });
  const to = await column(page, 'Rejected').locator('.tafel-cell__cards').boundingBox();
  await page.mouse.move(to.x + to.width / 2, to.y + 30, { steps: 6 });
  await page.mouse.up();
  await column(page, 'Rejected').locator(`[data-card-id="${id}"]`).waitFor();
  await waitForStored(page, id, (wp) => wp.status === rejected, 'in status Rejected');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a deep link to a missing project shows a not-found page with a way back', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/projects/no-such-project/board');
  const notFound = page.getByTestId('not-found');
  await notFound.waitFor();
  assert.match(await notFound.textContent(), /There is no project “no-such-project”/);
  await notFound.getByRole('link', { name: 'Back to the projects' }).click();
  await page.locator('[data-testid="project-card"]').first().waitFor();
  e2e.assertNoProblems(problems);
  await page.close();
});
