#!/usr/bin/env node
// Minifies the text a release build's page loads first, with esbuild: the wasm-bindgen glue,
// public/boot.js and the style sheets index.html links; then recomputes their integrity hashes in
// index.html. Every visit loads these files, and written out with comments and indentation they
// were 5.1 KiB more of the first load (brotli, scripts/bundle-size.mjs) than minified.
//
// The style sheets are then joined into one file (style-<hash>.css), linked once where the first
// was, in the same order, so the cascade is unchanged. Each sheet blocks the first paint of the
// static skeleton, and seven of them took more than the browser's six connections to one host: in
// headless Chromium here the skeleton painted 20 ms sooner with one sheet (medians of 25, 116
// against 136 ms).
//
// So is the chunk loader (__wasm_split-*.js, 3.0 → 2.3 KiB brotli with 15 parts); what each part
// loads is read from dist/wasm-parts.json after this, which scripts/split-wasm.mjs writes. Left as
// they are: sw.js (stamped next by scripts/stamp-sw.mjs, and not part of the page's load) and
// index.html. A debug build is not minified, so it stays readable.
//
// Run by Trunk as a post_build hook after scripts/split-wasm.mjs (Trunk.toml; it sets
// TRUNK_STAGING_DIR and TRUNK_PROFILE), or by hand on a built folder: node scripts/minify.mjs [dist-dir]
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const chunkLoader = /<link rel="modulepreload" href="(?:[^"]*\/)?(__wasm_split-[0-9a-f]{16}\.js)"/.exec(html);
const files = [
  { name: bootTag[1], loader: 'js' },
  { name: 'boot.js', loader: 'js' },
  ...(chunkLoader ? [{ name: chunkLoader[1], loader: 'js' }] : []),
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

// One style sheet instead of several (see the top). A sheet that must come first (@import,
// @charset) would not survive being joined behind another: none does, and this says so if one
// ever is.
const sheets = styles.map((name) => readFileSync(join(dir, name), 'utf8'));
const misplaced = styles.find((name, i) => i > 0 && /@(?:import|charset)\b/.test(sheets[i]));
if (misplaced) fail(`${misplaced} has an @import or @charset rule, which cannot be joined behind another sheet`);
const joined = sheets.join('\n');
const joinedName = `style-${createHash('sha256').update(joined).digest('hex').slice(0, 16)}.css`;
writeFileSync(join(dir, joinedName), joined);
const linkOf = (name) => new RegExp(`[ \\t]*<link rel="stylesheet" href="([^"]*?)${name.replace(/[.]/g, '\\.')}"[^>]*>\\n?`);
const first = linkOf(styles[0]).exec(html);
if (!first) fail(`no <link rel="stylesheet"> for ${styles[0]} in ${indexFile}`);
html = html.replace(
  first[0],
  `    <link rel="stylesheet" href="${first[1]}${joinedName}" integrity="${sri(joined)}"/>\n`,
);
for (const name of styles.slice(1)) html = html.replace(linkOf(name), '');
for (const name of styles) rmSync(join(dir, name));
writeFileSync(indexFile, html);
const kib = (n) => (n / 1024).toFixed(1);
console.log(
  `minify: ${files.length} files, ${kib(before)} → ${kib(after)} KiB before compression; ` +
    `${styles.length} style sheets joined into ${joinedName}`,
);
