/**
 * The largest scoreboard a hostile grader submission can cause (issue 15, finding 1): one student's
 * code writes a results.json of 100,000 uniquely named tests (4 MB); 40 others submit honestly. The
 * results go through the runner's own parser, then the board is built and rendered as the bot does,
 * once for the HTML page and once for the JSON. Prints the time and size of each.
 */
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';
import { parseGradescopeResults } from '../src/scoring/gradescope-results.js';
import { scoreboardData } from '../src/reporters/scoreboard/scoreboard-data.js';
import { renderBoard } from '../src/reporters/scoreboard/views.js';
import type { GradingResult } from '../src/results/results.js';
import type { PublishedCourse } from '../src/store/course-registry.js';
import type { StoredResult } from '../src/results/stored-result.js';

const HOSTILE_TESTS = 100_000;
const HONEST_STUDENTS = 40;

const hostile = JSON.stringify({
  tests: Array.from({ length: HOSTILE_TESTS }, (_, i) => ({
    name: `a test that nobody else has, number ${String(i).padStart(6, '0')}`,
    score: 1,
    max_score: 1,
  })),
});
const honest = JSON.stringify({
  tests: ['parses', 'prints', 'sorts', 'searches', 'exits'].map((name) => ({ name, score: 1, max_score: 1 })),
});

const course: PublishedCourse = {
  org: 'bench',
  course: 'bench',
  timezone: 'UTC',
  commit: 'c0ffee',
  archive: 'sha256:0',
  installation: 1,
  publishedAt: '2026-11-01T00:00:00.000Z',
  assignments: [],
};
const assignment = {
  id: 'hw2',
  title: 'Homework 2',
  repos: 'hw2-*',
  kind: 'grader' as const,
  due: null,
  late: null,
  limit: null,
  scoreboard: true,
};

function stored(student: string, raw: string, index: number): StoredResult {
  const parsed = parseGradescopeResults(Buffer.from(raw), null);
  if (!parsed.ok) throw new Error(parsed.error);
  const at = new Date(Date.UTC(2026, 10, 20, 0, index)).toISOString();
  const result: GradingResult = {
    assignment: 'hw2',
    student,
    commit: `commit-${student}`,
    submitted_at: at,
    graded_at: at,
    late: null,
    status: 'graded',
    score: parsed.score,
    raw_score: parsed.score,
    max_score: parsed.max_score,
    output: parsed.output,
    tests: parsed.tests,
  };
  return { jobId: `job-${student}`, org: 'bench', result };
}

const results = new Map<string, StoredResult[]>([['mallory', [stored('mallory', hostile, 0)]]]);
for (let i = 1; i <= HONEST_STUDENTS; i += 1) results.set(`student${i}`, [stored(`student${i}`, honest, i)]);

/** Median milliseconds of `runs` calls, and the last value. */
function timed<T>(runs: number, work: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = work();
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    value = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), value };
}

// The page as it was before the board had bounds took seconds: a few runs are enough.
const RUNS = Number(process.env.RUNS ?? 3);
const model = timed(RUNS, () =>
  scoreboardData({
    course,
    assignment,
    results,
    nicknames: new Map(),
    pseudonymOf: (student) => ({ name: student, tag: '0000' }),
    now: new Date('2026-12-01T00:00:00Z'),
  }),
);
const html = timed(RUNS, () => renderBoard(model.value, { projector: false, timezone: 'UTC' }));
const json = timed(RUNS, () => JSON.stringify(model.value));

const mb = (text: string) => `${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB`;
console.log(`hostile results.json: ${mb(hostile)}, ${HOSTILE_TESTS} tests; ${results.size} students`);
console.log(`board: ${model.value.tests.length} test columns, ${model.value.rows.length} rows`);
console.log(`median of ${RUNS} runs after a warm-up:`);
console.log(`model: ${model.ms.toFixed(1)} ms`);
console.log(`HTML page: ${mb(html.value)} in ${html.ms.toFixed(1)} ms`);
console.log(`JSON: ${mb(json.value)} in ${json.ms.toFixed(1)} ms`);
console.log('the bot renders each once per change of the board, not per request (board-cache.ts)');
