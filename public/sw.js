// Tafel's service worker: the app starts without a network (issue #9). Plain JS, no libraries.
// Registered by boot.js with the folder of index.html as its scope, so it works under any sub-path.
//   - install: caches the app shell: index.html, every file it references (the hashed wasm, JS and CSS,
//     boot.js, the icon), the chunks its chunk loader names (views loaded on demand), the manifest
//     and config.json, all resolved against the scope;
//   - navigations: network first, the cached index.html when the network fails;
//   - files with a content hash in their name (tafel-<hash>_bg.wasm, …) never change: cache first;
//   - the app's other files (config.json, boot.js, the manifest): network first, keeping the
//     newest copy for when the network fails;
//   - everything else (the OpenProject API, other origins, anything but GET) is left to the browser
//     and never cached;
//   - a new version installs beside the running one and waits until the page posts SKIP_WAITING (the
//     app's "Update available — Reload"); on activation it deletes the caches of older versions.
const BUILD = 'dev'; // replaced with the build's id by scripts/stamp-sw.mjs (Trunk post_build hook)
const SCOPE = new URL(self.registration.scope);
const PREFIX = `tafel:${SCOPE.pathname}:`;
const CACHE = PREFIX + BUILD;
const INDEX = new URL('index.html', SCOPE).href;
const CONFIG = new URL('config.json', SCOPE).href;
const OPTIONAL = [CONFIG, new URL('manifest.webmanifest', SCOPE).href];
// The app's own files: what cache first may keep. Paths below /api/ never are (an OpenProject on the
// same origin answers there).
const APP_FILE = /\.(?:wasm|js|mjs|css|json|svg|png|ico|webmanifest|woff2?)$/;
const HASHED = /-[0-9a-f]{16}(?:_bg)?\.[a-z0-9]+$/;

/** Same-origin URLs under the scope that index.html references (href, src, data-js, data-wasm). */
function shellFiles(page) {
  const html = page.replace(/<!--[\s\S]*?-->/g, '');
  const baseHref = /<base\s[^>]*href="([^"]*)"/i.exec(html)?.[1];
  const base = baseHref ? new URL(baseHref, INDEX) : new URL(INDEX);
  const urls = new Set();
  for (const [, value] of html.matchAll(/\s(?:href|src|data-js|data-wasm)="([^"#]+)"/gi)) {
    const url = new URL(value, base);
    if (url.origin === SCOPE.origin && url.pathname.startsWith(SCOPE.pathname)) urls.add(url.href);
  }
  return [...urls];
}

/** The wasm chunks the chunk loader (__wasm_split-<hash>.js, one of the shell files) can fetch: the
 * views and the OpenProject client, loaded on demand (scripts/split-wasm.mjs). */
async function chunkFiles(shell) {
  const urls = [];
  for (const loader of shell.filter((url) => /\/__wasm_split-[0-9a-f]{16}\.js$/.test(url))) {
    const response = await fetch(loader, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`Tafel service worker: ${loader} answered ${response.status}`);
    for (const [, file] of (await response.text()).matchAll(/new URL\("([^"]+\.wasm)",\s*import\.meta\.url\)/g)) {
      urls.push(new URL(file, loader).href);
    }
  }
  return urls;
}

async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch(INDEX, { cache: 'no-cache' });
  if (!index.ok) throw new Error(`Tafel service worker: index.html answered ${index.status}`);
  const shell = shellFiles(await index.clone().text()).filter((url) => url !== INDEX);
  const files = [...shell, ...(await chunkFiles(shell))];
  // Every file of the shell or none: a half-cached shell would not start offline.
  await cache.addAll(files.filter((url) => !OPTIONAL.includes(url)));
  for (const url of OPTIONAL) {
    const response = await fetch(url, { cache: 'no-cache' }).catch(() => null);
    if (response?.ok) await cache.put(url, response);
  }
  await cache.put(INDEX, index);
}

self.addEventListener('install', (event) => event.waitUntil(precache()));

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first version takes over the page that registered it, so it works offline from now on.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

async function networkFirst(request, key, keep) {
  try {
    const response = await fetch(request);
    if (keep && response.ok && response.type === 'basic') {
      const cache = await caches.open(CACHE);
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (url.pathname.slice(SCOPE.pathname.length - 1).includes('/api/')) return;
  if (request.mode === 'navigate') {
    // The cached index.html stays the one installed with its files, so offline they match.
    event.respondWith(networkFirst(request, INDEX, false));
  } else if (!url.search && HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (!url.search && APP_FILE.test(url.pathname)) {
    event.respondWith(networkFirst(request, url.href, true));
  }
});
