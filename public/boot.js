// Tafel boot module. Loaded by the <script type="module" src="/boot.js" data-js data-wasm> tag that
// Trunk writes from Trunk.toml `pattern_script`, so the page needs no inline script and runs under
// a strict CSP (script-src 'self' 'wasm-unsafe-eval').
const tag = document.querySelector('script[data-js][data-wasm]');

async function boot() {
  if (!tag) throw new Error('boot.js: missing <script data-js data-wasm> tag');
  const glue = await import(tag.dataset.js);
  const wasm = await glue.default({ module_or_path: tag.dataset.wasm });
  // For the benchmark harness (tests/bench): how much memory the WebAssembly instance holds.
  globalThis.tafelWasmMemoryBytes = () => wasm.memory.buffer.byteLength;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

boot().catch((err) => {
  console.error('Tafel failed to start:', err);
  const skeleton = document.getElementById('tafel-boot');
  if (skeleton) {
    skeleton.textContent = 'Tafel could not start. Please reload the page or use a current browser.';
    skeleton.classList.add('tafel-boot--failed');
    skeleton.setAttribute('role', 'alert');
  }
});
