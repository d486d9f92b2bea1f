#!/usr/bin/env node
// results.json → Markdown. Every figure in the output comes from results.json; nothing is typed by hand.
//   node tests/bench/report.mjs [results.json]      prints the Markdown, writes results.md beside it
//                                                   and the summary between the README's bench markers
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const num = (n) => n.toLocaleString('en-US');

/** A duration in ms: "4.2 ms", "123 ms", "1.23 s". */
function ms(x) {
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  return x >= 10 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`;
}

/**
 * "median (min–max)" of a stats object, the range in the median's unit, or "—". kind: 'ms',
 * 'mb' or 'count'.
 */
function cell(s, kind = 'ms') {
  if (!s) return '—';
  let bare;
  let unit;
  if (kind === 'ms' && s.median >= 1000) [bare, unit] = [(x) => (x / 1000).toFixed(2), ' s'];
  else if (kind === 'ms') [bare, unit] = [(x) => (s.median >= 10 ? String(Math.round(x)) : x.toFixed(1)), ' ms'];
  else if (kind === 'mb') [bare, unit] = [(x) => x.toFixed(1), ''];
  else [bare, unit] = [(x) => num(Math.round(x)), ''];
  const [med, lo, hi] = [bare(s.median), bare(s.min), bare(s.max)];
  return lo === hi ? `${med}${unit}` : `${med}${unit} (${lo}–${hi})`;
}

const ratioText = (r) => (r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`);

function statusText(e, timeoutS) {
  if (e.status === 'not-built') return e.note;
  if (e.status === 'skipped') return `skipped: ${e.note}`;
  if (e.status === 'timeout') return `timeout (no settle within ${timeoutS} s${e.note ? `; ${e.note}` : ''})`;
  return `error: ${String(e.error ?? 'unknown').slice(0, 160).replace(/\|/g, '\\|')}`;
}

