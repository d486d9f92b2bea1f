// Hosting (issue #9): one dist/ served at the root, under a sub-path or under a deep CDN-like prefix
// (index.html's <base href> set to it, as README: Deployment says), and from precompressed files.
// Tafel on one origin talking to OpenProject on another (CORS) is covered by openproject.test.mjs,
// openproject_journeys.test.mjs and connections.test.mjs (the test server's allowOrigins).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as e2e from './support/browser.mjs';
import { startServer, DIST_DIR, REPO_ROOT } from './support/server.mjs';
import { precompress } from '../../scripts/precompress.mjs';
import { DEMO, column } from './support/app.mjs';

let browser;
const servers = [];
let tmp;

before(async () => {
  browser = await e2e.launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A server with these options and a fresh browser context on it. */
async function serve(options) {
  const server = await startServer(options);
  servers.push(server);
  const ctx = { browser, baseURL: server.url, server };
  ctx.context = await e2e.newContext(ctx);
  return ctx;
}

test('under a deep prefix, a deep link boots, links and navigations stay under the prefix, and a reload works', async () => {
  const prefix = '/cdn/v1/tafel/';
  const ctx = await serve({ basePath: prefix });
  // A reload three segments below the base: the assets must still resolve against the base.
  const { page, problems } = await e2e.openApp(ctx, `${DEMO}/board`);
  await column(page, 'New').waitFor();

  // The header's links carry the prefix, and following one routes inside the app.
  const projects = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Projects' });
  assert.equal(await projects.getAttribute('href'), prefix);
  await projects.click();
  await page.waitForURL(`${ctx.baseURL}/`);
  const card = page.locator('[data-testid="project-card"]').first();
  await card.waitFor();
  const table = card.getByRole('link', { name: 'Table' });
  assert.match(await table.getAttribute('href'), new RegExp(`^${prefix}projects/[^/]+/table$`));
  await table.click();
  await page.getByTestId('wp-row').first().waitFor();
  assert.match(new URL(page.url()).pathname, new RegExp(`^${prefix}projects/[^/]+/table$`));

  // An address built from the current path (the side panel's ?wp=) keeps the prefix once.
  const row = page.getByTestId('wp-row').first();
  const id = Number(await row.getAttribute('data-wp-id'));
  await row.getByRole('button').click();
  await page.getByTestId('detail-panel').waitFor();
  const url = new URL(page.url());
  assert.match(url.pathname, new RegExp(`^${prefix}projects/[^/]+/table$`));
  assert.equal(url.searchParams.get('wp'), String(id));

  await page.reload();
  await e2e.waitForReady(page);
  await page.getByTestId('detail-panel').waitFor();

  // Every file came from under the prefix: config.json, boot.js, the hashed assets.
  const outside = ctx.server.requests.filter((r) => !r.path.startsWith(prefix));
  assert.deepEqual(outside, [], 'requests outside the prefix');
  for (const file of ['config.json', 'boot.js']) {
    assert.ok(ctx.server.requests.some((r) => r.path === `${prefix}${file}` && r.status === 200), `${file} was loaded`);
  }
  e2e.assertNoProblems(problems);
  await ctx.context.close();
});

test('under /tafel/, the project list opens and its links lead to the board under /tafel/', async () => {
  const ctx = await serve({ basePath: '/tafel/' });
  const { page, problems } = await e2e.openApp(ctx, '/');
  const card = page.locator('[data-testid="project-card"]').first();
  await card.waitFor();
  await card.getByRole('link', { name: 'Board' }).click();
  await column(page, 'New').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/tafel\/projects\/[^/]+\/board$/);
  // The settings page is a route under /tafel/ too (not the host's /settings).
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`${ctx.baseURL}/settings`);
  e2e.assertNoProblems(problems);
  await ctx.context.close();
});

/** dist/ with its .br/.gz files, or, when scripts/precompress.mjs was not run on it, a precompressed copy. */
function precompressedDist() {
  const wasm = readdirSync(DIST_DIR).find((f) => f.startsWith('tafel-') && f.endsWith('_bg.wasm'));
  if (existsSync(join(DIST_DIR, `${wasm}.br`)) && existsSync(join(DIST_DIR, 'index.html.gz'))) return DIST_DIR;
  tmp = mkdtempSync(join(tmpdir(), 'tafel-precompressed-'));
  cpSync(DIST_DIR, tmp, { recursive: true });
  precompress(tmp);
  return tmp;
}

/** GET with a given Accept-Encoding, without decoding: { status, encoding, body }. */
function rawGet(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The headers deploy/_headers gives every path (`/*`), without Cache-Control. */
function deployHeaders() {
  const text = readFileSync(join(REPO_ROOT, 'deploy', '_headers'), 'utf8');
  const block = text.split(/\n(?=\S)/).find((b) => b.startsWith('/*\n'));
  const headers = {};
  for (const line of block.split('\n').slice(1)) {
    const match = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (match && match[1] !== 'Cache-Control') headers[match[1]] = match[2];
  }
  return headers;
}

test('the app boots from precompressed files (brotli) under the headers of deploy/_headers, and gzip is sent to clients without brotli', async () => {
  const root = precompressedDist();
  const { 'Content-Security-Policy': csp, ...headers } = deployHeaders();
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(headers['Cross-Origin-Opener-Policy'], 'same-origin');
  const ctx = await serve({ root, precompressed: true, csp, headers });
  const { page, problems } = await e2e.openApp(ctx, '/');
  await page.locator('[data-testid="project-card"]').first().waitFor();
  const sent = ctx.server.encodings;
  // The main module and its glue: the views' chunks (split_*, chunk_*) come later, on demand.
  const wasm = readdirSync(root).find((f) => f.startsWith('tafel-') && f.endsWith('_bg.wasm'));
  for (const path of ['/', '/boot.js', `/${wasm}`, `/${wasm.replace(/_bg\.wasm$/, '.js')}`]) {
    assert.equal(sent[path], 'br', `${path} sent as brotli (sent: ${JSON.stringify(sent)})`);
  }
  assert.ok(Object.keys(sent).some((p) => p.endsWith('.css')), 'the style sheets were sent precompressed');
  e2e.assertNoProblems(problems);

  // The precompressed copies hold exactly the files' bytes.
  const index = readFileSync(join(root, 'index.html'));
  const gz = await rawGet(`${ctx.baseURL}/index.html`, 'gzip');
  assert.equal(gz.encoding, 'gzip');
  assert.deepEqual(gunzipSync(gz.body), index);
  const br = await rawGet(`${ctx.baseURL}/projects/x/board`, 'gzip, br');
  assert.equal(br.encoding, 'br');
  assert.deepEqual(brotliDecompressSync(br.body), index);
  const plain = await rawGet(`${ctx.baseURL}/index.html`, 'identity');
  assert.equal(plain.encoding, undefined);
  assert.deepEqual(plain.body, index);
  await ctx.context.close();
});
