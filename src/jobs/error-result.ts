/** The result of a job that could not be graded: scored nothing, and says why in plain words. */
import type { GradingResult } from '../results/results.js';
import type { JobPayload } from './job-payload.js';
import { commitOf } from './submission-ref.js';

export function errorResult(payload: JobPayload, output: string, staffOutput?: string): GradingResult {
  return {
    assignment: payload.assignment,
    student: payload.student,
    commit: commitOf(payload.submission),
    submitted_at: payload.submittedAt,
    graded_at: new Date().toISOString(),
    late: null,
    status: 'error',
    score: 0,
    max_score: 0,
    raw_score: 0,
    output,
    tests: [],
    ...(staffOutput ? { staff_output: staffOutput } : {}),
  };
}