function scenarioTable(scenario, results) {
  const lines = [`### ${scenario.title}`, ''];
  if (!scenario.results.length) return [...lines, '(not run)', ''];
  lines.push('| tool | N | settled | DOM elements | memory MB (JS heap + wasm) | scroll p95 / worst frame [worst of all runs] | move → next paint; whole gesture | Tafel ÷ best peer (settled) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const notes = [];
  const rows = [...scenario.results].sort((a, b) => a.n - b.n || Number(a.tool === 'tafel') - Number(b.tool === 'tafel'));
  for (const e of rows) {
    const name = e.tool === 'tafel' ? '**Tafel**' : `${e.tool} ${e.version ?? ''}`.trim() +
      (e.with ? ` (+ ${Object.entries(e.with).map(([k, v]) => `${k} ${v}`).join(', ')})` : '');
    if (!e.stats || !Object.keys(e.stats).length) {
      lines.push(`| ${name} | ${num(e.n)} | ${statusText(e, results.method.timeoutS)} | | | | | |`);
      continue;
    }
    const s = e.stats;
    let settled = cell(s.settled);
    if (s.settledNav) settled = `${cell(s.settled)} render; ${cell(s.settledNav)} from navigation`;
    if (e.status === 'partial') settled += ` (${e.samples.filter((x) => x.status !== 'ok').length} of ${e.samples.length} runs failed: ${e.samples.find((x) => x.status !== 'ok').status})`;
    const mem = s.memoryMB ? `${cell(s.memoryMB, 'mb')}${s.wasmMB?.median ? ` (${s.heapMB.median.toFixed(1)} + ${s.wasmMB.median.toFixed(1)})` : ''}` : '—';
    // Medians only here (the ranges are in results.json); the worst frame of all runs in brackets.
    const scroll = s.scrollP95
      ? `${s.scrollP95.median.toFixed(1)} / ${s.scrollWorst.median.toFixed(1)} ms${s.scrollWorst.max > s.scrollWorst.median + 0.5 ? ` [${s.scrollWorst.max.toFixed(1)}]` : ''}`
      : '—';
    let move = s.movePaint ? cell(s.movePaint) : '—';
    if (s.gestureWorst) move += `; gesture ${ms(s.gestureWorst.median)}`;
    if (e.moveMethods?.includes('next-frame')) move += ' †';
    if (e.moveNote) move += ' ‡';
    let ratio = '';
    if (e.tool === 'tafel') {
      const r = (fig) => scenario.ratios.find((x) => x.n === e.n && x.figure === fig);
      const render = r('settled');
      const nav = r('settledNav');
      if (render) ratio = `${ratioText(render.ratio)} render, ${ratioText(nav.ratio)} from navigation (best: ${render.bestPeer})`;
      else ratio = 'no peer';
    }
    lines.push(`| ${name} | ${num(e.n)} | ${settled} | ${cell(s.dom, 'count')} | ${mem} | ${scroll} | ${move} | ${ratio} |`);
    if (e.scrollTarget && !notes.some((x) => x.includes(`${e.tool}: `))) notes.push(`scrolled for ${e.tool}: \`${e.scrollTarget.replace(/ \(.*/, '')}\``);
    if (e.moveNote) notes.push(`‡ ${e.tool} N=${num(e.n)}: ${e.moveNote}`);
    for (const pe of e.phaseErrors ?? []) notes.push(`${e.tool} N=${num(e.n)}: ${pe.slice(0, 300)}`);
    if (e.error) notes.push(`${e.tool} N=${num(e.n)}: ${e.error.slice(0, 300)}`);
  }
  lines.push('');
  if (rows.some((e) => e.moveMethods?.includes('next-frame'))) {
    notes.push('† in some runs release → next frame (rAF, then setTimeout 0) was longer than any Event Timing entry (none ≥ 16 ms, or none reported), so that figure was taken');
  }
  if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
  return lines;
}

function tafelTables(results) {
  const t = results.tafel ?? {};
  const lines = [];
  if (t.bundle || t.startup) lines.push('### Tafel: first-load transfer and start-up', '');
  if (t.bundle?.status === 'ok') {
    const kib = (b) => (b / 1024).toFixed(1);
    // Results from before the views were split have no `first_load` flag: every file was loaded.
    const first = t.bundle.files.filter((f) => f.first_load ?? true);
    lines.push('| first load (what index.html loads: .wasm, .js, .css) | raw KiB | gzip KiB | brotli KiB |', '| --- | --- | --- | --- |');
    for (const f of first) lines.push(`| ${f.file} | ${kib(f.raw)} | ${kib(f.gzip)} | ${kib(f.brotli)} |`);
    lines.push(`| **total** | **${kib(t.bundle.total.raw)}** | **${kib(t.bundle.total.gzip)}** | **${kib(t.bundle.total.brotli)}** |`, '');
    const parts = Object.entries(t.bundle.parts ?? {}).sort();
    if (parts.length > 0) {
      lines.push('| loaded on demand: opening a part adds (its chunk and the chunks it shares) | raw KiB | gzip KiB | brotli KiB |', '| --- | --- | --- | --- |');
      for (const [part, size] of parts) lines.push(`| ${part} | ${kib(size.raw)} | ${kib(size.gzip)} | ${kib(size.brotli)} |`);
      lines.push('');
    }
  } else if (t.bundle) lines.push(`Bundle size: error: ${t.bundle.error}`, '');
  if (t.startup?.status === 'ok') {
    const s = t.startup.stats;
    lines.push('| start-up, empty store at `/` | first paint (static skeleton) | first contentful paint | interactive (`data-tafel-ready`) |', '| --- | --- | --- | --- |');
    lines.push(`| median (min–max) of ${s.interactive?.count ?? 0} | ${cell(s.firstPaint)} | ${cell(s.firstContentfulPaint)} | ${cell(s.interactive)} |`, '');
  } else if (t.startup) lines.push(`Start-up: error: ${t.startup.error}`, '');
  if (t.startupOpenProject?.status === 'ok') {
    const s = t.startupOpenProject.stats;
    lines.push('| start-up on OpenProject at `/` (test server on loopback, public reading) | first paint (static skeleton) | interactive (`data-tafel-ready`) | projects listed |', '| --- | --- | --- | --- |');
    lines.push(`| median (min–max) of ${s.projects?.count ?? 0} | ${cell(s.firstPaint)} | ${cell(s.interactive)} | ${cell(s.projects)} |`, '');
  } else if (t.startupOpenProject) lines.push(`Start-up on OpenProject: error: ${t.startupOpenProject.error}`, '');

  // Where Tafel's time from navigation goes, per size and view.
  const views = results.scenarios.flatMap((sc) => sc.results.filter((e) => e.tool === 'tafel' && e.stats?.settledNav).map((e) => ({ sc, e })));
  if (t.seed?.length || views.length) {
    lines.push('### Tafel: seeding and where the time from navigation goes', '');
    lines.push('| N | view | seed (one-off, `?seed=bench`) | load: IndexedDB read done | parse: records decoded (after load) | render (decoded → settled) | settled from navigation |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const seed of t.seed ?? []) {
      const mine = views.filter((v) => v.e.n === seed.n);
      const seedText = seed.status === 'ok' ? ms(seed.seedMs) : `error: ${String(seed.error).slice(0, 120)}`;
      if (!mine.length) lines.push(`| ${num(seed.n)} | — | ${seedText} | | | | |`);
      for (const { sc, e } of mine) {
        lines.push(`| ${num(e.n)} | ${sc.id} | ${seedText} | ${cell(e.stats.load)} | ${cell(e.stats.parse)} | ${cell(e.stats.settled)} | ${cell(e.stats.settledNav)} |`);
      }
    }
    lines.push('');
  }
  return lines;
}

export function renderMarkdown(results) {
  const mc = results.machine;
  const lines = [
    '# Tafel beside its peers',
    '',
    '<!-- Generated by tests/bench/report.mjs from results.json; do not edit by hand. -->',
    '',
    `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${mc.cpu} (${mc.cores} cores, ${mc.memoryGB} GB), ${mc.os}; ` +
      `${results.browser.name} ${results.browser.version}, viewport ${results.browser.viewport.width}×${results.browser.viewport.height}, ` +
      `Node ${mc.node}. N = ${results.sizes.map(num).join(', ')}; ${results.reps} repetitions, tools interleaved within each, a fresh page per run. ` +
      'Figures are medians with (min–max).',
    '',
    `Reproduce: \`${results.command}\``,
    '',
    `- settled: ${results.method.settled}.`,
    `- memory: ${results.method.memory}.`,
    `- scroll: ${results.method.scroll}.`,
    `- move: ${results.method.move}.`,
    `- A run that has not settled after ${results.method.timeoutS} s is recorded as a timeout; a tool's failure is recorded with its error text.`,
    '',
  ];
  for (const sc of results.scenarios) lines.push(...scenarioTable(sc, results));
  lines.push(...tafelTables(results));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The README's short table: per view and size, Tafel's figures beside the best peer's. */
export function readmeSummary(results) {
  const lines = [
    `Measured ${results.date.slice(0, 10)} on ${results.machine.cpu} (${results.machine.cores} cores), ` +
      `${results.browser.name} ${results.browser.version}; medians of ${results.reps} runs. ` +
      'Full tables, ranges and method: [tests/bench/results.md](tests/bench/results.md).',
    '',
    '| view | N | Tafel settled: render / from navigation | best peer, settled | Tafel ÷ best peer (render) | Tafel DOM elements | Tafel memory MB | Tafel scroll p95 / worst |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const sc of results.scenarios) {
    for (const n of results.sizes) {
      const tafel = sc.results.find((e) => e.tool === 'tafel' && e.n === n);
      const ratio = sc.ratios?.find((r) => r.n === n && r.figure === 'settled');
      const peers = sc.results.filter((e) => e.tool !== 'tafel' && e.n === n && e.stats?.settled);
      const best = peers.sort((a, b) => a.stats.settled.median - b.stats.settled.median)[0];
      const peerText = best ? `${best.tool}: ${ms(best.stats.settled.median)}` : 'no peer';
      const s = tafel?.stats;
      if (!s?.settled) {
        const status = tafel ? statusText(tafel, results.method.timeoutS) : 'not run';
        lines.push(`| ${sc.id} | ${num(n)} | ${status} | ${peerText} | | | | |`);
        continue;
      }
      const scroll = s.scrollP95 ? `${s.scrollP95.median.toFixed(1)} / ${s.scrollWorst.median.toFixed(1)} ms` : '—';
      lines.push(`| ${sc.id} | ${num(n)} | ${ms(s.settled.median)} / ${ms(s.settledNav.median)} | ${peerText} | ${ratio ? ratioText(ratio.ratio) : '—'} | ${num(Math.round(s.dom.median))} | ${s.memoryMB ? s.memoryMB.median.toFixed(1) : '—'} | ${scroll} |`);
    }
  }
  const bundle = results.tafel?.bundle;
  const startup = results.tafel?.startup;
  if (bundle?.status === 'ok' || startup?.status === 'ok') lines.push('');
  if (bundle?.status === 'ok') {
    const kib = (b) => (b / 1024).toFixed(1);
    lines.push(`First load (wasm + JS + CSS that index.html loads): ${kib(bundle.total.raw)} KiB raw, ${kib(bundle.total.gzip)} KiB gzip, **${kib(bundle.total.brotli)} KiB brotli**.`);
    const parts = Object.entries(bundle.parts ?? {}).sort();
    if (parts.length > 0) {
      lines.push(`Loaded on demand, KiB brotli each part adds: ${parts.map(([part, size]) => `${part} ${kib(size.brotli)}`).join(', ')}.`);
    }
  }
  if (startup?.status === 'ok') {
    lines.push(`Start-up on an empty store: static skeleton painted at ${ms(startup.stats.firstPaint.median)}, interactive at ${ms(startup.stats.interactive.median)}.`);
  }
  const onOp = results.tafel?.startupOpenProject;
  if (onOp?.status === 'ok') {
    lines.push(`Start-up on OpenProject (test server on loopback): interactive at ${ms(onOp.stats.interactive.median)}, the server's projects listed at ${ms(onOp.stats.projects.median)}.`);
  }
  return lines.join('\n');
}

const README_START = '<!-- bench:start (generated by tests/bench/report.mjs) -->';
const README_END = '<!-- bench:end -->';

/** Puts the summary between the README's bench markers; leaves a README without them alone. */
export function updateReadme(results, readmePath) {
  let text;
  try {
    text = readFileSync(readmePath, 'utf8');
  } catch {
    return false;
  }
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  writeFileSync(readmePath, `${text.slice(0, start + README_START.length)}\n${readmeSummary(results)}\n${text.slice(end)}`);
  return true;
}

export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = resolve(process.argv[2] ?? new URL('results.json', import.meta.url).pathname);
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const md = renderMarkdown(results);
  writeFileSync(file.replace(/\.json$/, '') + '.md', md);
  updateReadme(results, README_PATH);
  process.stdout.write(md);
}
