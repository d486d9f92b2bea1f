// The CSP check of the e2e helpers (support/browser.mjs) catches violations: a negative control. Every
// page opened through the helpers records the browser's `securitypolicyviolation` events, and
// `assertNoProblems` fails on them; here a test provokes violations on purpose and checks that.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';

let ctx;
before(async () => {
  ctx = await e2e.setup();
});
after(() => e2e.teardown(ctx));

/** Waits until `problems` has `count` lines matching `pattern`: console messages arrive after the
 * page's own record, so this asks the page (a round trip, no timer) until they are in. */
async function waitForProblems(page, problems, pattern, count) {
  for (let i = 0; i < 500 && problems.filter((p) => pattern.test(p)).length < count; i++) {
    await page.evaluate(() => document.readyState);
  }
  return problems.filter((p) => pattern.test(p));
}

test('the app under the strict CSP records no violation', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/projects/city-portal/board');
  await page.locator('[data-card-id]').first().waitFor();
  assert.deepEqual(await page.evaluate(() => window.__tafelCspViolations), []);
  e2e.assertNoProblems(problems);
  await page.close();
});

test('an inline script, inline style attribute and inline event handler fail assertNoProblems', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/');
  e2e.assertNoProblems(problems, 'before anything was injected');
  const counted = e2e.cspViolationCount();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const holder = document.createElement('div');
    document.body.append(holder);
    holder.innerHTML = '<span style="color: red">styled</span><img src="x.png" onerror="window.__handlerRan = true">';
  });
  await page.waitForFunction(() => window.__tafelCspViolations.length >= 3);
  const reported = await waitForProblems(page, problems, /^CSP violation: /, 3);
  const directives = reported.map((p) => p.match(/^CSP violation: (\S+)/)[1]).sort();
  assert.deepEqual(directives, ['script-src-attr', 'script-src-elem', 'style-src-attr'], reported.join('\n'));
  assert.ok(reported.some((p) => p.includes('sample "window.__inlineRan = true"')), `the sample is named:\n${reported.join('\n')}`);
  assert.ok(reported.every((p) => p.includes('blocked inline')), `the blocked URI is named:\n${reported.join('\n')}`);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the inline script was blocked');
  assert.equal(await page.evaluate(() => window.__handlerRan), undefined, 'the inline handler was blocked');
  assert.throws(
    () => e2e.assertNoProblems(problems),
    (err) => /CSP violation: script-src-elem/.test(err.message) && /CSP violation: style-src-attr/.test(err.message),
  );
  assert.equal(e2e.cspViolationCount() - counted, 3, 'the file-wide count saw them');
  e2e.acknowledgeCspViolations(3);
  await page.close();
});

test('a style set through the CSSOM, as the app does for positions, is no violation', async () => {
  const { page, problems } = await e2e.openApp(ctx, '/');
  await page.evaluate(() => {
    const el = document.createElement('div');
    document.body.append(el);
    el.style.setProperty('left', '10px');
  });
  // A violation would be reported with the next task; an inline style attribute afterwards is the
  // marker that the reporting has happened.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<i style="top:0">marker</i>'));
  await page.waitForFunction(() => window.__tafelCspViolations.length >= 1);
  const reported = await waitForProblems(page, problems, /^CSP violation: /, 1);
  assert.equal(reported.length, 1, reported.join('\n'));
  assert.match(reported[0], /sample "top:0"/);
  e2e.acknowledgeCspViolations(1);
  await page.close();
});
