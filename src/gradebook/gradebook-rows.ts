/**
 * The gradebook of one assignment: a row per student, from their stored results and the roster,
 * by the same rules as the scoreboard (`src/standings/standings.ts`). Pure, so every number in an
 * export can be checked with `toEqual`.
 */
import { standingOf } from '../standings/standings.js';
import type { StoredResult } from '../results/stored-result.js';

/** One student's line; the keys are the CSV header and the JSON field names. */
export interface GradebookRow {
  login: string;
  /** Best score of a submission on time; null without one. */
  best_on_time: number | null;
  /** Best score once late penalties are applied, on time or late; null without a graded submission. */
  best_with_penalty: number | null;
  max_score: number | null;
  /** Graded submissions (infrastructure errors, rejected and superseded results are not counted). */
  submissions: number;
  /** The commit of the submission `best_with_penalty` comes from (null for an uploaded folder). */
  commit: string | null;
  submitted_at: string | null;
  late_days: number | null;
}

export const GRADEBOOK_COLUMNS = [
  'login',
  'best_on_time',
  'best_with_penalty',
  'max_score',
  'submissions',
  'commit',
  'submitted_at',
  'late_days',
] as const satisfies readonly (keyof GradebookRow)[];

/**
 * A row for every student on the roster or with a result, sorted by login. Students without a
 * graded submission get empty scores and the assignment's maximum as it is now (that of the newest
 * graded result of anyone), so an LMS import still sees what the assignment was out of.
 */
export function gradebookRows(
  roster: readonly string[],
  results: ReadonlyMap<string, StoredResult[]>,
): GradebookRow[] {
  const logins = [...new Set([...roster, ...results.keys()])].sort();
  const assignmentMax = newestMaxScore([...results.values()].flat());
  return logins.map((login) => {
    const standing = standingOf(login, results.get(login) ?? []);
    const best = standing.best?.result ?? null;
    return {
      login,
      best_on_time: standing.onTime?.result.score ?? null,
      best_with_penalty: best?.score ?? null,
      max_score: best?.max_score ?? assignmentMax,
      submissions: standing.submissions,
      commit: best?.commit ?? null,
      submitted_at: best?.submitted_at ?? null,
      late_days: best ? (best.late?.days ?? 0) : null,
    };
  });
}

function newestMaxScore(stored: StoredResult[]): number | null {
  let newest: StoredResult | null = null;
  for (const entry of stored) {
    if (entry.result.status !== 'graded') continue;
    if (!newest || entry.result.graded_at > newest.result.graded_at) newest = entry;
  }
  return newest?.result.max_score ?? null;
}
