#!/usr/bin/env node
// Splits Tafel's wasm into a first-load module and chunks fetched on demand (the views behind
// src/views/on_demand.rs, the backends, the demo data), then puts the parts where Trunk's build
// left its single module.
//
// Trunk cannot split a module (trunk-rs/trunk#1022), so this runs as its post_build hook (Trunk.toml)
// and redoes the last steps of its Rust pipeline for the split module:
//   1. wasm-split-cli (crate wasm_split_cli_support) reads the linked wasm that cargo left in the target
//      folder (linked with --emit-relocs, build.rs) and writes the main module, one module per split
//      point (plus modules shared by several) and the JS loader `__wasm_split.js`; in a release
//      build, the chunks a backend's start needs are then merged into a few (mergeStartChunks);
//   2. wasm-bindgen --keep-lld-exports writes the JS glue for the main module (the chunks import what
//      they need from it through the loader);
//   3. wasm-opt -Oz on every part (release builds, as Trunk does for its module);
//   4. the chunks and the loader get content-hashed names; the main module and its glue keep the names
//      Trunk gave them (a hash of the same linked wasm, so still one name per build), and the
//      integrity hashes of index.html are recomputed for their new content;
//   5. index.html preloads the loader beside the glue. The chunks are not named there: the app fetches
//      the views' chunks itself (src/views/on_demand.rs), and the service worker (public/sw.js) reads
//      the loader to cache them all with the shell, so every view opens offline. The boot.js tag
//      lists the files of the parts a start may need at once (data-part-local, -openproject, -seed),
//      which boot.js fetches ahead; the loader takes those answers (`fetchedAhead`).
//
// Environment (set by Trunk): TRUNK_STAGING_DIR, TRUNK_PROFILE (debug|release). CARGO_TARGET_DIR as
// for the build (scripts/bootstrap.sh), else ./target.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partsOf } from './wasm-split-loader.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
if (!staging) fail('TRUNK_STAGING_DIR is not set: this script runs as a Trunk post_build hook (Trunk.toml)');
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
const linked = join(targetDir, 'wasm32-unknown-unknown', profile, 'tafel.wasm');
// wasm-opt as the Rust link of the HTML file asks Trunk for it (data-wasm-opt, data-wasm-opt-params;
// scripts/profile-build.sh adds -g there to keep the function names).
const source = readFileSync(process.env.TRUNK_HTML_FILE ?? join(root, 'index.html'), 'utf8');
const rustLink = /<link data-trunk rel="rust"[^>]*>/.exec(source)?.[0] ?? '';
const optLevel = /data-wasm-opt="(\w+)"/.exec(rustLink)?.[1];
const optParams = (/data-wasm-opt-params="([^"]*)"/.exec(rustLink)?.[1] ?? '').split(/\s+/).filter(Boolean);

/** The features Rust's wasm32 target and Trunk's wasm-opt use, for the binaryen tools that merge chunks (mergeStartChunks). */
const WASM_FEATURES = [
  '--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-mutable-globals', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue',
];

function fail(message) {
  console.error(`split-wasm: ${message}`);
  process.exit(1);
}

function run(command, args) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    fail(`${command} ${args.join(' ')} failed: ${err.message}`);
  }
}

const hex16 = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

const indexFile = join(staging, 'index.html');
let html = readFileSync(indexFile, 'utf8');
const tag = /<script type="module" src="[^"]*boot\.js" data-js="(?:[^"]*\/)?([^"/]+\.js)" data-wasm="(?:[^"]*\/)?([^"/]+\.wasm)"><\/script>/.exec(html);
if (!tag) fail(`no boot.js <script data-js data-wasm> tag in ${indexFile} (Trunk.toml pattern_script changed?)`);
const [, glueName, wasmName] = tag;
const stem = glueName.replace(/\.js$/, '');
if (!existsSync(linked)) fail(`the linked wasm ${linked} is missing (is CARGO_TARGET_DIR the build's?)`);

