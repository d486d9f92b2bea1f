// Licence check without cargo-deny: every crate in `cargo metadata` (given as a file) and every
// package in package-lock.json must carry an SPDX expression that the allow list in deny.toml
// satisfies. Needs only node; cargo-deny, when installed, checks the same list more thoroughly.
//
//   node scripts/supply-chain-licences.mjs <cargo-metadata.json>

import { readFileSync } from 'node:fs';

const [metadataPath] = process.argv.slice(2);
if (!metadataPath) {
  console.error('usage: node scripts/supply-chain-licences.mjs <cargo-metadata.json>');
  process.exit(2);
}

// The `allow = [ ... ]` list of deny.toml's [licenses] table (one quoted name per entry).
function allowList(toml) {
  const section = toml.split(/^\[licenses\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  const list = section.match(/^allow\s*=\s*\[([\s\S]*?)\]/m);
  if (!list) throw new Error('deny.toml has no [licenses] allow list');
  return new Set([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
}

// True when the SPDX expression can be met with allowed licences: OR needs one side, AND both.
// `/` is the old spelling of OR; `X WITH exception` only adds permissions to X.
function satisfied(expression, allowed) {
  const tokens = expression
    .replace(/\//g, ' OR ')
    .replace(/([()])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const atom = () => {
    const token = next();
    if (token === '(') {
      const value = or();
      if (next() !== ')') throw new Error(`unbalanced parentheses in "${expression}"`);
      return value;
    }
    if (!token || ['AND', 'OR', 'WITH', ')'].includes(token)) {
      throw new Error(`not an SPDX expression: "${expression}"`);
    }
    const id = token.replace(/\+$/, '');
    if (peek() === 'WITH') {
      next();
      const exception = next();
      return allowed.has(`${id} WITH ${exception}`) || allowed.has(id);
    }
    return allowed.has(id);
  };
  const and = () => {
    let value = atom();
    while (peek() === 'AND') {
      next();
      value = atom() && value;
    }
    return value;
  };
  const or = () => {
    let value = and();
    while (peek() === 'OR') {
      next();
      value = and() || value;
    }
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`not an SPDX expression: "${expression}"`);
  return value;
}

const allowed = allowList(readFileSync('deny.toml', 'utf8'));
const problems = [];
const check = (what, license) => {
  if (!license) {
    problems.push(`${what}: no SPDX licence expression`);
    return;
  }
  try {
    if (!satisfied(license, allowed)) problems.push(`${what}: ${license} is not allowed`);
  } catch (error) {
    problems.push(`${what}: ${error.message}`);
  }
};

const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
const own = new Set(metadata.workspace_members);
let crates = 0;
for (const pkg of metadata.packages) {
  // The workspace's own crates are not published; their licence is the project's.
  if (own.has(pkg.id)) continue;
  crates += 1;
  check(`crate ${pkg.name} ${pkg.version}`, pkg.license);
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let npm = 0;
for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
  if (path === '') continue;
  npm += 1;
  check(`npm ${path.replace(/^.*node_modules\//, '')} ${pkg.version}`, pkg.license);
}

if (problems.length) {
  console.error(`[supply-chain] licences NOT ok (allowed: ${[...allowed].join(', ')}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`[supply-chain] licences ok: ${crates} crates and ${npm} npm packages, all under ${[...allowed].join(', ')}`);
