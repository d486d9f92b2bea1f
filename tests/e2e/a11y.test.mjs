// Accessibility (issue #9): axe-core's WCAG 2.0/2.1 A and AA rules on every view in both themes and
// both languages; German screens show no English catalog text; focus moves to the main heading on a
// route change and dialogs keep and return focus; the pages reflow at 320 px and stay usable at 200 %.
//
// One page load per language × theme; the test moves through the views inside the app.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import * as e2e from './support/browser.mjs';
import { DEMO, card, column } from './support/app.mjs';
import { CATALOG, t } from './support/catalog.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LOCALES = { en: 'en-US', de: 'de-DE' };
// The WCAG A/AA rules whose outcome depends on colours: all a theme changes. The dark theme is
// checked with these; the light theme, with the same markup, with all of them. The high-contrast
// theme (chosen by the system's `prefers-contrast: more`) also with WCAG AAA's enhanced contrast,
// 7:1, which is what it is for.
const COLOR_RULES = ['color-contrast', 'link-in-text-block'];
const SCHEMES = {
  light: { options: { colorScheme: 'light' } },
  dark: { options: { colorScheme: 'dark' }, rules: COLOR_RULES },
  'high-contrast': {
    options: { colorScheme: 'light', contrast: 'more' },
    rules: [...COLOR_RULES, 'color-contrast-enhanced'],
    only: 'en',
  },
};

let ctx;
before(async () => {
  ctx = await e2e.setup();
});
after(() => e2e.teardown(ctx));

/**
 * The one finding not counted, checked for what it is instead: axe wants every scrolling box to
 * hold a tab stop, and a board column's card list has none but while it holds the board's single
 * tab stop. The board is one composite widget (one tab stop, arrow keys move between cards and
 * columns and scroll the card into view: board.test.mjs), the pattern axe does not recognise yet
 * (dequelabs/axe-core#5363, "False positive: scrollable-region-focusable on menus with programmatic
 * keyboard focus"). Accepted only for a card list whose cards can all take focus by script.
 */
async function boardCompositeList(page, node) {
  if (node.target.length !== 1) return false;
  return page.locator(node.target[0]).evaluate((el) => {
    const cards = el.querySelectorAll('[data-card-id]');
    return (
      el.matches('[data-testid="board-cell"] > .tafel-cell__cards') &&
      cards.length > 0 &&
      [...cards].every((c) => c.getAttribute('tabindex') === '-1' || c.getAttribute('tabindex') === '0')
    );
  });
}

/** Runs axe on the page as it is; returns the violations, each tagged with `where`. */
async function scan(page, where, { include, rules } = {}) {
  const started = Date.now();
  // Legacy mode runs in the page alone (no helper page per run); the app has no frames.
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  if (rules) builder.withRules(rules);
  else builder.withTags(WCAG_TAGS);
  if (include) builder.include(include);
  const results = await builder.analyze();
  if (process.env.TAFEL_A11Y_TIMING) console.log(`axe ${where}: ${Date.now() - started} ms`);
  const violations = [];
  for (const v of results.violations) {
    const nodes = [];
    for (const node of v.nodes) {
      if (v.id === 'scrollable-region-focusable' && (await boardCompositeList(page, node))) continue;
      nodes.push(node);
    }
    if (nodes.length > 0) violations.push({ ...v, nodes, where });
  }
  return violations;
}

