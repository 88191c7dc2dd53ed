/**
 * What a scoreboard shows, as the JSON served at `/scoreboard/<org>/<assignment>.json` and rendered
 * by the page. Pure: the ranking rules are those of `standings.ts`; this decides what of each
 * result may be public. Never a login (students appear by pseudonym or chosen nickname), never a
 * hidden test, an after-due test only once the due date has passed, never any test's output.
 *
 * Before the due date, scores (and so the ranking) count only the visible tests, as the check run
 * does: a total including hidden tests would tell everyone how each student does on them.
 *
 * Results can come from student code (a grader's results.json), so the board is bounded whatever is
 * stored: at most `MAX_TEST_COLUMNS` and `MAX_LEADERBOARD_COLUMNS`, names and text values clipped as
 * when results are read (results stored before those bounds included).
 */
import { latestDue } from '../../course/deadline.js';
import { duePassed } from '../../course/due-passed.js';
import type { LeaderboardEntry, TestResult } from '../../results/results.js';
import { studentView } from '../../results/student-view.js';
import { clip, RESULTS_BOUNDS } from '../../results/results-bounds.js';
import { rank, standingOf, type Standing } from '../../standings/standings.js';
import {
  publishedDeadlines,
  type PublishedAssignment,
  type PublishedCourse,
} from '../../store/course-registry.js';
import type { StoredResult } from '../../results/stored-result.js';
import { lookalikeKeys } from '../../standings/lookalike.js';
import type { Pseudonym } from './pseudonym.js';

/** Columns a board shows at most; a grader reports 1,000 tests at most (`RESULTS_BOUNDS`). */
export const MAX_TEST_COLUMNS = 100;
export const MAX_LEADERBOARD_COLUMNS = 20;

export interface TestColumn {
  name: string;
  max_score: number;
}

export interface LeaderboardColumn {
  name: string;
  /** desc: higher is better (Gradescope's default); asc: lower is better. */
  order: 'asc' | 'desc';
}

export interface ScoreboardRow {
  /** 1 for the best; null for a student with no graded submission yet. */
  rank: number | null;
  /** The nickname the student chose, or their pseudonym. */
  name: string;
  nickname: boolean;
  /** The best on-time score; the best late score (penalty applied) when nothing was on time. */
  score: number | null;
  max_score: number | null;
  /** Set when `score` comes from a late submission. */
  late: { days: number; past_until: boolean } | null;
  /** Points per test column, in the order of `tests`; null where this result has no such visible test. */
  tests: (number | null)[];
  /** Values per leaderboard column, in the order of `leaderboard`. */
  leaderboard: (number | string | null)[];
  /** Graded submissions. */
  submissions: number;
  last_graded_at: string | null;
}

export interface ScoreboardModel {
  org: string;
  course: string;
  assignment: { id: string; title: string; due: string | null };
  generated_at: string;
  /** True before the due date when some result has tests not shown: scores count the shown ones only. */
  withheld_tests: boolean;
  tests: TestColumn[];
  leaderboard: LeaderboardColumn[];
  rows: ScoreboardRow[];
}

export interface ScoreboardInput {
  course: PublishedCourse;
  assignment: PublishedAssignment;
  /** Every student's stored results (`ResultsStore.listAll`). */
  results: Map<string, StoredResult[]>;
  /** Nicknames by student (`ResultsStore.nicknames`). */
  nicknames: Map<string, string>;
  pseudonymOf: (student: string) => Pseudonym;
  now: Date;
}

interface Entry {
  standing: Standing;
  shown: StoredResult | null;
  name: string;
  nickname: boolean;
  tag: string;
}

/**
 * Whether the board shows hidden statuses and after-due tests: once every student's deadline has
 * passed, extensions included, so that no student still working sees how others did on them.
 */
export function boardPastDue(assignment: PublishedAssignment, now: Date): boolean {
  return duePassed(latestDue(publishedDeadlines(assignment)), now);
}

