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
}
