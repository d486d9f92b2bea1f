// The chaos journey (issue #8): a few hundred random edits across the board, the table and the Gantt
// against the OpenProject-compatible test server while 30 % of the requests fail in every way the
// server can make them fail, with random reloads right after an edit and one offline period. At the
// end the server holds exactly what the test's own model of its edits says: every edit applied once,
// or shown to the user as a conflict and decided there. Nothing lost, nothing doubled.
//
// - The test command (scripts/test.sh) runs it with its default seed; by hand it runs only with
//   TAFEL_CHAOS=1 (`TAFEL_CHAOS=1 node --test tests/e2e/chaos.test.mjs`, 3 to 7 minutes on a 2-core
//   machine). Before it joined the test command it ran 20 times on seeds 41 to 59 and its default
//   seed, under a load of 8 to 12 on two cores: 18 passed. The two that stopped were the test's own
//   waits, both fixed: a moved card looked for only among the cards drawn after its column was drawn
//   again from the top (seed 48), and 10 s allowed for a project to load after a reload while its
//   reads were being retried through faults (seed 55); replayed, both passed. Earlier versions
//   stopped on a card move counted as done while the card was only carried into the column (a
//   dialog that opened before Enter took the Enter), a card no longer drawn when its try began, a
//   click on Retry a sign-in dialog opened over, and a wait for one Gantt bar scrolled out of view.
// - Randomness is seeded: the seed is printed at the start; TAFEL_CHAOS_SEED=<n> replays a run (the
//   fault sequence follows the same seed, though the timing of requests still varies a little).
//   TAFEL_CHAOS_EDITS=<n> changes the number of edits (default 200).
// - Faulted are reads and writes alike (GET, PATCH, POST, DELETE; the server draws for 30 % of them
//   one of: latency, 500, 503 and 429 with Retry-After, a dropped connection before or after the
//   request was handled, a truncated answer, 401, and, for a PATCH, another user's edit just before
//   it, which makes it a 409). The app sends a read that failed on the way, a 5xx or a 429 again a
//   few times by itself; a 401 on a read opens the sign-in dialog as one on a write does, and ends
//   a page load on the project's Retry screen, which loads again by itself once signed in; a read
//   failing every time ends there too, and the test presses Retry as a user would. A 401 on the
//   sign-in's own check says the token was refused: the test reloads and signs in again. The faults are on
//   from the server's start, so no keep-alive connection from before exists that Chromium could
//   silently resend on.
// - The test server runs with its clock at the real time (realClock). An earlier outbox looked for what
//   a creation whose answer got lost made by the browser's clock, and against the server's fixed
//   January 2026 clock made it twice; it now compares ids, not clocks, and TAFEL_CHAOS_FAKE_CLOCK=1
//   runs against the fixed clock to show that.
// - Edits: subject renames through the table's cell editor (unique values `chaos <n>`), card moves
//   between neighbouring status columns by keyboard (only moves the workflow allows), bar moves by a
//   day by keyboard in the Gantt (work packages without relations, children or parent), and cards
//   created with quick add (unique subjects; at the end exactly one work package per subject).
// - Conflicts are decided in the dialog: the user's change applied on top, except that about one in
//   four conflicting subject renames is dropped; the model then forgets that rename. The other
//   user's description edits (the server lists them) are expected to survive.
// - A dialog can open between two key presses of an edit (a 401 or a 409 answered in the meantime);
//   the keys then reach the dialog, whose first button (Close) only puts it aside. The test checks the
//   screen after every edit, and when an edit did not arrive it settles the dialogs and makes the edit
//   again (its intent is absolute: this subject, this column, these dates).
// - Cards, table rows and Gantt bars keep the focus while the app draws them again (an earlier edit
//   saved, a card above moved away): it used to get lost when a card's or bar's place changed, and
//   the keys typed next went nowhere, which stopped about one run in two. Edits still redone are
//   those a dialog interrupted (the log names the dialog and where the focus was).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { startOpServer } from './support/op_server.mjs';
import { DEMO, card, column } from './support/app.mjs';
import { spanMovedBy } from './support/dates.mjs';

const API_KEY = 'e2e-chaos-key';
const SEED = Number(process.env.TAFEL_CHAOS_SEED ?? 8_2026);
const EDITS = Number(process.env.TAFEL_CHAOS_EDITS ?? 200);
const FAULT_KINDS = [
  'latency',
  'error500',
  'error503_retry_after',
  'error429',
  'drop_before',
  'drop_after',
  'truncate',
  'unauthorized',
  'conflict',
];
const FAULTS = {
  seed: SEED,
  rate: 0.3,
  kinds: FAULT_KINDS,
  latency_ms: [50, 300],
  // Every method: reads (GET) as well as writes.
};
/** Work packages the Gantt moves: dated, no relations, no parent, no children, far from holidays. */
const GANTT_IDS = [1, 6, 19, 24];
/** The statuses a card moves between, in board order; each is a workflow step from its neighbour. */
const MOVABLE = ['New', 'In progress', 'In review'];

