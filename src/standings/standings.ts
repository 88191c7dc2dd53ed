/**
 * Where each student stands on an assignment, from their stored results: the best on-time score, the
 * best score once late penalties are applied, and how many submissions were graded. Pure, so the
 * scoreboard, the gradebook and their tests agree on every rule:
 *
 * - a submission is a commit (or upload) at the time it was submitted; when it was graded more than
 *   once (a regrade after a test fix), its newest graded result stands, and an infrastructure error
 *   in a regrade never replaces a grade;
 * - only graded submissions count: infrastructure errors and submissions rejected by the limit do not;
 * - the better of two results has the higher score; on a tie, the earlier submission wins.
 */
import { revisionOf } from '../jobs/submission-ref.js';
import type { GradingResult } from '../results/results.js';
import type { StoredResult } from '../results/stored-result.js';

export interface Standing {
  student: string;
  /** Graded submissions; errors, rejected and superseded ones are not counted. */
  submissions: number;
  /** The best result submitted on time (before the due date, or with no due date). */
  onTime: StoredResult | null;
  /** The best result with late penalties applied, on time or late. */
  best: StoredResult | null;
  /** The newest graded submission's result. */
  latest: StoredResult | null;
  /** When a result of this student was last graded. */
  lastGradedAt: string | null;
}

/** One result per submission: the newest graded one, or the newest of any when none was graded. */
export function effectiveResults(stored: StoredResult[]): StoredResult[] {
  const bySubmission = new Map<string, StoredResult>();
  for (const entry of stored) {
    const key = submissionKey(entry);
    const current = bySubmission.get(key);
    if (!current || supersedes(entry.result, current.result)) bySubmission.set(key, entry);
  }
  return [...bySubmission.values()].sort(
    (a, b) => Date.parse(a.result.submitted_at) - Date.parse(b.result.submitted_at),
  );
}

export function standingOf(student: string, stored: StoredResult[]): Standing {
  const graded = effectiveResults(stored).filter((entry) => entry.result.status === 'graded');
  const onTime = graded.filter((entry) => isOnTime(entry.result));
  const gradedAt = stored.map((entry) => entry.result.graded_at).sort();
  return {
    student,
    submissions: graded.length,
    onTime: bestOf(onTime),
    best: bestOf(graded),
    latest: graded.at(-1) ?? null,
    lastGradedAt: gradedAt.at(-1) ?? null,
  };
}

export function isOnTime(result: GradingResult): boolean {
  return result.late === null || result.late.days === 0;
}

/** Negative when `a` is the better result: higher score, then earlier submission, then job id. */
export function compareResults(a: StoredResult, b: StoredResult): number {
  return (
    b.result.score - a.result.score ||
    Date.parse(a.result.submitted_at) - Date.parse(b.result.submitted_at) ||
    a.jobId.localeCompare(b.jobId)
  );
}

export interface Ranked<T> {
  /** 1 for the best; null for those with nothing to rank. */
  rank: number | null;
  item: T;
}

/**
 * Orders items by the result each stands on, best first; ties go to the earlier submission, so
 * every ranked item has its own rank. Items without a result come last, by name.
 */
export function rank<T>(
  items: T[],
  resultOf: (item: T) => StoredResult | null,
  nameOf: (item: T) => string,
): Ranked<T>[] {
  const withResult = items.filter((item) => resultOf(item) !== null);
  const without = items.filter((item) => resultOf(item) === null);
  withResult.sort((a, b) => compareResults(resultOf(a)!, resultOf(b)!));
  without.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return [
    ...withResult.map((item, i) => ({ rank: i + 1, item })),
    ...without.map((item) => ({ rank: null, item })),
  ];
}

function bestOf(entries: StoredResult[]): StoredResult | null {
  return [...entries].sort(compareResults)[0] ?? null;
}

/** A commit, or an uploaded folder, at the time it was submitted. */
function submissionKey(entry: StoredResult): string {
  const source = entry.payload?.submission;
  const revision = entry.result.commit ?? (source ? revisionOf(source) : entry.jobId);
  return `${revision}@${Date.parse(entry.result.submitted_at)}`;
}

/** Whether `next` should stand for its submission instead of `current`. */
function supersedes(next: GradingResult, current: GradingResult): boolean {
  const nextGraded = next.status === 'graded';
  const currentGraded = current.status === 'graded';
  if (nextGraded !== currentGraded) return nextGraded;
  return next.graded_at > current.graded_at;
}
