// Tafel boot module. Loaded by the <script type="module" src="./boot.js" data-js data-wasm> tag that
// Trunk writes from Trunk.toml `pattern_script`, so the page needs no inline script and runs under
// a strict CSP (script-src 'self' 'wasm-unsafe-eval'). URLs are relative to index.html's <base href>.
const tag = document.querySelector('script[data-js][data-wasm]');

// config.json (beside this script, as src/startup.rs resolves it) is asked for while the wasm
// downloads, so that the app knows which backend to open as soon as it runs instead of one round
// trip later. The app takes this answer once (`startup::fetch_config`); a failure is its to report.
globalThis.tafelConfig = fetch(new URL('config.json', import.meta.url)).catch(() => null);

// The backend's code is a chunk of its own (src/local_on_demand.rs, src/openproject_on_demand.rs),
// which the app would ask for only once it runs. scripts/split-wasm.mjs lists each such part's files
// on this script's tag (data-part-local, data-part-openproject, data-part-seed). Fetching it now, beside the main module, spares the
// start that second round of downloads. The chunk loader (__wasm_split-<hash>.js, as
// scripts/split-wasm.mjs rewrites it) takes these answers, once. The guess follows
// src/startup.rs `start`; a wrong one costs bytes, never correctness: the app loads what it needs.
globalThis.tafelFetchedAhead = new Map();
function fetchAhead(part) {
  for (const file of (tag?.getAttribute(`data-part-${part}`) ?? '').split(' ').filter(Boolean)) {
    const url = new URL(file, import.meta.url).href;
    if (globalThis.tafelFetchedAhead.has(url)) continue;
    const response = fetch(url);
    // Read to its end at once, through a copy: an answer nobody reads yet (a sign-in screen may come
    // first) would hold its connection open. A failure is the loader's to report, if the app asks.
    response.then((answer) => answer.clone().arrayBuffer()).catch(() => {});
    globalThis.tafelFetchedAhead.set(url, response);
  }
}
function storedJson(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}
globalThis.tafelConfig
  .then((response) => (response?.ok ? response.clone().json() : {}))
  .catch(() => ({}))
  .then((config) => {
    const connections = storedJson('tafel.connections');
    const connected = connections?.servers?.some((server) => server.url === connections.active);
    if (config?.backend?.kind === 'openproject' || connected) {
      fetchAhead('openproject');
    } else {
      fetchAhead('local');
      // A first visit fills the store with the demo project, whose code is a chunk too.
      if (storedJson('tafel.store-opened') === null) fetchAhead('seed');
    }
  })
  .catch(() => {});

async function boot() {
  if (!tag) throw new Error('boot.js: missing <script data-js data-wasm> tag');
  const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
  const wasm = await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
  // For the benchmark harness (tests/bench): how much memory the WebAssembly instance holds.
  globalThis.tafelWasmMemoryBytes = () => wasm.memory.buffer.byteLength;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

// Offline start (public/sw.js; serviceWorker exists on https and localhost only). Talks with
// src/views/shell/update.rs through events: tafel:update-available, tafel:update-apply.
async function offlineStart() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const scope = new URL('./', document.baseURI);
  const reg = await sw.register(new URL('sw.js', scope), { scope: scope.pathname, updateViaCache: 'none' });
  const announce = () => {
    if (!reg.waiting || !sw.controller) return;
    document.documentElement.setAttribute('data-tafel-update-available', '');
    dispatchEvent(new CustomEvent('tafel:update-available'));
  };
  announce();
  reg.onupdatefound = () => {
    const worker = reg.installing;
    worker.onstatechange = () => worker.state === 'installed' && announce();
  };
  addEventListener('tafel:update-apply', () => {
    sw.oncontrollerchange = () => location.reload();
    if (reg.waiting) reg.waiting.postMessage({ type: 'SKIP_WAITING' });
    else location.reload();
  });
  // A tab left open hears of a new deployment when the user returns.
  document.addEventListener('visibilitychange', () => document.hidden || reg.update().catch(() => {}));
}

// Resolves once the app has drawn its first real screen (<html data-tafel-ready>, src/app.rs) and the
// page is idle. The service worker is registered only then: installing it fetches and caches the whole
// shell again (the wasm included), which on a first visit competed with the start-up for the network
// and the two cores (interactive 286 → 461 ms in the bench, tests/bench/results.md).
function readyAndIdle() {
  const root = document.documentElement;
  const ready = root.hasAttribute('data-tafel-ready')
    ? Promise.resolve()
    : new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!root.hasAttribute('data-tafel-ready')) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-tafel-ready'] });
      });
  const idle = (resolve) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 200);
  return ready.then(() => new Promise(idle));
}

boot().then(
  () => readyAndIdle().then(offlineStart).catch((err) => console.warn('Tafel: no offline start here:', err)),
  (err) => {
    console.error('Tafel failed to start:', err);
    const skeleton = document.getElementById('tafel-boot');
    if (skeleton) {
      skeleton.textContent = 'Tafel could not start. Please reload the page or use a current browser.';
      skeleton.classList.add('tafel-boot--failed');
      skeleton.setAttribute('role', 'alert');
    }
  },
);
