// Tiny static file server for the end-to-end tests: serves dist/ on 127.0.0.1 (a free port),
// with an SPA fallback (any path without a file extension gets index.html, so deep links such as
// /projects/x/board load the app), correct MIME types (application/wasm for streaming compile) and,
// by default, the strict Content-Security-Policy header the app must run under. Like a deployment, it
// can serve under a sub-path (setting index.html's <base href> to it) and send precompressed files.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join, resolve, extname, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// TAFEL_DIST points the tests at another build (two builds side by side while developing).
export const DIST_DIR = process.env.TAFEL_DIST ?? join(REPO_ROOT, 'dist');

// index.html's policy, plus 'report-sample': it changes nothing that is allowed, and makes the browser
// name the first characters of a blocked inline script or style in its violation events, which the
// CSP check of support/browser.mjs puts into the test's failure message.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'report-sample'; style-src 'self' 'report-sample'; " +
  "img-src 'self' data:; connect-src 'self'";

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Starts the server. Resolves to { url, port, server, requests, close() }.
 *   url       'http://127.0.0.1:PORT' + basePath without the trailing slash
 *   requests  array of { method, path, status } for every request (useful to assert no 404s)
 * Options:
 *   root      folder to serve (default: <repo>/dist)
 *   csp       true (default) sends STRICT_CSP; a string sends that policy; false sends none
 *   basePath  serve the folder under a sub-path, e.g. '/tafel/' (default '/')
 *   headers   extra response headers
 *   config    an object served as config.json instead of the built one (the app's runtime config)
 *   connectSrc  origins added to the CSP's connect-src, in the header and in index.html's meta tag, as a
 *             deployment that talks to an API on another origin does
 *   basePath  also sets index.html's <base href="/"> to the sub-path, the one edit a deployment under a
 *             sub-path makes (README: Deployment)
 *   precompressed  send NAME.br / NAME.gz (Content-Encoding br / gzip) when the client accepts it and the
 *             file exists, as nginx's brotli_static/gzip_static do (scripts/precompress.mjs writes them)
 *   port      the port to listen on (default: a free one)
 *   append    { 'sw.js': '…' }: text added to the end of a served file; the object is returned as
 *             `append`, so a test can change a file after the start (a new deployment of sw.js)
 * The result also has `encodings`: { path: 'br' | 'gzip' } for each file sent precompressed.
 */
export function startServer({
  root = DIST_DIR,
  csp = true,
  basePath = '/',
  headers = {},
  config,
  connectSrc = [],
  precompressed = false,
  append = {},
  port: listenPort = 0,
} = {}) {
  const rootDir = resolve(root);
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  const indexHtml = join(rootDir, 'index.html');
  if (!isFile(indexHtml)) {
    return Promise.reject(
      new Error(`${indexHtml} not found: build the app first (trunk build --release)`),
    );
  }
  const allowConnect = (text) =>
    connectSrc.length ? text.replace("connect-src 'self'", `connect-src 'self' ${connectSrc.join(' ')}`) : text;
  // Read per request: a test may add an origin after the server started.
  const policyNow = () => allowConnect(csp === true ? STRICT_CSP : csp || '') || null;
  const requests = [];
  const encodings = {};
  // What a deployment edits in index.html: the CSP's connect-src and the <base href>.
  const editHtml = (text) => {
    const edited = allowConnect(text);
    return base === '/' ? edited : edited.replace('<base href="/">', `<base href="${base}">`);
  };

  const server = createServer((req, res) => {
    const record = (status) => requests.push({ method: req.method, path: req.url, status });
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      record(status);
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (pathname.includes('\0')) return send(400, 'bad request\n');
    if (base !== '/' && `${pathname}/` === base) pathname = base;
    if (!pathname.startsWith(base)) return send(404, 'not found\n');

    const rel = pathname.slice(base.length);
    if (config && rel === 'config.json') return send(200, JSON.stringify(config), MIME_TYPES['.json']);
    let file = resolve(rootDir, `.${sep}${rel}`);
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return send(403, 'forbidden\n');

    if (rel === '' || rel.endsWith('/')) file = join(file, 'index.html');
    if (!isFile(file)) {
      // SPA fallback: client-side routes have no file extension.
      if (extname(rel) === '') file = indexHtml;
      else return send(404, 'not found\n');
    }

    const ext = extname(file).toLowerCase();
    const responseHeaders = {
      'Content-Type': MIME_TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    };
    const policy = policyNow();
    if (policy && ext === '.html') responseHeaders['Content-Security-Policy'] = policy;
    const extra = append[file.slice(rootDir.length + 1)];
    if ((ext === '.html' && (connectSrc.length || base !== '/')) || extra) {
      const text = readFileSync(file, 'utf8') + (extra ?? '');
      const body = ext === '.html' ? editHtml(text) : text;
      responseHeaders['Content-Length'] = Buffer.byteLength(body);
      record(200);
      res.writeHead(200, responseHeaders);
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (precompressed) {
      const accepted = String(req.headers['accept-encoding'] ?? '');
      responseHeaders.Vary = 'Accept-Encoding';
      for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!new RegExp(`\\b${encoding}\\b`).test(accepted) || !isFile(file + suffix)) continue;
        file += suffix;
        responseHeaders['Content-Encoding'] = encoding;
        responseHeaders['Content-Length'] = statSync(file).size;
        encodings[pathname] = encoding;
        break;
      }
    }
    record(200);
    res.writeHead(200, responseHeaders);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}${base.replace(/\/$/, '')}`,
        port,
        server,
        requests,
        encodings,
        append,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

// `node tests/e2e/support/server.mjs [folder] [--no-csp] [--base=/tafel/] [--precompressed] [--port=8080]`:
// serve by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--')) ?? DIST_DIR;
  const basePath = args.find((a) => a.startsWith('--base='))?.slice('--base='.length) ?? '/';
  const precompressed = args.includes('--precompressed');
  const port = Number(args.find((a) => a.startsWith('--port='))?.slice('--port='.length) ?? 0);
  const { url } = await startServer({ root, basePath, precompressed, port, csp: !args.includes('--no-csp') });
  console.log(`serving ${resolve(root)} at ${url}/ (Ctrl-C stops)`);
}