let app;
let op;
let browser;
const config = {};

const ENABLED = process.env.TAFEL_CHAOS === '1';

before(async () => {
  if (!ENABLED) return;
  const connectSrc = [];
  app = await startServer({ config, connectSrc });
  op = await startOpServer({ apiKey: API_KEY, allowOrigins: [new URL(app.url).origin], faults: FAULTS, realClock: process.env.TAFEL_CHAOS_FAKE_CLOCK !== "1" });
  connectSrc.push(op.url);
  config.backend = { kind: 'openproject', url: op.url, auth: 'apikey' };
  browser = await e2e.launchBrowser();
});
after(async () => {
  await browser?.close();
  await op?.close();
  await app?.close();
});

/** mulberry32: small, seeded, good enough to pick edits. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A day as the English UI writes it ("19 Jan 2026"). */
const shown = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

const noFaults = () => ({
  'X-Tafel-No-Faults': '1',
  Authorization: `Basic ${Buffer.from(`apikey:${API_KEY}`).toString('base64')}`,
});

/** Every work package of the demo project as the server has it (never faulted). */
async function allWorkPackages() {
  const filters = encodeURIComponent('[]');
  const res = await fetch(`${op.url}/api/v3/projects/1/work_packages?pageSize=1000&filters=${filters}`, {
    headers: noFaults(),
  });
  const body = await res.json();
  const elements = body._embedded.elements;
  assert.equal(elements.length, body.total, 'one page holds every work package');
  return elements;
}

/**
 * Problems the faults cause on purpose: the browser reports every failed or refused write to the
 * test server, and the writes a reload cut off. Everything else (page errors, panics, console
 * errors of the app, reads that failed) stays a problem.
 */
function unexpected(problems) {
  const api = `${op.url}/api/v3/`;
  return problems.filter((p) => {
    if (/^http (401|409|429|500|503): (GET|PATCH|POST|DELETE) /.test(p) && p.includes(api)) return false;
    if (/^requestfailed: (GET|PATCH|POST|DELETE) /.test(p) && p.includes(api)) return false;
    if (p.startsWith('console.error: Failed to load resource') && p.includes(api)) return false;
    // Offline, reads fail too (Chromium answers them itself): the app's own (the favicon) as well.
    if (p.includes('ERR_INTERNET_DISCONNECTED') && (/^requestfailed: GET /.test(p) || p.startsWith('console.error: Failed to load resource'))) return false;
    return true;
  });
}

