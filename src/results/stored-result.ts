/**
 * A graded submission's result as the results store keeps it: the result with the job that
 * produced it. Its own file so that what ranks and tabulates results (standings, the gradebook)
 * reads them without depending on Redis.
 */
import type { JobPayload } from '../jobs/job-payload.js';
import type { GradingResult } from './results.js';

export interface StoredResult {
  jobId: string;
  org: string;
  result: GradingResult;
  /** The job that produced the result; absent for results stored without one. */
  payload?: JobPayload;
  /** How the runner graded it; absent for results stored before runners recorded it. Staff only. */
  grading?: GradingRecord;
}

/** Which runner graded a submission and how long it took, kept for staff beside the result. */
export interface GradingRecord {
  /** The runner's id (`gradebot status` lists the live ones). */
  runner: string;
  /** From the runner taking the job to its result, in milliseconds. */
  grading_ms: number;
  /** From the job being queued to a runner taking it for this run (earlier attempts included), in ms. */
  queued_ms: number;
}