export function scoreboardData(input: ScoreboardInput): ScoreboardModel {
  const { assignment, now } = input;
  const pastDue = boardPastDue(assignment, now);
  const entries = disambiguate(
    [...input.results].map(([student, stored]): Entry => {
      const standing = standingOf(
        student,
        stored.map((entry) => redact(entry, pastDue)),
      );
      const chosen = input.nicknames.get(student);
      const { name, tag } = input.pseudonymOf(student);
      return {
        standing,
        shown: standing.onTime ?? standing.best,
        name: chosen ?? name,
        nickname: !!chosen,
        tag,
      };
    }),
  );
  const ranked = rank(
    entries,
    (entry) => entry.shown,
    (entry) => entry.name,
  );

  const shownTests = (result: StoredResult | null) =>
    keyed(
      (result?.result.tests ?? []).filter(
        (test) => test.visibility === 'visible' || (test.visibility === 'after_due' && pastDue),
      ),
    );
  const tests = new Map<string, TestColumn>();
  const leaderboard = new Map<string, LeaderboardColumn>();
  // How many students show each column, to keep the widest shared ones.
  const testCounts = new Map<string, number>();
  const leaderboardCounts = new Map<string, number>();
  for (const { item } of ranked) {
    for (const [key, test] of shownTests(item.shown)) {
      const column = tests.get(key);
      tests.set(key, {
        name: column?.name ?? clip(test.label, RESULTS_BOUNDS.nameLength),
        max_score: Math.max(column?.max_score ?? 0, test.max_score),
      });
      testCounts.set(key, (testCounts.get(key) ?? 0) + 1);
    }
    for (const entry of leaderboardOf(item.shown)) {
      if (!leaderboard.has(entry.name))
        leaderboard.set(entry.name, {
          name: clip(entry.name, RESULTS_BOUNDS.leaderboardText),
          order: entry.order ?? 'desc',
        });
      leaderboardCounts.set(entry.name, (leaderboardCounts.get(entry.name) ?? 0) + 1);
    }
  }
  const testKeys = widest(testCounts, MAX_TEST_COLUMNS);
  const leaderboardKeys = widest(leaderboardCounts, MAX_LEADERBOARD_COLUMNS);

  return {
    org: input.course.org,
    course: input.course.course,
    assignment: { id: assignment.id, title: assignment.title, due: assignment.due },
    generated_at: now.toISOString(),
    withheld_tests: !pastDue && [...input.results.values()].some((stored) => stored.some(hasWithheld)),
    tests: testKeys.map((key) => tests.get(key)!),
    leaderboard: leaderboardKeys.map((name) => leaderboard.get(name)!),
    rows: ranked.map(({ rank: place, item }) => {
      const result = item.shown?.result ?? null;
      const points = shownTests(item.shown);
      const values = new Map(leaderboardOf(item.shown).map((entry) => [entry.name, entry.value]));
      const late = result?.late && result.late.days > 0 ? result.late : null;
      return {
        rank: place,
        name: item.name,
        nickname: item.nickname,
        score: result ? round(result.score) : null,
        max_score: result ? round(result.max_score) : null,
        late: late ? { days: late.days, past_until: late.past_until } : null,
        tests: testKeys.map((key) => {
          const test = points.get(key);
          return test ? round(test.score) : null;
        }),
        leaderboard: leaderboardKeys.map((name) => {
          const value = values.get(name) ?? null;
          return typeof value === 'string' ? clip(value, RESULTS_BOUNDS.leaderboardText) : value;
        }),
        submissions: item.standing.submissions,
        last_graded_at: item.standing.lastGradedAt,
      };
    }),
  };
}

/**
 * At most `most` keys: those shown by the most students, first seen first on a tie, in their first
 * seen order. One student's results can then add no more columns than a class agrees on.
 */
function widest(studentsShowing: Map<string, number>, most: number): string[] {
  const keys = [...studentsShowing.keys()];
  if (keys.length <= most) return keys;
  const kept = new Set(
    keys
      .map((key, index) => ({ key, index, count: studentsShowing.get(key) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.index - b.index)
      .slice(0, most)
      .map((entry) => entry.key),
  );
  return keys.filter((key) => kept.has(key));
}

/**
 * Two students showing names that look the same (equal or lookalike nicknames, or a nickname copying
 * someone's pseudonym) both get their tag, so neither can pass for the other. The runner refuses a
 * nickname like another's already; this also covers pseudonyms and two students choosing at once.
 */
function disambiguate(entries: Entry[]): Entry[] {
  const counts = new Map<string, number>();
  for (const entry of entries)
    for (const key of lookalikeKeys(entry.name)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const shared = (entry: Entry) => lookalikeKeys(entry.name).some((key) => (counts.get(key) ?? 0) > 1);
  return entries.map((entry) =>
    shared(entry) ? { ...entry, name: `${entry.name} (#${entry.tag})` } : entry,
  );
}

/** Tests by a key that tells apart two tests of the same name: the second is "name (2)". */
function keyed(tests: TestResult[]): Map<string, TestResult & { label: string }> {
  const seen = new Map<string, number>();
  const out = new Map<string, TestResult & { label: string }>();
  for (const test of tests) {
    const n = (seen.get(test.name) ?? 0) + 1;
    seen.set(test.name, n);
    out.set(`${test.name}\u0000${n}`, { ...test, label: n === 1 ? test.name : `${test.name} (${n})` });
  }
  return out;
}

const hasWithheld = (entry: StoredResult) => entry.result.tests.some((test) => test.visibility !== 'visible');

/** Before the due date, a result as if it had only its visible tests. */
function redact(entry: StoredResult, pastDue: boolean): StoredResult {
  const result = studentView(entry.result, pastDue);
  return result === entry.result ? entry : { ...entry, result };
}

function leaderboardOf(stored: StoredResult | null): LeaderboardEntry[] {
  return stored?.result.leaderboard ?? [];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