const work = mkdtempSync(join(tmpdir(), 'tafel-split-'));
try {
  const parts = join(work, 'parts');
  const bound = join(work, 'bound');
  // 1. Split. The loader imports `initSync` from the glue, which lies beside it as ./<stem>.js.
  run('wasm-split-cli', [linked, parts, '--target', 'web', '--out-name', stem]);
  // 1b. Fewer, larger chunks for the start (release only: the point is the network, and a debug
  //     build keeps its DWARF sections, which the merge would drop).
  if (profile === 'release') mergeStartChunks(parts, work);
  // 2. Glue for the main module, as Trunk makes it (--target=web --no-typescript), keeping the
  //    exports the chunks link against.
  run('wasm-bindgen', [
    '--target=web', '--no-typescript', '--keep-lld-exports', `--out-dir=${bound}`, `--out-name=${stem}`,
    join(parts, `${stem}.wasm`),
  ]);
  const chunks = readdirSync(parts).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`).sort();
  // 3. Optimise every part as Trunk does its module (release only; a debug build stays debuggable).
  const mainWasm = join(bound, `${stem}_bg.wasm`);
  if (profile === 'release' && optLevel && optLevel !== '0') {
    for (const file of [mainWasm, ...chunks.map((c) => join(parts, c))]) {
      run('wasm-opt', [`--output=${file}`, `-O${optLevel}`, file, ...optParams]);
    }
  }
  // 4. Content-hashed names for the chunks, then for the loader that names them.
  const loaderFile = join(parts, '__wasm_split.js');
  if (!existsSync(loaderFile)) fail(`wasm-split-cli wrote no loader (${loaderFile})`);
  let loader = readFileSync(loaderFile, 'utf8');
  const chunkNames = [];
  for (const chunk of chunks) {
    const data = readFileSync(join(parts, chunk));
    const named = `${chunk.replace(/\.wasm$/, '')}-${hex16(data)}.wasm`;
    if (!loader.includes(`"./${chunk}"`)) fail(`the loader does not name the chunk ${chunk}`);
    loader = loader.split(`"./${chunk}"`).join(`"./${named}"`);
    writeFileSync(join(staging, named), data);
    chunkNames.push(named);
  }
  // A part's chunk that boot.js fetched ahead (the backend's code, fetched while the main module
  // downloads, from the data-part-… lists written below) is taken from there, once; any later load
  // fetches it anew.
  const fetchCall = /const src = fetch\(new URL\(/g;
  if (chunks.length > 0 && !fetchCall.test(loader)) fail('the loader no longer fetches chunks as `const src = fetch(new URL(`');
  loader =
    'function fetchedAhead(url) {\n' +
    '    const early = globalThis.tafelFetchedAhead?.get(url.href);\n' +
    '    if (!early) return fetch(url);\n' +
    '    globalThis.tafelFetchedAhead.delete(url.href);\n' +
    '    return early;\n' +
    '}\n' +
    loader.replace(fetchCall, 'const src = fetchedAhead(new URL(');
  const loaderName = `__wasm_split-${hex16(loader)}.js`;
  writeFileSync(join(staging, loaderName), loader);
  // Only the import specifiers change: the wasm still names its import module "./__wasm_split.js",
  // and the glue's table of imports keeps that key.
  let glue = readFileSync(join(bound, `${stem}.js`), 'utf8');
  const specifier = /(\bfrom\s*)(["'])\.\/__wasm_split\.js\2/g;
  if (chunks.length > 0 && !specifier.test(glue)) fail('the glue does not import ./__wasm_split.js');
  glue = glue.replace(specifier, `$1$2./${loaderName}$2`);
  const wasm = readFileSync(mainWasm);
  writeFileSync(join(staging, glueName), glue);
  writeFileSync(join(staging, wasmName), wasm);
  if (existsSync(join(bound, 'snippets'))) cpSync(join(bound, 'snippets'), join(staging, 'snippets'), { recursive: true });

  // 5. index.html: integrity of the replaced files, the loader preloaded.
  const withIntegrity = (name, data) => {
    const link = new RegExp(`(<link[^>]*href="[^"]*${name.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
    if (!link.test(html)) fail(`index.html has no <link … integrity> for ${name}`);
    html = html.replace(link, `$1${sri(data)}$2`);
  };
  withIntegrity(glueName, glue);
  withIntegrity(wasmName, wasm);
  // The files of each part the start may need at once (the backends, the demo data), for boot.js to
  // fetch ahead: data-part-<name>="<file> <file> …" on its <script> tag.
  let partFiles;
  try {
    partFiles = partsOf(loader);
  } catch (error) {
    fail(error.message);
  }
  // The parts' files for scripts/bundle-size.mjs, which cannot read them from the loader once
  // scripts/minify.mjs has minified it.
  writeFileSync(join(staging, 'wasm-parts.json'), `${JSON.stringify(partFiles, null, 1)}\n`);
  const partLists = ['local', 'openproject', 'seed']
    .filter((part) => partFiles[part])
    .map((part) => ` data-part-${part}="${partFiles[part].join(' ')}"`);
  html = html.replace(/(<script type="module" src="[^"]*boot\.js")(?= data-js=")/, `$1${partLists.join('')}`);
  const base = /href="([^"]*)tafel-[^"]*\.js"/.exec(html)?.[1] ?? './';
  const preload = `<link rel="modulepreload" href="${base}${loaderName}" crossorigin="anonymous" integrity="${sri(loader)}">`;
  html = html.replace('</head>', `${preload}\n</head>`);
  writeFileSync(indexFile, html);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `split-wasm: ${wasmName} ${kib(wasm.length)}; ${chunkNames.length} chunks: ` +
      chunkNames.map((c) => `${basename(c)} ${kib(readFileSync(join(staging, c)).length)}`).join(', '),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * wasm-split-cli gives the code shared by a set of parts a chunk of its own, one per set: some 70,
 * most under 1 KiB, and a start fetched some 30 of those one by one (on HTTP/1.1, six at a time),
 * which cost more time than the bytes the split saved (scripts/bundle-size.mjs has the figures). Every chunk a backend's start needs is merged
 * here into one chunk per group of starts: one for the chunks both backends' starts need, one for
 * those only the store's start needs (with the demo data's), one for those only OpenProject's
 * needs. A view that needs one chunk of a group fetches the whole group, which its deployment's
 * start has fetched already, or which the idle preload fetches anyway.
 *
 * A chunk imports only the shared memory, table and a global and puts its functions into the
 * table itself (active element segments), so modules merge without linking: binaryen's wasm-merge
 * joins them, the duplicate imports it keeps become one (in the text form), and wasm-as writes the
 * result. The loader (`parts/__wasm_split.js`) is rewritten to match.
 */
