// The shared benchmark data set (../shared/design/performance.md), the one definition every tool
// measured by the bench is fed from. Tafel's own generator (src/domain/bench_data.rs) follows this
// file draw by draw; `node tests/bench/dataset.mjs 120` prints a fingerprint both must agree on
// (a native test pins the same figures).
//
// N tasks in groups of 50 under a parent (so N + ceil(N/50) work packages). In each group the tasks
// follow one another finish-to-start (N − groups relations, about 0.98·N). Random draws come from one
// linear congruential generator (seed 12345, a = 1664525, c = 1013904223, mod 2^32) in this order:
// per group its start offset (0–329 days from BASE_DATE), then per task: duration (1–10 days),
// status, type, priority, assignee, verb, object.

export const SEED = 12345;
export const GROUP_SIZE = 50;
export const BASE_DATE = '2026-01-05';
export const STATUSES = ['New', 'In specification', 'In progress', 'In review', 'Done'];
export const TYPES = ['Task', 'Feature', 'Bug'];
export const PRIORITIES = ['Low', 'Normal', 'High', 'Immediate'];
export const ASSIGNEES = ['Anna Schmidt', 'Jonas Weber', 'Lea Fischer', 'Mehmet Yılmaz', 'Sophie Martin', 'Tom Becker'];
export const VERBS = ['Review', 'Update', 'Migrate', 'Test', 'Document', 'Design', 'Fix', 'Plan'];
export const OBJECTS = [
  'citizen portal form', 'permit workflow', 'payment gateway', 'accessibility audit', 'search index',
  'release notes', 'data export', 'login page', 'appointment booking', 'newsletter',
];

export function lcg(seed = SEED) {
  let state = seed >>> 0;
  return {
    /** A whole number in 0..n-1: floor(next · n / 2^32). */
    uniform(n) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.floor((state / 4294967296) * n);
    },
  };
}

const DAY_MS = 86_400_000;
const base = Date.parse(`${BASE_DATE}T00:00:00Z`);
const isoDay = (offset) => new Date(base + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * Returns { workPackages, relations }. A work package: { id, parent (id or null), subject, type,
 * status, priority, assignee (name or null), start, due (ISO dates, inclusive), duration (days) }.
 * Ids run 1.. in display order: each parent, then its tasks. A relation: { id, from, to } meaning
 * `from` precedes `to` (finish-to-start, no lag).
 */
export function generate(n) {
  const rng = lcg();
  const workPackages = [];
  const relations = [];
  let id = 0;
  for (let first = 0; first < n; first += GROUP_SIZE) {
    const group = first / GROUP_SIZE;
    const size = Math.min(GROUP_SIZE, n - first);
    const parent = { id: ++id, parent: null, subject: `Work package group ${group + 1}`, type: 'Epic',
      status: 'In progress', priority: 'Normal', assignee: null, start: '', due: '', duration: 0 };
    workPackages.push(parent);
    let day = rng.uniform(330);
    const startDay = day;
    let previous = null;
    for (let k = 0; k < size; k++) {
      const duration = 1 + rng.uniform(10);
      const status = STATUSES[rng.uniform(STATUSES.length)];
      const type = TYPES[rng.uniform(TYPES.length)];
      const priority = PRIORITIES[rng.uniform(PRIORITIES.length)];
      const assignee = ASSIGNEES[rng.uniform(ASSIGNEES.length)];
      const verb = VERBS[rng.uniform(VERBS.length)];
      const object = OBJECTS[rng.uniform(OBJECTS.length)];
      const task = { id: ++id, parent: parent.id, subject: `${verb} ${object} ${first + k + 1}`, type, status,
        priority, assignee, start: isoDay(day), due: isoDay(day + duration - 1), duration };
      workPackages.push(task);
      if (previous) relations.push({ id: relations.length + 1, from: previous.id, to: task.id });
      previous = task;
      day += duration;
    }
    parent.start = isoDay(startDay);
    parent.due = isoDay(day - 1);
    parent.duration = day - startDay;
  }
  return { workPackages, relations };
}

/** A short summary that Tafel's generator must reproduce exactly. */
export function fingerprint(n) {
  const { workPackages, relations } = generate(n);
  const last = workPackages[workPackages.length - 1];
  let checksum = 0;
  for (const wp of workPackages) {
    for (const ch of `${wp.subject}|${wp.status}|${wp.type}|${wp.priority}|${wp.assignee}|${wp.start}|${wp.due};`) {
      checksum = (Math.imul(checksum, 31) + ch.codePointAt(0)) >>> 0;
    }
  }
  return { workPackages: workPackages.length, relations: relations.length, last, checksum };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(fingerprint(Number(process.argv[2] ?? 120)), null, 1));
}
