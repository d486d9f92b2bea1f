// Connecting to an OpenProject server from the app (Settings → Connection) when config.json names
// none, signing in, and going back to the store in this browser.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as e2e from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { startOpServer } from './support/op_server.mjs';

const API_KEY = 'e2e-connections-key';
let app;
let op;
/** A second, public instance (anonymous reading), to switch between two servers. */
let publicOp;
let browser;

before(async () => {
  // The deployment allows the server in its CSP (connect-src) but does not name it in config.json.
  const connectSrc = [];
  app = await startServer({ config: {}, connectSrc });
  op = await startOpServer({ apiKey: API_KEY, allowOrigins: [new URL(app.url).origin] });
  publicOp = await startOpServer({ anonymousRead: true, allowOrigins: [new URL(app.url).origin] });
  connectSrc.push(op.url, publicOp.url);
  browser = await e2e.launchBrowser();
});
after(async () => {
  await browser?.close();
  await op?.close();
  await publicOp?.close();
  await app?.close();
});

test('a user connects to a server in the settings, signs in, and goes back to the store in this browser', async () => {
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/settings', { context });
  const section = page.getByTestId('connection');
  await section.getByText('Tafel works with the store in this browser.').waitFor();

  const form = page.getByTestId('connect-form');
  await form.getByLabel('Server address').fill('op.example.org');
  await form.getByRole('button', { name: 'Connect' }).click();
  await form.getByText("Enter the server's address, starting with https://").waitFor();
  await form.getByLabel('Server address').fill(op.url);
  await form.getByLabel('Sign-in').selectOption('apikey');
  await form.getByRole('button', { name: 'Connect' }).click();

  // The app starts again with the server, which wants a token, and comes back to the settings.
  const signIn = page.getByTestId('sign-in');
  await signIn.getByLabel('API token').fill(API_KEY);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await section.getByText(`Connected to ${op.url}`).waitFor();
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByTestId('project-card').filter({ has: page.getByRole('heading', { name: 'City Portal Relaunch', exact: true }) }).waitFor();
  const { requests } = await op.requests();
  assert.ok(requests.some((r) => r.startsWith('GET /api/v3/projects')), 'the projects came from the server');

  await page.getByRole('link', { name: 'Settings' }).click();
  await section.getByRole('button', { name: 'Use the store in this browser' }).click();
  await section.getByText('Tafel works with the store in this browser.').waitFor();
  // The server stays in the list, to connect again with one click.
  await section.getByText(`${op.url} (API token)`).waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});

test('the sign-in screen of a server chosen in the app leads back to the store in this browser', async () => {
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/settings', { context });
  const form = page.getByTestId('connect-form');
  await form.getByLabel('Server address').fill(`${op.url}/`);
  await form.getByRole('button', { name: 'Connect' }).click();
  const signIn = page.getByTestId('sign-in');
  await signIn.getByText(`Tafel shows the projects of ${op.url}.`, { exact: false }).waitFor();
  await signIn.getByRole('button', { name: 'Use the store in this browser' }).click();
  await page.getByText('Stored in this browser', { exact: true }).waitFor();
  await page.getByTestId('connection').getByText('Tafel works with the store in this browser.').waitFor();
  e2e.assertNoProblems(problems);
  await context.close();
});

test('a user switches between two servers from the list, and each shows its own projects', async () => {
  const ctx = { browser, baseURL: app.url };
  const context = await e2e.newContext(ctx, { viewport: { width: 1400, height: 900 } });
  const { page, problems } = await e2e.openApp(ctx, '/settings', { context });
  const section = page.getByTestId('connection');
  const form = page.getByTestId('connect-form');
  const connect = async (url, method) => {
    await form.getByLabel('Server address').fill(url);
    await form.getByLabel('Sign-in').selectOption(method);
    await form.getByRole('button', { name: 'Connect' }).click();
  };
  const requestsTo = async (server) => (await server.requests()).requests.filter((r) => r.startsWith('GET /api/v3/projects')).length;

  await connect(op.url, 'apikey');
  await page.getByTestId('sign-in').getByLabel('API token').fill(API_KEY);
  await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in' }).click();
  await section.getByText(`Connected to ${op.url}`).waitFor();

  // The public instance needs no sign-in.
  await connect(publicOp.url, 'none');
  await section.getByText(`Connected to ${publicOp.url}`).waitFor();
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByTestId('project-card').first().waitFor();
  assert.ok((await requestsTo(publicOp)) > 0, 'the projects came from the public instance');

  // Back to the first from the list: its token is still kept for this tab, so no sign-in.
  const before = await requestsTo(op);
  await page.getByRole('link', { name: 'Settings' }).click();
  await section.getByText(`${op.url} (API token)`).waitFor();
  await section.getByRole('button', { name: `Connect to ${op.url}` }).click();
  await section.getByText(`Connected to ${op.url}`).waitFor();
  // The server in use cannot be chosen again; the other one can.
  assert.ok(await section.getByRole('button', { name: `Connect to ${op.url}` }).isDisabled());
  assert.ok(await section.getByRole('button', { name: `Connect to ${publicOp.url}` }).isEnabled());
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByTestId('project-card').first().waitFor();
  assert.ok((await requestsTo(op)) > before, 'the projects came from the first server again');
  assert.equal(await page.getByTestId('sign-in').count(), 0);
  e2e.assertNoProblems(problems);
  await context.close();
});