/** A readable list: view, rule id, impact, help text, and the selector of every node. */
function report(violations) {
  return violations
    .map(
      (v) =>
        `[${v.where}] ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n` +
        v.nodes
          .map((n) => `    - ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** Navigates inside the app (the router's history), without loading the page again. */
async function goInApp(page, path) {
  await page.evaluate((path) => {
    history.pushState(null, '', path);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
}

/** Every text a user can see or hear: visible text nodes, options, and labelling attributes. */
function shownTexts(page) {
  return page.evaluate(() => {
    const texts = new Set();
    const add = (s) => {
      const text = (s ?? '').replace(/\s+/g, ' ').trim();
      if (text) texts.add(text);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('script, style, #tafel-boot')) continue;
      if (el.closest('option') || el.checkVisibility() || el.closest('.tafel-sr-only')) add(node.data);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) add(el.getAttribute(name));
    }
    return [...texts];
  });
}

// English catalog texts that German must translate: whole texts, and texts with placeholders as
// patterns (a placeholder stands for anything). Texts the same in both languages are left out.
const ENGLISH_ONLY = [...CATALOG.entries()]
  .filter(([, { en, de }]) => en !== de)
  .map(([key, { en }]) => {
    const parts = en.split(/\{[a-z_]+\}/);
    const pattern = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 'u');
    // A pattern needs a word of its own to tell it from the demo data (which is English).
    const words = parts.join(' ').match(/\p{L}{3,}/gu) ?? [];
    return { key, en, pattern: parts.length > 1 ? (words.length >= 2 ? pattern : null) : null };
  });

const ENGLISH_TEXTS = new Map(ENGLISH_ONLY.filter((e) => !e.pattern).map((e) => [e.en, e.key]));
const ENGLISH_PATTERNS = ENGLISH_ONLY.filter((e) => e.pattern);

function englishIn(texts) {
  const found = [];
  for (const text of texts) {
    if (ENGLISH_TEXTS.has(text)) found.push(`${ENGLISH_TEXTS.get(text)}: "${text}"`);
    for (const entry of ENGLISH_PATTERNS) {
      if (entry.pattern.test(text)) found.push(`${entry.key}: "${text}"`);
    }
  }
  return found;
}

for (const lang of ['en', 'de']) {
  for (const [scheme, { options, rules, only }] of Object.entries(SCHEMES)) {
    if (only && only !== lang) continue;
    test(`axe finds no WCAG 2.0/2.1 A/AA violation on any view (${lang}, ${scheme}${rules ? `: ${rules.join(', ')}` : ''})`, async () => {
      const context = await e2e.newContext(ctx, {
        locale: LOCALES[lang],
        ...options,
        viewport: { width: 1280, height: 800 },
      });
      const { page, problems } = await e2e.openApp(ctx, '/', { context });
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      if (scheme === 'high-contrast') {
        const border = await page.locator('html').evaluate((html) => getComputedStyle(html).getPropertyValue('--tafel-color-border').trim());
        assert.equal(border, '#000000', 'prefers-contrast: more selects the high-contrast theme');
      }
      const violations = [];
      const english = [];
      // `include`: a part that changed since the whole view was scanned (a dialog, a menu).
      const check = async (where, include) => {
        violations.push(...(await scan(page, where, { include, rules })));
        const started = Date.now();
        if (lang === 'de') english.push(...englishIn(await shownTexts(page)).map((e) => `[${where}] ${e}`));
        if (process.env.TAFEL_A11Y_TIMING) console.log(`texts ${where}: ${Date.now() - started} ms`);
      };
      const tab = (key) => page.locator('.tafel-tabs').getByRole('link', { name: t(lang, key), exact: true });

      await page.getByTestId('project-card').first().waitFor();
      await check('projects');

      await page.getByTestId('project-card').first().getByRole('link').first().click();
      await page.getByTestId('card').first().waitFor();
      await check('board');
      const first = page.getByTestId('card').first();
      await first.focus();
      await page.keyboard.press('Space');
      await page.locator('[data-testid="card"].tafel-card--picked').waitFor();
      await check('board, card picked up', '[data-testid="board-cell"]:has(.tafel-card--picked)');
      await page.keyboard.press('Escape');
      await first.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('detail-panel').getByTestId('subject-input').waitFor();
      await check('board, detail panel', '[data-testid="detail-panel"]');
      await page.getByTestId('detail-panel').getByRole('link', { name: t(lang, 'OpenFullPage') }).click();
      await page.getByTestId('detail').getByTestId('subject-input').waitFor();
      await check('work package page');

      await goInApp(page, `${DEMO}/table`);
      await page.getByTestId('wp-row').first().waitFor();
      await check('table');
      await page.getByTestId('column-chooser').locator('summary').click();
      await check('table, column chooser', '[data-testid="column-chooser"]');
      await page.getByTestId('column-chooser').locator('summary').click();
      await page.getByRole('button', { name: t(lang, 'AddFilter') }).click();
      await page.getByTestId('condition').first().waitFor();
      await check('table, filter builder', '[data-testid="filter-builder"]');
      await page.getByRole('button', { name: t(lang, 'NewWorkPackage') }).click();
      await page.getByTestId('create-form').waitFor();
      await check('create dialog', 'dialog[open]');
      await page.keyboard.press('Escape');
      await page.getByTestId('create-form').waitFor({ state: 'hidden' });

      await tab('NavGantt').click();
      await page.getByTestId('gantt-bar').first().waitFor();
      await check('gantt');

      await page.locator('.tafel-header__nav').getByRole('link', { name: t(lang, 'NavSettings') }).click();
      await page.getByTestId('connect-form').waitFor();
      await check('settings and connections');
      // A saved server in the connections list, and the address check's message.
      await page.evaluate(() =>
        localStorage.setItem('tafel.connections', JSON.stringify({ servers: [{ url: 'https://op.example.org', sign_in: 'apikey' }] })),
      );
      await page.getByRole('link', { name: t(lang, 'NavProjects'), exact: true }).click();
      await page.getByTestId('project-card').first().waitFor();
      await page.locator('.tafel-header__nav').getByRole('link', { name: t(lang, 'NavSettings') }).click();
      const form = page.getByTestId('connect-form');
      await form.getByLabel(t(lang, 'ConnectionUrl')).fill('not a server');
      await form.getByRole('button', { name: t(lang, 'ConnectionUse') }).click();
      await form.getByRole('alert').filter({ hasText: t(lang, 'ConnectionUrlInvalid') }).waitFor();
      await check('connections with a saved server and an error', '[data-testid="connection"]');

      await page.keyboard.press('?');
      await page.getByTestId('shortcuts').waitFor();
      await check('shortcuts dialog', 'dialog[open]');
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcuts').waitFor({ state: 'hidden' });

      // The sign-in screen of a server chosen in the app (no token yet; nothing is sent).
      await page.evaluate(() =>
        localStorage.setItem(
          'tafel.connections',
          JSON.stringify({ servers: [{ url: 'https://op.example.org', sign_in: 'apikey' }], active: 'https://op.example.org' }),
        ),
      );
      await page.reload();
      await e2e.waitForReady(page);
      await page.getByTestId('sign-in').waitFor();
      await check('sign-in screen of a connected server');

      const failures = [];
      if (violations.length > 0) failures.push(`axe found violations (${lang}, ${scheme}):\n${report(violations)}`);
      if (english.length > 0) failures.push(`English catalog texts on German screens:\n  ${english.join('\n  ')}`);
      assert.equal(failures.length, 0, failures.join('\n\n'));
      e2e.assertNoProblems(problems);
      await context.close();
    });
  }
}

/** The element that has focus, as `tag: text` (for messages). */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}: ${(el.textContent ?? '').trim().slice(0, 40)}` : 'nothing';
  });
}

