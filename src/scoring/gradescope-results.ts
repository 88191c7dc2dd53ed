/**
 * Reads the results.json of a Gradescope-compatible grader
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/). Existing autograders must run
 * unchanged, so unknown keys are kept and `null` counts as absent (Python writers emit `None`), while
 * anything that would change a score is checked and reported to the instructor by path.
 */
import { z } from 'zod';
import type { Visibility } from '../course/types.js';
import type { LeaderboardEntry, TestResult, TestStatus } from '../results/results.js';
import { jsonErrorPosition } from './json-error-position.js';
import { outputAsText, testOutput } from './output-format.js';
import {
  boundExtraData,
  boundLeaderboard,
  BoundsNotes,
  boundTags,
  boundTests,
  clamp,
  clip,
  RESULTS_BOUNDS,
} from '../results/results-bounds.js';
import { orderByNumber } from './test-number-order.js';
import { roundScore } from './total.js';
import { formatBytes } from '../text/format-bytes.js';
import { formatPath } from '../text/format-path.js';

export const MAX_RESULTS_BYTES = 10 * 1024 * 1024;

const finite = z.number({ error: (issue) => `expected a finite number, got ${describeValue(issue.input)}` });
const gradescopeVisibility = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);
const text = z.string().nullish();

const testSchema = z.looseObject({
  score: finite.nullish(),
  max_score: finite.nullish(),
  status: z.enum(['passed', 'failed']).nullish(),
  name: text,
  name_format: text,
  // gradescope-utils' @number decorator writes strings such as "1.2"; hand-written graders use numbers.
  number: z.union([z.string(), finite]).nullish(),
  output: text,
  output_format: text,
  tags: z.array(z.string()).nullish(),
  visibility: gradescopeVisibility.nullish(),
  extra_data: z.unknown().optional(),
});

const leaderboardSchema = z.looseObject({
  name: z.string(),
  value: z.union([finite, z.string()]).nullish(),
  order: z.enum(['asc', 'desc']).nullish(),
});

export const gradescopeResultsSchema = z.looseObject({
  score: finite.nullish(),
  // The spec says seconds as a number; gradescope-utils writes a string such as "0.42".
  execution_time: z.union([finite, z.string()]).nullish(),
  output: text,
  output_format: text,
  test_output_format: text,
  test_name_format: text,
  visibility: gradescopeVisibility.nullish(),
  stdout_visibility: text,
  extra_data: z.unknown().optional(),
  tests: z.array(testSchema).nullish(),
  leaderboard: z.array(leaderboardSchema).nullish(),
});

export type GradescopeResults = z.infer<typeof gradescopeResultsSchema>;

export type ParsedGradescopeResults =
  | {
      ok: true;
      tests: TestResult[];
      score: number;
      max_score: number;
      output: string;
      leaderboard?: LeaderboardEntry[];
      /** When students may see the grader's own stdout (`stdout_visibility`; hidden by default). */
      stdoutVisibility: Visibility;
      /** Seconds, as the grader reported them. */
      executionTime?: number;
      extraData?: unknown;
    }
  | { ok: false; error: string };

/**
 * `maxScore`: the assignment's points; null to use the sum of the tests' `max_score`.
 * `extraCredit`: points the total may reach above the maximum, and a test above its `max_score`
 * (the course file's `extra_credit`; 0, the default, allows none). Never throws.
 */
export function parseGradescopeResults(
  raw: Buffer,
  maxScore: number | null,
  extraCredit = 0,
): ParsedGradescopeResults {
  try {
    return parse(raw, { maxScore, extraCredit });
  } catch (error) {
    return { ok: false, error: `results.json could not be read: ${String(error)}` };
  }
}

interface ScoreRange {
  maxScore: number | null;
  extraCredit: number;
}

function parse(raw: Buffer, range: ScoreRange): ParsedGradescopeResults {
  if (raw.length > MAX_RESULTS_BYTES) {
    return {
      ok: false,
      error: `results.json is ${formatBytes(raw.length)}; the limit is ${formatBytes(MAX_RESULTS_BYTES)}`,
    };
  }
  // A byte-order mark is invisible in editors and fatal to JSON.parse.
  const source = raw.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    const at = jsonErrorPosition(source);
    const where = at === null ? '' : ` at line ${at.line}, column ${at.column}`;
    return { ok: false, error: `results.json is not valid JSON${where}: ${jsonProblem(error)}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, error: `results.json must hold a JSON object, not ${describeValue(json)}` };
  }
  const parsed = gradescopeResultsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${formatPath(issue.path) || '(top level)'}: ${issue.message}`,
    );
    const shown = issues.slice(0, 5).join('; ');
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    return { ok: false, error: `results.json does not follow Gradescope's format: ${shown}${more}` };
  }
  return toResults(parsed.data, range);
}

