#!/usr/bin/env node
// Stamps the service worker of a build with the build's id: `const BUILD = 'dev';` in sw.js becomes
// the first 16 hex digits of the SHA-256 of index.html, which names every hashed asset. A new build
// therefore has a new sw.js, the browsers of its users install it beside the running version, and
// Tafel offers "Update available — Reload" (public/boot.js, src/views/shell/update.rs).
//
// Run by Trunk as a post_build hook (Trunk.toml; it sets TRUNK_STAGING_DIR), or by hand on a built
// folder: node scripts/stamp-sw.mjs [dist-dir]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const swFile = join(dir, 'sw.js');
const id = createHash('sha256').update(readFileSync(join(dir, 'index.html'))).digest('hex').slice(0, 16);
const source = readFileSync(swFile, 'utf8');
const stamped = source.replace(/^const BUILD = '[^']*';/m, `const BUILD = '${id}';`);
if (stamped === source && !source.includes(`const BUILD = '${id}';`)) {
  console.error(`stamp-sw: no "const BUILD = '…';" line in ${swFile}`);
  process.exit(1);
}
writeFileSync(swFile, stamped);
console.log(`stamp-sw: ${swFile} is build ${id}`);
