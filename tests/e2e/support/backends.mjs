// Both backends for one test file: the app served twice (once on the store in the browser, once
// configured for the OpenProject-compatible test server), the server itself and one browser; and
// opening a page on either, signed in with the API token on the server.
import * as e2e from './browser.mjs';
import { startServer } from './server.mjs';
import { startOpServer } from './op_server.mjs';

/**
 * Starts everything; `backend` adds settings to the app's OpenProject connection (such as
 * `refresh_seconds`). Resolves to { localApp, opApp, op, browser, close() }.
 */
export async function startBackends({ apiKey, backend = {} }) {
  const localApp = await startServer({});
  const connectSrc = [];
  const opConfig = {};
  const opApp = await startServer({ config: opConfig, connectSrc });
  const op = await startOpServer({ apiKey, allowOrigins: [new URL(opApp.url).origin] });
  connectSrc.push(op.url);
  opConfig.backend = { kind: 'openproject', url: op.url, auth: 'apikey', ...backend };
  const browser = await e2e.launchBrowser();
  const close = async () => {
    await browser.close();
    await op.close();
    await opApp.close();
    await localApp.close();
  };
  return { localApp, opApp, op, browser, close };
}

/** Opens `path` on the store in the browser, in a new context with `options` (viewport, touch). */
export async function openLocal(env, path, options) {
  const ctx = { browser: env.browser, baseURL: env.localApp.url };
  const context = await e2e.newContext(ctx, options);
  const { page, problems } = await e2e.openApp(ctx, path, { context });
  return { page, problems, context };
}

/** Opens `path` on the OpenProject-compatible server, signed in with `apiKey` first. */
export async function openSignedIn(env, apiKey, path, options) {
  const ctx = { browser: env.browser, baseURL: env.opApp.url };
  const context = await e2e.newContext(ctx, options);
  const { page, problems } = await e2e.openApp(ctx, '/', { context });
  await signInWithToken(page, apiKey);
  await page.goto(`${env.opApp.url}${path}`);
  await e2e.waitForReady(page);
  return { page, problems, context };
}

/**
 * The app, served with `config` as its config.json (read per request: a test may change it), beside
 * an OpenProject-compatible test server that lets the app's origin call it (CORS) and that the app's
 * CSP lets it reach; and one browser. `op` holds the server's options (startOpServer), or makes them
 * from the app once it runs (for addresses such as an OAuth redirect URI). Resolves to
 * { app, op, browser, close() }.
 */
export async function startOpApp({ config = {}, op: opOptions = {} } = {}) {
  const connectSrc = [];
  const app = await startServer({ config, connectSrc });
  const options = typeof opOptions === 'function' ? opOptions(app) : opOptions;
  const op = await startOpServer({ ...options, allowOrigins: [new URL(app.url).origin] });
  connectSrc.push(op.url);
  const browser = await e2e.launchBrowser();
  const close = async () => {
    await browser.close();
    await op.close();
    await app.close();
  };
  return { app, op, browser, close };
}

/** Signs in on the sign-in screen with the API token `token` and waits for the project list behind it. */
export async function signInWithToken(page, token) {
  await page.getByTestId('sign-in').getByLabel('API token').fill(token);
  await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('project-card').first().waitFor();
}