test('chaos: random edits on board, table and Gantt through faults, reloads and an offline period lose nothing', { skip: !ENABLED && 'runs with TAFEL_CHAOS=1 (see the header)' }, async () => {
  const started = Date.now();
  console.log(`chaos: seed ${SEED} (TAFEL_CHAOS_SEED to replay), ${EDITS} edits`);
  const random = prng(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];

  // ----- the model: what the test expects the server to hold at the end ------------------------
  const initial = new Map();
  for (const wp of await allWorkPackages()) {
    initial.set(wp.id, {
      subject: wp.subject,
      status: wp._links.status.title,
      start: wp.startDate ?? null,
      finish: wp.dueDate ?? null,
      description: wp.description?.raw ?? '',
      type: wp._links.type.title,
    });
  }
  const model = new Map([...initial].map(([id, v]) => [id, { ...v }]));
  /** Subject renames in order, to forget one the user dropped in a conflict. */
  const renames = [];
  const created = [];
  /** How often the test submitted each creation (more than once only when a dialog interrupted it). */
  const submitted = new Map();
  const how = new Map();
  const counts = { subject: 0, move: 0, dates: 0, create: 0 };
  const stats = { reloads: 0, offline: 0, conflicts: 0, reapplied: 0, dropped: 0, signIns: 0, redone: 0, reopened: 0, retryScreens: 0 };

  // ----- the page --------------------------------------------------------------------------------
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  page.setDefaultTimeout(10_000);
  // The token is checked with a read, which a fault can answer with a 401 ("token refused") or,
  // after the app's own tries, a failure: the user then presses Sign in again.
  // The token is checked with a read, which a fault can answer with a 401 ("token refused"), and
  // the list of projects (which has no Retry button) can fail to load: the user reloads and tries
  // again.
  const signIn = page.getByTestId('sign-in');
  const projectsShown = page.getByTestId('project-card').first();
  const failed = signIn.locator('#tafel-token-error:not(:empty)').or(page.getByText('Loading failed'));
  for (let i = 0; ; i++) {
    if (await signIn.isVisible()) {
      await signIn.getByLabel('API token').fill(API_KEY);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
    }
    await projectsShown.or(failed).first().waitFor();
    if (await projectsShown.isVisible()) break;
    assert.ok(i < 5, 'signing in kept failing');
    stats.signIns += 1;
    await page.reload();
    await e2e.waitForReady(page);
    await projectsShown.or(signIn).or(failed).first().waitFor();
  }
  await page.goto(`${app.url}${DEMO}/board`);
  await e2e.waitForReady(page);
  let view = null;
  let offline = false;

  const conflictDialog = page.getByTestId('conflict');
  const signInDialog = page.getByTestId('sign-in-again');
  const syncStatus = page.getByTestId('sync-status');
  // The last API exchanges as the page saw them, for a failure's report.
  const network = [];
  const heard = (line) => {
    network.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (network.length > 30) network.shift();
  };
  const apiPath = (request) => new URL(request.url()).pathname.replace('/api/v3', '');
  page.on('request', (r) => r.url().includes('/api/v3/') && heard(`→ ${r.method()} ${apiPath(r)}`));
  page.on('response', (r) => r.url().includes('/api/v3/') && heard(`← ${r.status()} ${r.request().method()} ${apiPath(r.request())}`));
  page.on('requestfailed', (r) => r.url().includes('/api/v3/') && heard(`✗ ${r.failure()?.errorText} ${r.method()} ${apiPath(r)}`));

  const press = (button) => button.click({ timeout: 2_000 }).then(() => true, () => false);

  /** Signs in again in its dialog; false when another dialog was in the way. */
  async function signInAgain() {
    // Offline no sign-in can be checked (the dialog says the server cannot be reached): it is put
    // aside as a user would, and opens again at the first refused request once online.
    if (offline) {
      if (!(await press(page.locator('dialog[open]').filter({ has: signInDialog }).getByRole('button', { name: 'Close', exact: true })))) return false;
      await until(async () => !(await signInDialog.isVisible()), 5_000);
      return true;
    }
    await signInDialog.getByLabel('API token').fill(API_KEY);
    if (!(await press(signInDialog.getByRole('button', { name: 'Sign in' })))) return false;
    await until(async () => !(await signInDialog.isVisible()), 5_000);
    stats.signIns += 1;
    return true;
  }

  /** Decides every dialog that is open now: signs in again, resolves conflicts. */
  async function settle() {
    for (let round = 0; round < 50; round++) {
      // Both dialogs can be open, one over the other: a click the other one intercepts is made
      // again once the loop has decided that one.
      // It may open again at once: the next write can meet another 401; the loop signs in again.
      if (await signInDialog.isVisible() && (await signInAgain())) continue;
      if (await conflictDialog.isVisible()) {
        const rows = await conflictDialog.locator('tbody tr').evaluateAll((trs) =>
          trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())),
        );
        if (rows.length === 0) {
          await page.waitForTimeout(20);
          continue;
        }
        stats.conflicts += 1;
        const [[field, mine]] = rows;
        const rename = rows.length === 1 && field === 'Subject'
          ? renames.find((r) => !r.dropped && r.value === mine)
          : undefined;
        const before = JSON.stringify(rows);
        const drop = rename && random() < 0.25;
        if (!(await press(conflictDialog.getByRole('button', { name: drop ? 'Drop my change' : 'Apply my change' })))) {
          stats.conflicts -= 1;
          continue;
        }
        if (drop) {
          rename.dropped = true;
          stats.dropped += 1;
        } else {
          stats.reapplied += 1;
        }
        // The dialog closes, or shows the next conflict (the same edit can meet another user's
        // change again: then it looks the same and the loop decides it again).
        await page.waitForFunction(
          (before) => {
            const d = document.querySelector('[data-testid="conflict"]');
            if (!d || !d.checkVisibility()) return true;
            const rows = [...d.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
            return JSON.stringify(rows) !== before;
          },
          before,
          { timeout: 2_000 },
        ).catch(() => {});
        continue;
      }
      // A conflict put aside (a key press meant for the page reached its dialog's Close button):
      // a reload shows it again (what was put aside is remembered only by the page).
      if ((await syncStatus.getAttribute('data-state')) !== 'conflict' || offline) return;
      if (await until(() => conflictDialog.isVisible(), 1_000)) continue;
      if (round < 10) {
        stats.reopened += 1;
        await reload();
        continue;
      }
      break;
    }
    const journal = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).map((k) => localStorage.getItem(k)),
    );
    const shot = await e2e.screenshot(page, 'chaos-dialogs').catch(() => null);
    assert.fail(
      `dialogs kept opening, or a conflict stayed without its dialog (state ${await syncStatus.getAttribute('data-state')}, ` +
        `screenshot ${shot}); journal:\n  ${journal.join('\n  ')}`,
    );
  }

  /** Reloads the page and shows the view that was shown. */
  async function reload() {
    await page.reload();
    await e2e.waitForReady(page);
    const current = view;
    view = null;
    await show(current ?? 'board', false);
  }

  /** The project's Retry screen: a read failed even after the app's own tries. */
  const retryScreen = page.locator('section.tafel-page[role="alert"]').getByRole('button', { name: 'Retry', exact: true });

  /** Shows the project view `name` through its tab (no reload), pressing Retry if loading failed. */
  async function show(name, settling = true) {
    if (view === name) return;
    const tab = { board: 'Board', table: 'Table', gantt: 'Gantt' }[name];
    const link = page.locator('nav.tafel-tabs').getByRole('link', { name: tab, exact: true });
    if (view === null) {
      // After a reload (or at the start) the project loads first, unless its Retry screen shows.
      // Its reads are tried again by the app after a 5xx, a 429's Retry-After or a dropped
      // connection, with growing pauses: under 30 % faults that can take longer than a click does.
      await link.or(retryScreen).first().waitFor({ timeout: 30_000 }).catch(async (error) => {
        const shot = await e2e.screenshot(page, 'chaos-loading').catch(() => null);
        const main = await page.evaluate(() => document.querySelector('#main')?.innerText.slice(0, 300)).catch(() => '');
        const recent = (await op.requests()).requests.slice(-40);
        throw new Error(`the project neither loaded nor failed within 30 s (screenshot ${shot}; page: ${JSON.stringify(main)}); ` +
          `faults ${JSON.stringify(await op.faultStats())}; last requests:\n  ${recent.join('\n  ')}\nas the page saw them:\n  ${network.join('\n  ')}`, { cause: error });
      });
      await pressRetry(link);
    }
    for (let i = 0; ; i++) {
      // A dialog that opens meanwhile is in the way of the click: decide it, then click again.
      const clicked = await link.click({ timeout: 2_000 }).then(() => true, () => false);
      if (clicked || i === 5) break;
      if (settling) await settle();
      else await pressRetry(link);
    }
    await page.waitForURL((url) => url.pathname.endsWith(`/${name}`));
    if (name === 'board') await column(page, 'New').waitFor();
    if (name === 'table') await page.getByTestId('wp-row').first().waitFor();
    if (name === 'gantt') {
      // Rows follow the plan's order, and only those in view are drawn: any of the movable bars.
      const movable = GANTT_IDS.map((id) => `[data-bar-id="${id}"]`).join(', ');
      await page.locator(movable).first().waitFor().catch(async (error) => {
        // What the page showed instead, for the failure's report.
        const shot = await e2e.screenshot(page, 'chaos-gantt').catch(() => null);
        const seen = await page.evaluate(() => ({
          bars: [...document.querySelectorAll('[data-bar-id]')].map((b) => b.dataset.barId).join(','),
          rows: document.querySelectorAll('.tafel-gantt [role="listitem"]').length,
          scroll: (({ scrollTop, scrollLeft, clientHeight }) => ({ scrollTop, scrollLeft, clientHeight }))(
            document.querySelector('[data-testid="gantt"]') ?? {},
          ),
          alerts: [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent.trim()).filter(Boolean),
          dialogs: [...document.querySelectorAll('dialog[open]')].map((d) => d.dataset.testid ?? d.id),
          main: document.querySelector('#main')?.innerText.slice(0, 300),
        }));
        throw new Error(`none of the Gantt bars ${GANTT_IDS.join(', ')} drawn; screenshot ${shot}; page: ${JSON.stringify(seen)}`, { cause: error });
      });
    }
    view = name;
  }

  /** Presses Retry while the Retry screen shows, until `loaded` shows instead. */
  async function pressRetry(loaded) {
    for (let i = 0; await retryScreen.isVisible(); i++) {
      if (i >= 10) {
        const shot = await e2e.screenshot(page, 'chaos-retry').catch(() => null);
        const recent = (await op.requests()).requests.slice(-40);
        assert.fail(`the project kept failing to load (screenshot ${shot}; sign-in dialog open: ${await signInDialog.isVisible()}); ` +
          `faults ${JSON.stringify(await op.faultStats())}; last requests:\n  ${recent.join('\n  ')}\nas the page saw them:\n  ${network.join('\n  ')}`);
      }
      // A write queued before the reload can meet a 401 meanwhile: its dialog comes first, and
      // when it opens just before the click, the click is made again after it.
      for (let j = 0; j < 5 && (await signInDialog.isVisible()); j++) await signInAgain();
      // The app's own refresh can load the project between the look above and this one: then
      // there is nothing to press, and the loop's next look ends it.
      const reason = await page
        .locator('section.tafel-page[role="alert"]')
        .textContent({ timeout: 2_000 })
        .catch(() => null);
      if (reason === null) continue;
      if (!(await press(retryScreen))) continue;
      console.log(`chaos: Retry screen: ${reason} (sign-in dialog open after pressing: ${await signInDialog.isVisible()})`);
      stats.retryScreens += 1;
      // The screen stays until the next answer, and stays as it is if that fails too: the
      // project has loaded when `loaded` shows, and not yet if it has not within 15 s.
      await loaded.waitFor({ timeout: 15_000 }).catch(() => {});
    }
  }

  /** Closes the detail panel a stray Enter opened (a key meant for a picked-up card, say). */
  async function closeDetail() {
    const panel = page.getByTestId('detail-panel');
    if (await panel.isVisible()) {
      await panel.getByRole('button', { name: 'Close', exact: true }).first().click({ timeout: 2_000 }).catch(() => {});
      await until(async () => !(await panel.isVisible()), 2_000);
    }
  }

  /** Waits up to `timeout` ms for `check()` to be true. */
  async function until(check, timeout = 4_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return true;
      await page.waitForTimeout(25);
    }
    return false;
  }

  /** The non-empty list `list()` gives once the view has drawn what it lists. */
  async function drawnUntil(list, what) {
    let found = [];
    if (await until(async () => (found = await list()).length > 0, 10_000)) return found;
    assert.fail(`no ${what} drawn within 10 s`);
  }

  /** Makes one edit with `act` until `done()` shows it on screen, settling dialogs in between. */
  async function attempt(what, act, done, cancelled = () => false, explain = async () => '') {
    for (let i = 0; i < 4; i++) {
      await settle();
      if (cancelled()) return;
      if (i > 0) stats.redone += 1;
      await closeDetail();
      // A dialog that opened in between makes the page behind it inert: the step then fails.
      await act(i).catch(async (err) => {
        const where = await page.evaluate(() => {
          const dialogs = [...document.querySelectorAll('dialog[open]')].map((d) => d.querySelector('[data-testid]')?.dataset.testid ?? 'dialog');
          const a = document.activeElement;
          return `focus on ${a?.tagName}${a?.dataset?.testid ? `[${a.dataset.testid}]` : ''}, dialogs open: ${dialogs.join(', ') || 'none'}`;
        }).catch(() => '');
        console.log(`chaos: ${what}: try ${i + 1} interrupted (${where}): ${err.message.split('\n')[0]}`);
      });
      if (await until(done)) return;
      await settle();
      if (cancelled()) return;
      if (await until(done, 1_000)) return;
      // Whatever the keys started (a card picked up, an editor) is cancelled before the next try.
      if (!(await page.locator('dialog[open]').count())) await page.keyboard.press('Escape');
      await closeDetail();
    }
    const shot = await e2e.screenshot(page, 'chaos-stuck').catch(() => null);
    const journal = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).map((k) => localStorage.getItem(k)),
    );
    console.log(`chaos: journal when stuck:\n  ${journal.join('\n  ')}`);
    // What the server holds of the work packages whose status or dates the model has otherwise.
    for (const wp of await allWorkPackages()) {
      const want = model.get(wp.id);
      const have = { status: wp._links.status.title, start: wp.startDate ?? null, finish: wp.dueDate ?? null, lockVersion: wp.lockVersion };
      if (want && (want.status !== have.status || want.start !== have.start || want.finish !== have.finish)) {
        console.log(`chaos: when stuck, the server has #${wp.id} as ${JSON.stringify(have)}, the model ${JSON.stringify(want)}`);
      }
    }
    // What the screen showed instead, in the failure's own message (CI shows the end of the log).
    const seen = await page.evaluate(() => {
      const a = document.activeElement;
      return {
        focus: `${a?.tagName}${a?.dataset?.testid ? `[${a.dataset.testid}]` : ''}${a?.dataset?.cardId ? `[card ${a.dataset.cardId}]` : ''}`,
        dialogs: [...document.querySelectorAll('dialog[open]')].map((d) => d.querySelector('[data-testid]')?.dataset.testid ?? 'dialog'),
        sync: document.querySelector('[data-testid="sync-status"]')?.dataset.state,
        announced: document.querySelector('[data-testid="announcer"]')?.textContent.trim().slice(0, 200),
        alerts: [...document.querySelectorAll('[role="alert"]')].map((el) => el.textContent.trim().slice(0, 120)).filter(Boolean),
      };
    }).catch((error) => ({ error: error.message }));
    const details = await explain().catch((error) => `(${error.message})`);
    assert.fail(`${what} never showed on screen (screenshot ${shot}); page: ${JSON.stringify(seen)}${details ? `; ${details}` : ''}; ` +
      `as the page saw the API:\n  ${network.slice(-12).join('\n  ')}`);
  }

  // ----- the edits -------------------------------------------------------------------------------
  async function renameInTable(n) {
    await show('table');
    // Rows inside the window: those around it are drawn too, but the table draws rows for where the
    // page is, so one the page has to scroll to could vanish on the way.
    const drawnRows = () => page.getByTestId('wp-row').evaluateAll((trs) =>
      trs
        .filter((tr) => { const r = tr.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })
        .map((tr) => Number(tr.dataset.wpId)));
    // The rows the table shows (it draws those in view).
    let id = pick(await drawnUntil(async () => (await drawnRows()).filter((id) => model.has(id)), 'rows to rename'));
    const value = `chaos ${n}`;
    const cell = () => page.locator(`[data-wp-id="${id}"] td[data-col="subject"]`);
    const rename = { id, value, dropped: false };
    renames.push(rename);
    let touched = false;
    await attempt(
      `rename to ${value}`,
      async () => {
        // The row is no longer drawn (the table scrolled) and nothing was typed into it yet: another row.
        if (!touched && !(await cell().count())) {
          id = pick(await drawnUntil(async () => (await drawnRows()).filter((id) => model.has(id)), 'rows to rename'));
          rename.id = id;
        }
        await cell().focus({ timeout: 3_000 });
        touched = true;
        await cell().press('F2');
        const editor = page.getByTestId('cell-editor');
        await editor.fill(value, { timeout: 3_000 });
        await editor.press('Enter', { timeout: 1_000 });
      },
      async () => (await cell().textContent()).trim() === value && !(await page.getByTestId('cell-editor').count()),
      // Dropped in a conflict while the test checked it: the user decided, nothing to redo.
      () => rename.dropped,
    );
    model.get(id).subject = value;
    counts.subject += 1;
  }

  async function moveOnBoard() {
    await show('board');
    // Cards the board has drawn (a long column draws those in view) in a column they may leave.
    // Right after a reload the columns stand before their cards are drawn: wait for some.
    const choose = async () => {
      const candidates = await drawnUntil(async () => {
        const drawn = [];
        for (const name of MOVABLE) drawn.push(...(await column(page, name).locator('[data-card-id]').evaluateAll((cs) => cs.map((c) => Number(c.dataset.cardId)))));
        return drawn.filter((id) => id <= 25 && MOVABLE.includes(model.get(id)?.status));
      }, 'cards to move');
      const id = pick(candidates);
      const from = model.get(id).status;
      const at = MOVABLE.indexOf(from);
      const right = at === 0 || (at === 1 && random() < 0.5);
      return { id, from, right, to: MOVABLE[at + (right ? 1 : -1)] };
    };
    let { id, from, right, to } = await choose();
    const inColumn = (name) => column(page, name).locator(`[data-card-id="${id}"]`);
    // A conflict answered for an earlier move can have put the card back for a moment.
    if (!(await until(async () => (await inColumn(from).count()) > 0))) await settle();
    // A column draws the cards in its view. The project loaded again meanwhile (a Retry screen,
    // signing in again) draws the column from its top, where the card may not be: the test looks
    // for it as a user would, scrolling down the column.
    const scrolledTo = async (name) => {
      if ((await inColumn(name).count()) > 0) return true;
      const list = column(page, name).locator('.tafel-cell__cards');
      const height = await list.evaluate((el) => el.scrollHeight);
      for (let top = 0; top <= height; top += 150) {
        await list.evaluate((el, top) => { el.scrollTop = top; }, top);
        if (await until(async () => (await inColumn(name).count()) > 0, 250)) return true;
      }
      return false;
    };
    let touched = false;
    await attempt(
      `#${id} moved from ${from} to ${to}`,
      async () => {
        // No longer drawn (a reload or a redraw scrolled its column) and no key pressed on it yet:
        // another card, as for a row of the table.
        if (!touched && !(await inColumn(from).count())) ({ id, from, right, to } = await choose());
        if (!(await inColumn(from).count())) return;
        touched = true;
        await card(page, id).focus();
        await card(page, id).press('Space');
        await page.keyboard.press(right ? 'ArrowRight' : 'ArrowLeft');
        await page.keyboard.press('Enter');
      },
      // Dropped there, not only carried there: a dialog that opens before Enter takes the Enter,
      // and the card stays picked up in the column it was carried to until Escape puts it back.
      async () => (await scrolledTo(to)) && (await inColumn(to).getAttribute('aria-grabbed')) === 'false',
      () => false,
      async () => {
        const drawn = await page.locator(`[data-card-id="${id}"]`).evaluateAll((cards) => cards.map((c) =>
          `in ${c.closest('[data-testid="board-column"]')?.querySelector('.tafel-column__name')?.textContent.trim()}, grabbed ${c.getAttribute('aria-grabbed')}`));
        const wp = (await allWorkPackages()).find((w) => w.id === id);
        return `card #${id} drawn: ${JSON.stringify(drawn)}; the server has it ${wp?._links.status.title} (lock ${wp?.lockVersion})`;
      },
    );
    model.get(id).status = to;
    counts.move += 1;
  }

  async function shiftInGantt() {
    await show('gantt');
    const id = pick(await drawnUntil(async () => {
      const drawn = await page.locator('[data-bar-id]').evaluateAll((bars) => bars.map((b) => Number(b.dataset.barId)));
      return GANTT_IDS.filter((id) => drawn.includes(id));
    }, 'bars to move'));
    const before = { start: model.get(id).start, finish: model.get(id).finish };
    // Drift stays within January to March (no holidays there but New Year's Day).
    const right = before.start < '2026-01-12' ? true : before.start > '2026-03-02' ? false : random() < 0.5;
    const want = spanMovedBy(before, right ? 1 : -1);
    const bar = page.locator(`[data-bar-id="${id}"]`);
    const label = async () => (await bar.getAttribute('aria-label')) ?? '';
    const showsDates = (span) => async () => (await label()).includes(`${shown(span.start)} to ${shown(span.finish)}`);
    await attempt(
      `#${id} moved to ${want.start}..${want.finish}`,
      async () => {
        // Only from the dates the model has (a conflict may show the other version for a moment).
        if (!(await until(showsDates(before), 2_000))) return;
        await bar.focus();
        await bar.press(right ? 'ArrowRight' : 'ArrowLeft');
      },
      showsDates(want),
    );
    Object.assign(model.get(id), want);
    counts.dates += 1;
  }

  async function quickAdd(n) {
    await show('board');
    const subject = `chaos new ${n}`;
    const button = column(page, 'New').getByRole('button', { name: 'Add card to New' });
    const field = column(page, 'New').locator('[data-testid="quick-add"] input');
    await attempt(
      `card ${subject} added`,
      async (i) => {
        // Made already by an earlier try whose check a dialog interrupted.
        if (i > 0 && (await page.locator('[data-testid="quick-add"] input').count()) === 0) {
          const journal = await page.evaluate(() => JSON.stringify(Object.values(localStorage)));
          if (journal.includes(subject) || (await column(page, 'New').locator('[data-card-id]', { hasText: subject }).count())) return;
        }
        if (!(await field.count())) {
          await button.focus();
          await button.press('Enter');
        }
        await field.fill(subject, { timeout: 3_000 });
        await field.press('Enter');
        submitted.set(subject, (submitted.get(subject) ?? 0) + 1);
      },
      async () => {
        // The field empties once the creation is made or kept for later.
        if ((await field.count()) && (await field.inputValue()) === '') { how.set(subject, 'field empty'); return true; }
        const journal = await page.evaluate(() => JSON.stringify(Object.values(localStorage)));
        if (journal.includes(subject)) { how.set(subject, 'journal'); return true; }
        if ((await column(page, 'New').locator('[data-card-id]', { hasText: subject }).count()) > 0) { how.set(subject, 'card'); return true; }
        return false;
      },
    );
    if (await field.count()) await field.press('Escape').catch(() => {});
    created.push(subject);
    counts.create += 1;
  }

  await show('board', false);
  const offlineFrom = Math.floor(EDITS * 0.45);
  const offlineTo = offlineFrom + Math.max(1, Math.floor(EDITS * 0.08));
  let n = 0;
  while (n < EDITS) {
    // A run of edits in one view, then the next view.
    const roll = random();
    const where = roll < 0.55 ? 'table' : roll < 0.85 ? 'board' : 'gantt';
    const run = 2 + Math.floor(random() * 6);
    for (let i = 0; i < run && n < EDITS; i++) {
      if (n === offlineFrom) {
        await context.setOffline(true);
        offline = true;
        await until(async () => (await page.evaluate(() => navigator.onLine)) === false);
      }
      if (n === offlineTo) {
        await context.setOffline(false);
        offline = false;
      }
      n += 1;
      if (where === 'table') await renameInTable(n);
      else if (where === 'board') await (random() < 0.2 ? quickAdd(n) : moveOnBoard());
      else await shiftInGantt();
      if (offline) stats.offline += 1;
      // Now and then a reload right after the edit, before it is saved: the journal has it.
      if (!offline && random() < 0.03) {
        stats.reloads += 1;
        await reload();
        break;
      }
    }
  }
  if (offline) {
    await context.setOffline(false);
    offline = false;
  }

  // ----- everything saved ------------------------------------------------------------------------
  const deadline = Date.now() + 120_000;
  let state;
  while (Date.now() < deadline) {
    await settle();
    state = await syncStatus.getAttribute('data-state');
    if (state === 'saved') break;
    assert.notEqual(state, 'failed', 'a change was refused: see the sync panel');
    await page.waitForTimeout(100);
  }
  assert.equal(state, 'saved', `the outbox did not empty within 120 s (state ${state})`);
  const faultStats = await op.clearFaults();
  const journal = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('tafel.outbox.')).map((k) => localStorage.getItem(k)),
  );
  assert.deepEqual(journal.filter((e) => !e.includes('"Done"')), [], 'no open entry is left in the journal');

  // ----- the server against the model ------------------------------------------------------------
  for (const r of renames.filter((r) => r.dropped)) {
    // A dropped rename leaves the subject the renames before it gave (or the original).
    const kept = renames.filter((k) => k.id === r.id && !k.dropped);
    model.get(r.id).subject = kept.length ? kept.at(-1).value : initial.get(r.id).subject;
  }
  for (const edit of faultStats.concurrent_edits) {
    if (model.has(edit.id)) model.get(edit.id).description = edit.value;
  }
  const server = await allWorkPackages();
  const byId = new Map(server.map((wp) => [wp.id, wp]));
  const diff = [];
  for (const [id, want] of model) {
    const wp = byId.get(id);
    if (!wp) {
      diff.push(`#${id} is gone`);
      continue;
    }
    const have = {
      subject: wp.subject,
      status: wp._links.status.title,
      start: wp.startDate ?? null,
      finish: wp.dueDate ?? null,
      description: wp.description?.raw ?? '',
    };
    for (const key of Object.keys(have)) {
      if (have[key] !== want[key]) diff.push(`#${id} ${key}: server ${JSON.stringify(have[key])}, model ${JSON.stringify(want[key])}`);
    }
  }
  for (const subject of created) {
    const made = server.filter((wp) => wp.subject === subject);
    if (made.length !== 1) diff.push(`"${subject}" exists ${made.length} times (#${made.map((wp) => wp.id).join(', #')}), submitted ${submitted.get(subject)} times, seen done by ${how.get(subject)}`);
  }
  const extra = server.filter((wp) => !model.has(wp.id) && !created.includes(wp.subject));
  for (const wp of extra) diff.push(`#${wp.id} "${wp.subject}" was made but never asked for`);

  const faulted = faultStats.faulted;
  const total = Object.values(faulted).reduce((a, b) => a + b, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `chaos: ${n} edits (${counts.subject} subject, ${counts.move} moves, ${counts.dates} dates, ${counts.create} creates), ` +
      `${total} faults ${JSON.stringify(faulted)} in ${faultStats.requests} requests, ${stats.reloads} reloads, ` +
      `${stats.offline} edits offline, ${stats.conflicts} conflicts resolved (${stats.reapplied} applied, ${stats.dropped} dropped), ` +
      `${stats.signIns} sign-ins, ${stats.redone} edits redone after a dialog interrupted them, ` +
      `${stats.reopened} reloads to reopen a conflict put aside, ${stats.retryScreens} Retry screens; ` +
      `${diff.length ? `${diff.length} differences` : 'server state equals the model'} (seed ${SEED}, ${seconds} s)`,
  );
  assert.deepEqual(diff, [], `the server differs from the model (seed ${SEED}):\n  ${diff.join('\n  ')}`);
  if (EDITS >= 100) {
    for (const kind of FAULT_KINDS) assert.ok(faulted[kind] > 0, `no ${kind} fault was injected: ${JSON.stringify(faulted)}`);
  }
  e2e.assertNoProblems(unexpected(problems));
  await context.close();
});
