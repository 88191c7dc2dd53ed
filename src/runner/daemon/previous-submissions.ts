/**
 * A student's earlier submissions of an assignment, as a grader's submission metadata lists them:
 * one result per submission by the rules of the standings (a regrade's newest grade stands), only
 * graded ones (refused, failed and superseded jobs never ran the grader), only those submitted
 * before this one, oldest first.
 */
import type { JobPayload } from '../../jobs/job-payload.js';
import type { GradingResult } from '../../results/results.js';
import type { StoredResult } from '../../results/stored-result.js';
import { effectiveResults } from '../../standings/standings.js';
import type { ResultsStore } from '../../store/results-store.js';

export async function loadPreviousSubmissions(
  results: ResultsStore,
  payload: JobPayload,
): Promise<GradingResult[]> {
  const stored = await results.list(payload.org, payload.assignment, payload.student);
  return earlierGraded(stored, new Date(payload.submittedAt));
}

export function earlierGraded(stored: StoredResult[], before: Date): GradingResult[] {
  return effectiveResults(stored)
    .map((entry) => entry.result)
    .filter((result) => result.status === 'graded' && Date.parse(result.submitted_at) < before.getTime());
}
