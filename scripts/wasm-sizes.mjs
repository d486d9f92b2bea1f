#!/usr/bin/env node
// Which crates and functions weigh most in the wasm: reads a names-kept build (bash
// scripts/profile-build.sh → dist-profile/) and sums the code size of each function by the crate its
// name starts with. Sizes are raw bytes of function bodies (before brotli, which shrinks code to
// about a quarter, roughly evenly); data (strings, tables) is listed as one line.
//
//   node scripts/wasm-sizes.mjs [dist-profile/tafel-…_bg.wasm] [--top 25]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const top = Number(args[args.indexOf('--top') + 1]) || 25;
const file = args.find((a) => a.endsWith('.wasm')) ??
  join('dist-profile', readdirSync('dist-profile').find((f) => f.startsWith('tafel-') && f.endsWith('.wasm')));
const bytes = readFileSync(file);

let pos = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
};
const name = () => {
  const len = u32();
  const s = bytes.toString('utf8', pos, pos + len);
  pos += len;
  return s;
};

let importedFunctions = 0;
const bodies = [];
const names = new Map();
const sections = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) {
    // Imports: functions imported take the first indices.
    for (let n = u32(); n > 0; n--) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) {
        u32();
        importedFunctions++;
      } else if (kind === 1) {
        pos++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) pos += 2;
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) {
      const len = u32();
      bodies.push(len);
      pos += len;
    }
  } else if (id === 0) {
    const section = name();
    sections.set(`custom ${section}`, size);
    if (section === 'name') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) for (let n = u32(); n > 0; n--) names.set(u32(), name());
        pos = subEnd;
      }
    }
  }
  if (id !== 0) sections.set({ 1: 'type', 2: 'import', 3: 'function', 5: 'memory', 6: 'global', 7: 'export', 9: 'element', 10: 'code', 11: 'data', 12: 'data count' }[id] ?? `section ${id}`, size);
  pos = end;
}

/** The crate a Rust symbol belongs to: `<a::B as c::D>::f` counts for `a` (the type's crate). */
function crateOf(symbol) {
  let s = symbol.replace(/^<+/, '').replace(/^(impl |dyn |&|mut |\*const |\*mut )+/, '');
  // `<T as tachys::view::Render>::build`: a generic or primitive type counts for the trait's crate.
  const generic = /^(\[?[A-Za-z_][A-Za-z0-9_]*\]?|\([^)]*\)) as (.*)$/.exec(s);
  if (generic) s = generic[2].replace(/^<+/, '');
  if (/^func\d+$/.test(s)) return '(unnamed)';
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(s);
  if (!m) return /^(__wbg|__wbindgen|wasm_bindgen)/.test(symbol) ? 'wasm_bindgen (glue)' : '(other)';
  return m[1];
}

const byCrate = new Map();
const byFunction = [];
bodies.forEach((size, i) => {
  const symbol = names.get(importedFunctions + i) ?? `func${importedFunctions + i}`;
  const krate = crateOf(symbol);
  const entry = byCrate.get(krate) ?? { size: 0, count: 0 };
  entry.size += size;
  entry.count += 1;
  byCrate.set(krate, entry);
  byFunction.push([size, symbol]);
});
const code = bodies.reduce((a, b) => a + b, 0);
const kib = (n) => (n / 1024).toFixed(1);

console.log(`${file}: ${kib(bytes.length)} KiB; code ${kib(code)} KiB in ${bodies.length} functions, data ${kib(sections.get('data') ?? 0)} KiB`);
console.log('\n| crate | functions | code KiB | share of code |\n| --- | --- | --- | --- |');
for (const [krate, { size, count }] of [...byCrate].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(`| ${krate} | ${count} | ${kib(size)} | ${((100 * size) / code).toFixed(1)} % |`);
}
console.log('\n| function | code KiB |\n| --- | --- |');
for (const [size, symbol] of byFunction.sort((a, b) => b[0] - a[0]).slice(0, top)) {
  console.log(`| \`${symbol.replace(/::h[0-9a-f]{16}$/, '').replace(/\|/g, '\\|').slice(0, 110)}\` | ${kib(size)} |`);
}
