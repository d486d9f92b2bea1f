#!/usr/bin/env node
// Writes NAME.br (brotli, quality 11) and NAME.gz (gzip, level 9) beside every compressible file of a
// built Tafel (.wasm, .js, .css, .html, .json, .webmanifest, .svg), for web servers that send
// precompressed files as they are (nginx gzip_static/brotli_static, most CDNs) instead of compressing
// on every request. A compressed copy that would not be smaller is not written (and an old one is
// removed), so the server sends the file itself.
//
// Run it after `trunk build --release`, and again after editing index.html or config.json at
// deployment: a server would otherwise send the stale compressed copy.
//
// Usage: node scripts/precompress.mjs [dist-dir]      (default: dist next to this script's parent)
import { readdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zc } from 'node:zlib';

export const COMPRESSIBLE = new Set(['.wasm', '.js', '.mjs', '.css', '.html', '.json', '.webmanifest', '.svg']);

function walk(dir) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // Trunk's staging folder during a build
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(walk(full));
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) out.push(full);
  }
  return out;
}

/** Compresses every compressible file under `dir`; returns [{ file, raw, br, gz }] (sizes in bytes, null when not written). */
export function precompress(dir) {
  const results = [];
  for (const file of walk(resolve(dir))) {
    const raw = readFileSync(file);
    const encoded = {
      br: brotliCompressSync(raw, {
        params: {
          [zc.BROTLI_PARAM_QUALITY]: 11,
          [zc.BROTLI_PARAM_SIZE_HINT]: raw.length,
          [zc.BROTLI_PARAM_MODE]: extname(file) === '.wasm' ? zc.BROTLI_MODE_GENERIC : zc.BROTLI_MODE_TEXT,
        },
      }),
      gz: gzipSync(raw, { level: 9 }),
    };
    const sizes = { file, raw: raw.length };
    for (const [suffix, body] of Object.entries(encoded)) {
      const target = `${file}.${suffix}`;
      if (body.length < raw.length) {
        writeFileSync(target, body);
        sizes[suffix] = body.length;
      } else {
        if (existsSync(target)) rmSync(target);
        sizes[suffix] = null;
      }
    }
    results.push(sizes);
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = resolve(process.argv[2] ?? join(root, 'dist'));
  const t0 = Date.now();
  const results = precompress(dir);
  const kib = (n) => (n === null ? '-' : (n / 1024).toFixed(1));
  for (const r of results) {
    console.log(`${r.file.slice(dir.length + 1).padEnd(36)} ${kib(r.raw).padStart(8)} ${kib(r.gz).padStart(8)} ${kib(r.br).padStart(8)}`);
  }
  console.log(`precompress: ${results.length} files in ${dir} (KiB raw / gz / br) in ${Date.now() - t0} ms`);
}
