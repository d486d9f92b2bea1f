// What the user sees when an OpenProject-compatible server answers badly or not at all: an HTML
// page with status 200, JSON of the wrong shape, a collection without elements or with pages that
// fall short of their total, a server that hangs, a refusal (403) and something that is not there
// (404). Each must give a clear message and a way on, never a blank view.
//
// The bad answers are made in the browser (Playwright routes) from the test server's real ones, so
// everything else about the exchange (CORS, paging, the HAL around them) stays real. Service
// workers are blocked so that every request of the page passes the routes.
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { signInWithToken, startOpApp } from './support/backends.mjs';
import { DEMO, column } from './support/app.mjs';

const API_KEY = 'e2e-bad-answers-key';
/** Small pages, so that a board reads several and one of them can go missing. */
const PAGE_SIZE = 10;
const NOT_UNDERSTOOD = 'The server sent an answer Tafel does not understand.';
let env;
let app;
let op;
let browser;
const config = {};

before(async () => {
  env = await startOpApp({ config, op: { apiKey: API_KEY, anonymousRead: true, maxPageSize: PAGE_SIZE } });
  ({ app, op, browser } = env);
});
after(() => env?.close());
beforeEach(() => op.reset());

/** A context on the public instance, reading anonymously; requests time out after two seconds. */
async function anonymousContext() {
  config.backend = { kind: 'openproject', url: op.url, auth: 'none', timeout_seconds: 2 };
  return e2e.newContext({ browser, baseURL: app.url }, { serviceWorkers: 'block' });
}

/** Requests for the collection of a project's work packages (what board, table and Gantt read). */
const isWorkPackageList = (url) => /\/api\/v3\/projects\/[^/]+\/work_packages$/.test(new URL(url).pathname);
const isProjectList = (url) => new URL(url).pathname === '/api/v3/projects';

/** Serves the server's own answer, changed by `change(json, url)`. */
function rewritten(change) {
  return async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    change(json, new URL(route.request().url()));
    await route.fulfill({ response, json });
  };
}

/** Opens `path`, waits for the failure message, then lets the server answer properly and retries. */
async function failsThenRecovers(context, path, message, ready) {
  const { page, problems } = await e2e.openApp({ browser, baseURL: app.url }, path, { context });
  const failed = page.getByTestId('load-failed');
  await failed.filter({ hasText: message }).waitFor();
  assert.match(await failed.textContent(), /^Loading failed: /, 'says what failed');
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await failed.getByRole('button', { name: 'Retry' }).click();
  await ready(page);
  assert.equal(await page.getByTestId('load-failed').count(), 0);
  return { page, problems };
}

const boardShown = (page) => column(page, 'New').locator('[data-card-id]').first().waitFor();
const projectsShown = (page) => page.getByTestId('project-card').first().waitFor();

