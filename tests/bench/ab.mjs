#!/usr/bin/env node
// Two builds of Tafel side by side, interleaved run by run in one Chromium, so that a before/after
// comparison sees the same machine load (on a shared two-core machine the load changes within
// minutes, and two bench runs one after the other disagree by more than most changes gain).
// Uses run.mjs's Tafel scenarios (start-up, seeding, each view with its move or sort).
//
//   node tests/bench/ab.mjs DIST_A DIST_B [--n 1000] [--reps 7] [--views board,gantt,table] [--startup]
//
// Prints, per build, the median (and min–max) of each figure, and B ÷ A.
import { launchBrowser } from '../e2e/support/browser.mjs';
import { startServer } from '../e2e/support/server.mjs';
import * as m from './measure.mjs';
import { seedTafel, runTafel, tafelStartup } from './run.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dists = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).slice(0, 2);
if (dists.length !== 2) throw new Error('usage: node tests/bench/ab.mjs DIST_A DIST_B [--n 1000] [--reps 7] [--views board,gantt] [--startup]');
const n = Number(opt('--n', 1000));
const reps = Number(opt('--reps', 7));
const views = opt('--views', 'board,gantt,table').split(',').filter(Boolean);
const FIGURES = ['interactive', 'firstPaint', 'settled', 'settledNav', 'movePaint', 'scrollP95', 'scrollWorst', 'dom', 'memoryMB'];

const browser = await launchBrowser();
const builds = await Promise.all(dists.map(async (root) => ({ root, server: await startServer({ root }), samples: {} })));
try {
  for (const b of builds) {
    const env = { browser, tafel: b.server, timeoutMs: 120_000, seedTimeoutMs: 300_000, tafelSeeds: true };
    b.env = env;
    if (views.length) b.context = (await seedTafel(env, n)).context;
  }
  const add = (b, key, sample) => {
    for (const f of FIGURES) if (typeof sample[f] === 'number') ((b.samples[key] ??= {})[f] ??= []).push(sample[f]);
  };
  for (let rep = 1; rep <= reps; rep++) {
    // Alternate which build goes first, so neither always follows the other.
    const order = rep % 2 ? builds : [...builds].reverse();
    for (const b of order) {
      if (args.includes('--startup')) add(b, 'start-up', await tafelStartup(b.env));
      for (const view of views) add(b, view, await runTafel(b.env, b.context, { id: 'tafel', view }, n));
    }
    console.error(`[ab] rep ${rep}/${reps} done`);
  }
} finally {
  await browser.close().catch(() => {});
  for (const b of builds) await b.server.close?.();
}

const fmt = (s) => (s ? `${s.median.toFixed(1)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '—');
console.log(`N = ${n}, ${reps} runs each, interleaved. A = ${dists[0]}, B = ${dists[1]}\n`);
console.log('| scenario | figure | A | B | B ÷ A |\n| --- | --- | --- | --- | --- |');
for (const key of Object.keys(builds[0].samples)) {
  for (const f of FIGURES) {
    const [a, b] = builds.map((x) => m.stats(x.samples[key]?.[f] ?? []));
    if (!a && !b) continue;
    console.log(`| ${key} | ${f} | ${fmt(a)} | ${fmt(b)} | ${a && b ? (b.median / a.median).toFixed(2) : '—'} |`);
  }
}
