/**
 * Which submissions a regrade of an assignment takes: each student's latest one, as the standings
 * see it (one result per submission, the newest graded), leaving out submissions that were
 * rejected and never ran. Each is queued again as it was first queued, with the course to grade
 * it with and the request id of this regrade (`regradePayload`).
 */
import type { JobPayload } from '../jobs/job-payload.js';
import { regradePayload } from '../jobs/submission-payload.js';
import { effectiveResults } from '../standings/standings.js';
import type { StoredResult } from '../results/stored-result.js';

export interface RegradeTarget {
  student: string;
  payload: JobPayload;
}

export interface RegradeSkip {
  student: string;
  reason: string;
}

export interface RegradePlan {
  targets: RegradeTarget[];
  skipped: RegradeSkip[];
}

/** The student's newest submission that was not rejected, with its effective result; null if none. */
export function latestSubmission(stored: readonly StoredResult[]): StoredResult | null {
  return (
    effectiveResults([...stored])
      .filter((entry) => entry.result.status !== 'rejected')
      .at(-1) ?? null
  );
}

export function regradePlan(
  results: ReadonlyMap<string, StoredResult[]>,
  run: { requestId: string; courseDigest: string },
): RegradePlan {
  const plan: RegradePlan = { targets: [], skipped: [] };
  for (const [student, stored] of [...results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const latest = latestSubmission(stored);
    if (!latest) continue;
    if (!latest.payload) {
      plan.skipped.push({ student, reason: 'its latest submission was stored without its job' });
      continue;
    }
    plan.targets.push({ student, payload: regradePayload(latest.payload, run) });
  }
  return plan;
}