async function waitForFocusOn(page, selector, what) {
  try {
    await page.waitForFunction((selector) => document.activeElement?.matches(selector), selector, { timeout: 5000 });
  } catch {
    assert.fail(`${what}: focus is on ${await focused(page)}, not on ${selector}`);
  }
}

async function waitForFocusOnElement(page, locator, what) {
  const element = await locator.elementHandle();
  try {
    await page.waitForFunction((el) => document.activeElement === el, element, { timeout: 5000 });
  } catch {
    assert.fail(`${what}: focus is on ${await focused(page)}`);
  }
}

test('a route change moves focus to the main heading of the new view', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 1280, height: 800 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  const first = page.getByTestId('project-card').first();
  await first.getByRole('link', { name: t('en', 'NavTable'), exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('wp-row').first().waitFor();
  await waitForFocusOn(page, '#main h1.tafel-project__title', 'projects → table');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('tabindex')), '-1');
  // Tab goes on from the heading, into the view (its tabs first), not back in the header.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('#main') !== null), `Tab after the heading: ${await focused(page)}`);

  await page.locator('.tafel-tabs').getByRole('link', { name: 'Gantt' }).click();
  await page.getByTestId('gantt-bar').first().waitFor();
  await waitForFocusOn(page, '#main h1', 'table → Gantt');

  await page.locator('.tafel-header__nav').getByRole('link', { name: 'Settings' }).click();
  await waitForFocusOn(page, '#main h1', 'Gantt → settings');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Settings');

  await goInApp(page, '/work_packages/1');
  await page.getByTestId('detail').waitFor();
  await waitForFocusOn(page, '#main h1', 'settings → work package page');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^#1 /);

  // Back in the browser's history: the same.
  await page.goBack();
  await waitForFocusOn(page, '#main h1', 'back to settings');
  e2e.assertNoProblems(problems);
  await context.close();
});

