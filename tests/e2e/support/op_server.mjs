// Starts the OpenProject-compatible test server (tests/op-server, built by the test command) on a free
// loopback port, for end-to-end journeys against the OpenProject backend.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'tafel-target');
export const OP_SERVER_BIN = process.env.TAFEL_OP_SERVER || join(targetDir, 'debug', 'tafel-op-server');

/**
 * Options become flags: { apiKey, anonymousRead, allowOrigins: [..], maxPageSize, oauthClients: ['id=uri'],
 * faults: {...} (fault injection from the first request, same shape as setFaults), realClock (the server's clock
 * starts at the real time, not at the seed's fixed moment in January 2026: for the outbox's look-up of a creation
 * whose answer got lost, which compares the server's timestamps with the browser's clock) }.
 * Resolves to { url, close(), reset(), touch(id), requests(), setFaults(config), clearFaults(), faultStats(), reauth(), ... }.
 *
 * Fault injection (tests/op-server/src/faults), for checking that the client's outbox copes:
 * - setFaults({ seed = 0, rate = 1, kinds: [...], latency_ms = [50, 400], paths = '/api/v3/', methods = [] (all),
 *   limit (max faults), sticky_unauthorized = false }) turns faults on with fresh counts; kinds are
 *   'latency' (delay, then normal), 'error500', 'error503_retry_after', 'error429' (503/429 with Retry-After: 1),
 *   'unauthorized' (401) — these answer without handling the request —, 'drop_before' (connection closed, nothing
 *   handled: fetch rejects), 'drop_after' (handled and stored, then the connection is closed: fetch rejects although
 *   the write happened), 'truncate' (handled and stored, status and headers arrive, then half the body and an aborted
 *   connection: fetch resolves but res.json()/res.text() rejects; an empty answer such as a 204 is dropped instead),
 *   'conflict' (work package PATCH only: another user appends " (edited elsewhere)" to the description and moves
 *   lockVersion on first, so the PATCH gets the normal 409). The draws follow the seed in request order.
 *   /__test/*, OPTIONS preflights and requests with an `X-Tafel-No-Faults` header (as workPackage() and
 *   waitForWorkPackage() send) are never faulted nor counted. While faults are on every answer (preflights too) has
 *   `Connection: close`, because Chromium silently resends a request (even a PATCH) whose reused keep-alive
 *   connection closed before any answer; so turn faults on before the page talks to this server (or pass `faults`
 *   here): a connection kept alive from before setFaults can be reused once, and a drop on it is then resent.
 *   With sticky_unauthorized, after one 'unauthorized' every eligible request gets 401 until reauth().
 * - clearFaults() turns them off and resolves to the final stats; reset() does not touch faults.
 * - faultStats() resolves to { enabled, config, requests, faulted: { <kind>: n, ... }, total_faulted, signed_out,
 *   concurrent_edits: [{ id, field: 'description', value, lockVersion }] } (requests: eligible ones seen).
 */
export async function startOpServer({ apiKey, anonymousRead = false, allowOrigins = [], maxPageSize, oauthClients = [], faults, realClock = false } = {}) {
  if (!existsSync(OP_SERVER_BIN)) {
    throw new Error(`${OP_SERVER_BIN} not found: build it with \`cargo build -p tafel-op-server\``);
  }
  const args = ['--port', '0'];
  if (apiKey) args.push('--api-key', apiKey);
  if (anonymousRead) args.push('--anonymous-read');
  for (const origin of allowOrigins) args.push('--allow-origin', origin);
  if (maxPageSize) args.push('--max-page-size', String(maxPageSize));
  for (const client of oauthClients) args.push('--oauth-client', client);
  if (faults) args.push('--faults', JSON.stringify(faults));
  if (realClock) args.push('--real-clock');
  const child = spawn(OP_SERVER_BIN, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`op server did not start: ${out}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`op server exited with ${code}: ${out}`)));
  });
  let currentKey = apiKey;
  const control = async (path, method = 'POST', body = undefined) => {
    const res = await fetch(`${url}/__test/${path}`, { method, body });
    if (!res.ok) throw new Error(`${method} /__test/${path}: ${res.status} ${await res.text()}`);
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  /** Reads a work package as the API returns it (with the current API key when one is set). */
  const workPackage = async (id) => {
    // Never faulted: the harness's reads must not fail or shift the seeded fault sequence.
    const headers = { 'X-Tafel-No-Faults': '1' };
    if (currentKey) headers.Authorization = `Basic ${Buffer.from(`apikey:${currentKey}`).toString('base64')}`;
    const res = await fetch(`${url}/api/v3/work_packages/${id}`, { headers });
    return res.json();
  };
  return {
    url,
    reset: () => control('reset'),
    touch: (id) => control(`work_packages/${id}/touch`),
    /** Makes every issued OAuth access token invalid, as an expiry would. */
    expireTokens: () => control('expire_tokens'),
    /** Makes every issued OAuth access and refresh token invalid: only signing in again helps. */
    revokeTokens: () => control('revoke_tokens'),
    /** Makes `key` the only API key that works from now on. */
    rotateKey: async (key) => {
      await control('api_key', 'POST', key);
      currentKey = key;
    },
    requests: () => control('requests', 'GET'),
    /** Forgets the requests seen so far (requests() then lists only later ones). */
    clearRequests: () => control('requests', 'DELETE'),
    /** Turns fault injection on (see the header); resolves to the fresh stats. */
    setFaults: (config) => control('faults', 'POST', JSON.stringify(config)),
    /** Turns fault injection off; resolves to the final stats. */
    clearFaults: () => control('faults', 'DELETE'),
    faultStats: () => control('faults', 'GET'),
    /** Ends a sticky 401 (setFaults with sticky_unauthorized), as signing in again would. */
    reauth: () => control('faults/reauth'),
    workPackage,
    /** Polls the server until work package `id` satisfies `predicate`; fails naming `what`. */
    waitForWorkPackage: async (id, predicate, what) => {
      let last;
      for (let i = 0; i < 200; i++) {
        last = await workPackage(id);
        if (predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`#${id} never became ${what} on the server; last: ${JSON.stringify(last).slice(0, 300)}`);
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
        child.kill('SIGTERM');
      }),
  };
}
