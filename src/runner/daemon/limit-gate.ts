/**
 * The submission limit at the runner: a live job takes its place in the ledger before its sandbox
 * starts, or is not run and gets a `rejected` result that says when the next graded submission is
 * possible. Regrades (instructors', and re-runs from a check run) never count; but a regrade of a
 * submission the limit refused stays refused, or a student could press "Re-run" on the refused
 * push's check run and get past the limit.
 */
import type { Assignment } from '../../course/types.js';
import type { JobPayload } from '../../jobs/job-payload.js';
import { commitOf, revisionOf } from '../../jobs/submission-ref.js';
import type { GradingResult } from '../../results/results.js';
import { limitReachedMessage } from '../../scoring/submission-limit.js';
import type { ResultsStore } from '../../store/results-store.js';
import type { LimitLedger } from '../../store/limit-ledger.js';

/** Null when the job may be graded (its place is reserved); otherwise its `rejected` result. */
export async function reserveOrReject(
  stores: { limits: LimitLedger; results: ResultsStore },
  payload: JobPayload,
  jobId: string,
  assignment: Assignment,
  timezone: string,
): Promise<GradingResult | null> {
  if (assignment.limit === null) return null;
  if (payload.queue !== 'live') return refusedBefore(stores.results, payload);
  const submittedAt = new Date(payload.submittedAt);
  const decision = await stores.limits.reserve(payload, jobId, submittedAt, assignment.limit);
  if (decision.allowed) return null;
  return {
    assignment: payload.assignment,
    student: payload.student,
    commit: commitOf(payload.submission),
    submitted_at: submittedAt.toISOString(),
    graded_at: new Date().toISOString(),
    late: null,
    status: 'rejected',
    score: 0,
    max_score: 0,
    raw_score: 0,
    output: limitReachedMessage(assignment.limit, decision.nextAt, timezone),
    tests: [],
    next_submission_at: decision.nextAt.toISOString(),
  };
}

/** The refusal of the same submission (source and time) when it was never graded; null otherwise. */
async function refusedBefore(results: ResultsStore, payload: JobPayload): Promise<GradingResult | null> {
  const same = (await results.list(payload.org, payload.assignment, payload.student)).filter(
    (stored) =>
      stored.payload !== undefined &&
      revisionOf(stored.payload.submission) === revisionOf(payload.submission) &&
      Date.parse(stored.result.submitted_at) === Date.parse(payload.submittedAt),
  );
  if (same.some(({ result }) => result.status === 'graded')) return null;
  const refusal = same.find(({ result }) => result.status === 'rejected');
  if (!refusal) return null;
  return {
    ...refusal.result,
    graded_at: new Date().toISOString(),
    output: `${refusal.result.output}\nRe-running a submission the limit refused does not grade it; push again instead.`,
  };
}

/**
 * Gives a live job's place back when it ended without a grade, so that it does not count; one that
 * the submission itself kept from being graded keeps its place.
 */
export async function releaseUnlessGraded(
  ledger: LimitLedger,
  payload: JobPayload,
  jobId: string,
  result: GradingResult | null,
): Promise<void> {
  if (payload.queue !== 'live' || result?.status === 'graded' || result?.fault === 'submission') return;
  await ledger.release(payload, jobId);
}
