#!/usr/bin/env node
// Minifies the text a release build's page loads first, with esbuild: the wasm-bindgen glue,
// public/boot.js and the style sheets index.html links; then recomputes their integrity hashes in
// index.html. Every visit loads these files, and written out with comments and indentation they
// were 5.1 KiB more of the first load (brotli, scripts/bundle-size.mjs) than minified.
//
// Left as they are: the chunk loader (__wasm_split-*.js: scripts/bundle-size.mjs reads each part's
// files from its text, and it is 1.5 KiB), sw.js (stamped next by scripts/stamp-sw.mjs, and not part
// of the page's load) and index.html. A debug build is not minified, so it stays readable.
//
// Run by Trunk as a post_build hook after scripts/split-wasm.mjs (Trunk.toml; it sets
// TRUNK_STAGING_DIR and TRUNK_PROFILE), or by hand on a built folder: node scripts/minify.mjs [dist-dir]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformSync } from 'esbuild';

const byHand = process.argv[2] !== undefined;
if (!byHand && process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');

function fail(message) {
  console.error(`minify: ${message}`);
  process.exit(1);
}

const bootTag = /<script type="module" src="(?:[^"]*\/)?boot\.js" [^>]*data-js="(?:[^"]*\/)?([^"/]+\.js)"/.exec(html);
if (!bootTag) fail(`no <script src="…boot.js" data-js="…"> in ${indexFile}`);
const styles = [...html.matchAll(/<link rel="stylesheet" href="(?:[^"]*\/)?([^"/]+\.css)"/g)].map((m) => m[1]);
if (styles.length === 0) fail(`no style sheet linked from ${indexFile}`);

const files = [
  { name: bootTag[1], loader: 'js' },
  { name: 'boot.js', loader: 'js' },
  ...styles.map((name) => ({ name, loader: 'css' })),
];
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
let before = 0;
let after = 0;
for (const { name, loader } of files) {
  const file = join(dir, name);
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, {
    loader,
    minify: true,
    // The glue passes each split's imports as one key of the same module, once per split: the
    // repeats are harmless (the last one wins, and all are the same module).
    logOverride: { 'duplicate-object-key': 'silent' },
  });
  writeFileSync(file, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
  // A file the page loads with an integrity hash keeps loading only with the new one.
  const link = new RegExp(`(<link[^>]*href="[^"]*${name.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
  if (link.test(html)) html = html.replace(link, `$1${sri(code)}$2`);
}
writeFileSync(indexFile, html);
const kib = (n) => (n / 1024).toFixed(1);
console.log(`minify: ${files.length} files, ${kib(before)} → ${kib(after)} KiB before compression`);