function toResults(data: GradescopeResults, { maxScore, extraCredit }: ScoreRange): ParsedGradescopeResults {
  const reported = data.tests ?? [];
  if (data.score == null && reported.length === 0) {
    return { ok: false, error: 'results.json has neither a top-level "score" nor any "tests"' };
  }
  const notes = new BoundsNotes();
  const overall = data.visibility ?? 'visible';
  const outOfRange: string[] = [];
  const plusExtra = extraCredit > 0 ? ` + ${extraCredit} extra credit` : '';
  const ordered = orderByNumber(
    reported.map((test, index) => ({ test, index })),
    ({ test }) => test.number,
  );
  const all = ordered.map(({ test, index }): TestResult => {
    const name = test.name ?? (test.number != null ? String(test.number) : `Test ${index + 1}`);
    // A test scores 0 to its max_score (at most RESULTS_BOUNDS.points), plus any extra credit.
    const max = clamp(test.max_score ?? 0, 0, RESULTS_BOUNDS.points);
    const score = clamp(test.score ?? 0, 0, max + extraCredit);
    if (max !== (test.max_score ?? 0) || score !== (test.score ?? 0))
      outOfRange.push(`"${clip(name, 40)}" ${test.score ?? 0} of ${test.max_score ?? 0}`);
    const status: TestStatus = test.status ?? (score >= max ? 'passed' : 'failed');
    return {
      name,
      score: roundScore(score),
      max_score: roundScore(max),
      status,
      ...testOutput(test.output ?? '', test.output_format ?? data.test_output_format),
      // The spec: a test's own visibility overrides the top-level one.
      visibility: toVisibility(test.visibility ?? overall),
      // Gradescope reports no per-test time.
      duration_ms: 0,
      ...optional('tags', boundTags(test.tags, notes, name)),
      ...optional(
        'extra_data',
        boundExtraData(test.extra_data, RESULTS_BOUNDS.testExtraData, notes, `"${clip(name, 40)}"`),
      ),
    };
  });
  if (outOfRange.length > 0) {
    const more = outOfRange.length > 3 ? `; and ${outOfRange.length - 3} more` : '';
    notes.add(
      `${outOfRange.length} test score(s) outside 0 to max_score${plusExtra} (at most ${RESULTS_BOUNDS.points} points) were limited: ${outOfRange.slice(0, 3).join('; ')}${more}`,
    );
  }
  const sum = (pick: (t: TestResult) => number) => all.reduce((total, t) => total + pick(t), 0);
  const max_score = roundScore(maxScore ?? sum((t) => t.max_score));
  // Without points or tests the maximum is unknown (0): only the general bound applies.
  const ceiling = maxScore === null && all.length === 0 ? RESULTS_BOUNDS.points : max_score + extraCredit;
  // Gradescope semantics: a top-level score overrides the tests' scores.
  const wanted = data.score ?? sum((t) => t.score);
  const score = clamp(wanted, 0, ceiling);
  if (score !== wanted)
    notes.add(
      `the score ${wanted} was limited to ${score} (scores run from 0 to the maximum${extraCredit > 0 ? ` plus ${extraCredit} points of extra credit` : ''})`,
    );
  const leaderboard = boundLeaderboard(
    (data.leaderboard ?? []).flatMap((entry): LeaderboardEntry[] =>
      entry.value == null
        ? []
        : [{ name: entry.name, value: entry.value, ...(entry.order != null ? { order: entry.order } : {}) }],
    ),
    notes,
  );
  const tests = boundTests(all, notes);
  const extraData = boundExtraData(data.extra_data, RESULTS_BOUNDS.extraData, notes, 'the results');
  const executionTime = Number(data.execution_time ?? Number.NaN);
  return {
    ok: true,
    tests,
    score: roundScore(score),
    max_score,
    output: [outputAsText(data.output ?? '', data.output_format), notes.text()].filter(Boolean).join('\n\n'),
    ...(leaderboard.length > 0 ? { leaderboard } : {}),
    stdoutVisibility: stdoutVisibility(data.stdout_visibility),
    ...(Number.isFinite(executionTime) && executionTime >= 0 ? { executionTime } : {}),
    ...(extraData !== undefined ? { extraData } : {}),
  };
}

/** `{ [key]: value }`, or nothing when the value is absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Gradescope's values; anything else keeps the grader's stdout for staff, its default. */
function stdoutVisibility(value: string | null | undefined): Visibility {
  const parsed = gradescopeVisibility.safeParse(value);
  return parsed.success ? toVisibility(parsed.data) : 'hidden';
}

function toVisibility(v: z.infer<typeof gradescopeVisibility>): Visibility {
  return v === 'after_due_date' || v === 'after_published' ? 'after_due' : v;
}

/** V8's message without the position (given above as line and column) or a copy of the input. */
function jsonProblem(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/, ".*" is not valid JSON$/s, '');
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