test('an HTML page with status 200 instead of the project list is not understood, and Retry loads the list', async () => {
  const context = await anonymousContext();
  await context.route(isProjectList, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in</title><h1>Portal sign-in</h1>' }),
  );
  const { problems } = await failsThenRecovers(context, '/', NOT_UNDERSTOOD, projectsShown);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('work packages whose JSON has the wrong types are not understood, and nothing half-read is shown', async () => {
  const context = await anonymousContext();
  await context.route(isWorkPackageList, rewritten((json) => {
    json._embedded.elements[0].subject = 42;
    json._embedded.elements[1].lockVersion = 'seven';
  }));
  const { page, problems } = await e2e.openApp({ browser, baseURL: app.url }, `${DEMO}/board`, { context });
  await page.getByTestId('load-failed').filter({ hasText: NOT_UNDERSTOOD }).waitFor();
  assert.equal(await page.locator('[data-card-id]').count(), 0, 'no board built from a part of the answer');
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await page.getByTestId('load-failed').getByRole('button', { name: 'Retry' }).click();
  await boardShown(page);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a collection without its embedded elements is not understood', async () => {
  const context = await anonymousContext();
  await context.route(isWorkPackageList, rewritten((json) => {
    delete json._embedded;
  }));
  const { problems } = await failsThenRecovers(context, `${DEMO}/board`, NOT_UNDERSTOOD, boardShown);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('pages that fall short of the total they report are not taken for the whole board', async () => {
  const context = await anonymousContext();
  // The second page comes back empty, though it, like the first, says how many there are in all.
  await context.route(isWorkPackageList, rewritten((json, url) => {
    if (url.searchParams.get('offset') === '2') {
      json.count = 0;
      json._embedded.elements = [];
    }
  }));
  const { problems } = await failsThenRecovers(context, `${DEMO}/board`, NOT_UNDERSTOOD, boardShown);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a server that does not answer is reported after the timeout, without sending the read again', async () => {
  const context = await anonymousContext();
  const hung = [];
  // Never answered: the request stays open until Tafel gives up on it.
  await context.route(isWorkPackageList, (route) => {
    hung.push(route.request().url());
  });
  const { problems } = await failsThenRecovers(context, `${DEMO}/board`, 'The server did not answer in time.', boardShown);
  assert.equal(hung.length, 1, `one read, given up after the timeout: ${hung.join(', ')}`);
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a work package the server does not have gets a not-found page with a way back', async () => {
  const context = await anonymousContext();
  const { page, problems } = await e2e.openApp({ browser, baseURL: app.url }, '/work_packages/98765', { context });
  const notFound = page.getByTestId('not-found');
  await notFound.filter({ hasText: 'There is no work package #98765.' }).waitFor();
  await notFound.getByRole('link', { name: 'Back to the projects' }).click();
  await projectsShown(page);
  e2e.assertNoProblems(e2e.exceptStatus(problems, 404));
  await context.close();
});

test('a change the server forbids (403) is explained where it was made, nothing typed is lost, and the server keeps its value', async () => {
  config.backend = { kind: 'openproject', url: op.url, auth: 'apikey' };
  const context = await e2e.newContext({ browser, baseURL: app.url }, { serviceWorkers: 'block' });
  const { page, problems } = await e2e.openApp({ browser, baseURL: app.url }, '/', { context });
  await signInWithToken(page, API_KEY);
  // The permission was taken away on the server after the work package was read.
  await context.route(
    (url) => /\/api\/v3\/work_packages\/3$/.test(new URL(url).pathname),
    (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      return route.fulfill({
        status: 403,
        contentType: 'application/hal+json',
        json: {
          _type: 'Error',
          errorIdentifier: 'urn:openproject-org:api:v3:errors:MissingPermission',
          message: 'You are not authorized to access this resource.',
        },
      });
    },
  );
  await page.goto(`${app.url}${DEMO}/table?wp=3`);
  const panel = page.getByTestId('detail-panel');
  await panel.getByTestId('subject-input').fill('Renamed without the right to');
  await panel.getByTestId('subject-input').press('Enter');
  await page.getByText('You are not allowed to do this.').first().waitFor();
  // The field still holds what was typed, and says that it is not what is stored.
  await panel.locator('#tafel-field-subject-error').filter({ hasText: 'Not saved: You are not allowed to do this.' }).waitFor();
  assert.equal(await panel.getByTestId('subject-input').inputValue(), 'Renamed without the right to');
  assert.notEqual((await op.workPackage(3)).subject, 'Renamed without the right to');
  // A refused description comes back into its editor with the text and the reason.
  await panel.getByTestId('edit-description').click();
  await panel.getByTestId('description-input').fill('A long text the user **wrote**');
  await panel.getByTestId('save-description').click();
  await panel.getByTestId('description-error').filter({ hasText: 'Not saved: You are not allowed to do this.' }).waitFor();
  assert.equal(await panel.getByTestId('description-input').inputValue(), 'A long text the user **wrote**');
  assert.ok(!((await op.workPackage(3)).description?.raw ?? '').includes('A long text'), 'the server kept its description');
  e2e.assertNoProblems(e2e.exceptStatus(problems, 403));
  await context.close();
});