test('dialogs keep focus inside while open and give it back to the opener when closed', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 1280, height: 800 } });
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/table`, { context });
  await page.getByTestId('wp-row').first().waitFor();
  const inDialog = () => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null);

  // The create dialog, opened with the keyboard from its button.
  const opener = page.getByRole('button', { name: 'New work package' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('create-form').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('dialog[open]') !== null);
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inDialog(), `Tab ${i + 1} left the dialog for ${await focused(page)}`);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inDialog(), `Shift+Tab ${i + 1} left the dialog for ${await focused(page)}`);
  }
  await page.keyboard.press('Escape');
  await page.getByTestId('create-form').waitFor({ state: 'hidden' });
  await waitForFocusOnElement(page, opener, 'after Escape');

  // The shortcuts dialog, opened with ? from a card, closed with its close button.
  await page.locator('.tafel-tabs').getByRole('link', { name: 'Board' }).click();
  const firstCard = page.getByTestId('card').first();
  await firstCard.waitFor();
  await firstCard.focus();
  await page.keyboard.press('?');
  await page.getByTestId('shortcuts').waitFor();
  assert.ok(await inDialog(), `the shortcuts dialog has focus: ${await focused(page)}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('shortcuts').waitFor({ state: 'hidden' });
  await waitForFocusOnElement(page, firstCard, 'after closing the shortcuts');
  e2e.assertNoProblems(problems);
  await context.close();
});

/** Elements sticking out to the right of the page (not inside a scroll container of their own). */
function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el) && el.checkVisibility())
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
  });
}

async function assertNoSidewaysScroll(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(
    scrollWidth <= innerWidth,
    `${where}: the page scrolls sideways (${scrollWidth} > ${innerWidth}); sticking out:\n  ${(await overflowing(page)).join('\n  ')}`,
  );
}

/** Visits every view, calling `check(where)` on each. */
async function everyView(page, check) {
  await page.getByTestId('project-card').first().waitFor();
  await check('projects');
  await goInApp(page, `${DEMO}/board`);
  await page.getByTestId('card').first().waitFor();
  await check('board');
  await goInApp(page, `${DEMO}/table`);
  await page.getByTestId('wp-row').first().waitFor();
  await check('table');
  await goInApp(page, `${DEMO}/gantt`);
  await page.getByTestId('gantt-bar').first().waitFor();
  await check('gantt');
  await goInApp(page, '/work_packages/1');
  await page.getByTestId('detail').waitFor();
  await check('work package page');
  await goInApp(page, '/settings');
  await page.getByTestId('connect-form').waitFor();
  await check('settings');
}

test('at 320 px wide no view makes the page scroll sideways (WCAG 1.4.10 reflow)', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 320, height: 640 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await everyView(page, (where) => assertNoSidewaysScroll(page, where));
  e2e.assertNoProblems(problems);
  await context.close();
});

test('at 200 % zoom (640 px of a 1280 px window) the main controls stay on screen and usable', async () => {
  const context = await e2e.newContext(ctx, { viewport: { width: 640, height: 400 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  const reachable = async (locator, what) => {
    await locator.scrollIntoViewIfNeeded();
    const ok = await locator.evaluate((el) => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.left < 0 || box.right > document.documentElement.clientWidth) return false;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && (el === hit || el.contains(hit));
    });
    assert.ok(ok, `${what} is off screen or covered at 640 px`);
  };
  const header = async (where) => {
    for (const key of ['NavProjects', 'NavSettings']) {
      await reachable(page.locator('.tafel-header__nav').getByRole('link', { name: t('en', key) }), `${where}: ${key}`);
    }
    await reachable(page.getByRole('button', { name: t('en', 'ShortcutsTitle') }), `${where}: shortcuts`);
    await reachable(page.getByTestId('language-switch').first(), `${where}: language`);
    await reachable(page.getByTestId('theme-switch').first(), `${where}: theme`);
  };
  await everyView(page, async (where) => {
    await assertNoSidewaysScroll(page, `${where} at 640 px`);
    await header(where);
    if (['board', 'table', 'gantt'].includes(where)) {
      for (const key of ['NavBoard', 'NavTable', 'NavGantt']) {
        await reachable(page.locator('.tafel-tabs').getByRole('link', { name: t('en', key) }), `${where}: tab ${key}`);
      }
    }
    if (where === 'table') {
      await reachable(page.getByRole('button', { name: t('en', 'NewWorkPackage') }), 'table: new work package');
      await reachable(page.getByRole('button', { name: t('en', 'AddFilter') }), 'table: add filter');
      await reachable(page.getByTestId('column-chooser').locator('summary'), 'table: columns');
    }
  });
  e2e.assertNoProblems(problems);
  await context.close();
});
