// The app's message catalog (src/i18n/catalog.rs) read from the source, so the tests can name
// controls in either language and check that German screens show no English catalog text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './server.mjs';

/** A Rust string literal's body as text (the escapes the catalog uses: \" \\ \n \u{…}). */
function unescape(body) {
  return body.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, esc, hex) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { n: '\n', t: '\t', '"': '"', '\\': '\\', "'": "'", '0': '\0' }[esc] ?? esc;
  });
}

/** Map of key name → { en, de }. */
export function readCatalog() {
  const source = readFileSync(join(REPO_ROOT, 'src', 'i18n', 'catalog.rs'), 'utf8');
  const entry = /^\s*([A-Z]\w*)\s*=>\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*;/gm;
  const catalog = new Map();
  for (const [, key, en, de] of source.matchAll(entry)) {
    catalog.set(key, { en: unescape(en), de: unescape(de) });
  }
  if (catalog.size < 100) throw new Error(`read only ${catalog.size} entries from catalog.rs`);
  return catalog;
}

export const CATALOG = readCatalog();

/** The text of `key` in `lang` ('en' or 'de'). */
export function t(lang, key) {
  const entry = CATALOG.get(key);
  if (!entry) throw new Error(`no catalog key ${key}`);
  return entry[lang];
}
