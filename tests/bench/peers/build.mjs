#!/usr/bin/env node
// Builds the peer pages into tests/bench/peers/dist/: one <peer>.html + <peer>.js (+ .css) per file
// in PEERS, bundled by esbuild (minified, as a site would ship them). The bench serves that folder.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
export const PEERS = ['sortablejs', 'jkanban', 'dhtmlx', 'svar', 'frappe'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const t0 = Date.now();
await build({
  entryPoints: Object.fromEntries(PEERS.map((p) => [p, join(here, 'src', `${p}.js`)])),
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'chrome120',
  // React picks its production build from this; dragula (inside jkanban) expects Node's `global`.
  // dataset.mjs's command-line guard reads process.argv: harmless (and false) in a page.
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', 'process.argv': '[]' },
  logOverride: { 'empty-import-meta': 'silent' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.png': 'dataurl', '.svg': 'dataurl' },
  logLevel: 'warning',
});
for (const peer of PEERS) {
  const css = existsSync(join(out, `${peer}.css`)) ? `<link rel="stylesheet" href="${peer}.css">\n` : '';
  writeFileSync(
    join(out, `${peer}.html`),
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>bench: ${peer}</title>\n${css}` +
      `</head>\n<body>\n<div id="app"></div>\n<script src="${peer}.js"></script>\n</body>\n</html>\n`,
  );
}
// The shared static server wants an index.html at the root.
writeFileSync(join(out, 'index.html'), `<!doctype html>\n<ul>${PEERS.map((p) => `<li><a href="${p}.html?n=1000">${p}</a>`).join('')}</ul>\n`);
console.log(`[bench] peer pages built in ${out} (${Date.now() - t0} ms)`);