function mergeStartChunks(parts, work) {
  const loaderFile = join(parts, '__wasm_split.js');
  let loader = readFileSync(loaderFile, 'utf8');
  const block = /\/\* ([^*]+) \*\/\nconst (__chunk_(\d+)) = makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("\.\/(chunk_\d+\.wasm)", import\.meta\.url\)\);\n[\s\S]*?\n\}\n, \[\]\);\n/g;
  const chunks = [...loader.matchAll(block)].map(([text, sets, name, number, file]) => ({
    text, sets: sets.split(', '), name, number: Number(number), file,
  }));
  if (chunks.length === 0) fail('the loader defines no chunk in the form this script merges');
  const startsOf = (sets) => {
    const local = sets.includes('local') || sets.includes('seed');
    const openproject = sets.includes('openproject');
    return local && openproject ? 'both' : local ? 'local' : openproject ? 'openproject' : null;
  };
  let next = Math.max(...chunks.map((c) => c.number)) + 1;
  for (const group of ['both', 'local', 'openproject']) {
    const members = chunks.filter((c) => startsOf(c.sets) === group);
    if (members.length < 2) continue;
    const name = `__chunk_${next}`;
    const file = `chunk_${next}.wasm`;
    next += 1;
    const merged = join(work, `${group}.wasm`);
    const text = join(work, `${group}.wat`);
    run('wasm-merge', [...members.flatMap((c, i) => [join(parts, c.file), `m${i}`]), '-o', merged, '--enable-multimemory', ...WASM_FEATURES]);
    run('wasm-dis', [merged, '-o', text]);
    writeFileSync(text, oneImportEach(readFileSync(text, 'utf8')));
    run('wasm-as', [...WASM_FEATURES, text, '-o', join(parts, file)]);
    // With its features named in the module, as the chunks had them, for the wasm-opt of step 3.
    run('wasm-opt', [...WASM_FEATURES, '--emit-target-features', join(parts, file), '-o', join(parts, file)]);
    for (const c of members) rmSync(join(parts, c.file));
    const sets = [...new Set(members.flatMap((c) => c.sets))].sort().join(', ');
    const first = members[0].text
      .replace(/^\/\* [^*]+ \*\//, `/* ${sets} */`)
      .replace(members[0].name, name)
      .replace(members[0].file, file);
    loader = loader.replace(members[0].text, first);
    for (const c of members.slice(1)) loader = loader.replace(c.text, '');
    const renamed = new Map(members.map((c) => [c.name, name]));
    loader = loader.replace(/\n, \[([^\]]*)\]\)\);/g, (_, list) => {
      const deps = [...new Set(list.split(',').map((d) => d.trim()).filter(Boolean).map((d) => renamed.get(d) ?? d))];
      return `\n, [${deps.join(', ')}]));`;
    });
  }
  writeFileSync(loaderFile, loader);
}

/** A module's text with each import (module, name, kind) once, every use pointing at the first. */
function oneImportEach(wat) {
  const first = new Map();
  const alias = new Map();
  wat = wat.replace(/^ \(import "([^"]+)" "([^"]+)" \((\w+) (\$\S+)[^\n]*\n/gm, (line, module, name, kind, id) => {
    const key = `${module}\0${name}\0${kind}`;
    if (!first.has(key)) {
      first.set(key, id);
      return line;
    }
    alias.set(id, first.get(key));
    return '';
  });
  for (const [id, to] of alias) wat = wat.replace(new RegExp(`${id.replace(/\$/g, '\\$')}(?![\\w$.])`, 'g'), to);
  return wat;
}
