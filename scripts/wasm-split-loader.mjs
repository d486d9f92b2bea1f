// Reads the chunk loader that wasm-split-cli 0.2.4 writes (__wasm_split.js; in dist/
// __wasm_split-<hash>.js): which files each part of the app needs, its own chunk first, then the
// chunks it shares with other parts. Used by scripts/split-wasm.mjs (the lists public/boot.js fetches
// ahead) and scripts/bundle-size.mjs (what opening a part adds), so both read the loader alike.
// split-wasm.mjs rewrites the loader's `fetch(` into `fetchedAhead(`: either is read.

const CHUNK = /const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = (?:fetch|fetchedAhead)\(new URL\("\.\/([^"]+)"/g;
const PART =
  /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = (?:fetch|fetchedAhead)\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g;

/**
 * `{ part: [its chunk, ...the chunks it shares] }`, file names as the loader writes them (relative to
 * the loader). Throws when a part names a chunk the loader does not define.
 */
export function partsOf(loader) {
  const fileOf = new Map();
  for (const [, name, file] of loader.matchAll(CHUNK)) fileOf.set(name, file);
  const parts = {};
  for (const [, part, file, deps] of loader.matchAll(PART)) {
    const shared = deps.split(',').map((d) => d.trim()).filter(Boolean);
    const unknown = shared.find((d) => !fileOf.has(d));
    if (unknown) throw new Error(`the chunk loader names a chunk of ${part} it does not define (${unknown})`);
    parts[part] = [file, ...shared.map((d) => fileOf.get(d))];
  }
  return parts;
}
