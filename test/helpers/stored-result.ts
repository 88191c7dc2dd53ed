/** A stored result for pure tests of standings, the gradebook and regrades: graded on time by default. */
import type { GradingResult } from '../../src/results/results.js';
import type { StoredResult } from '../../src/results/stored-result.js';

export const ON_TIME = { days: 0, penalty: 0, past_until: false };

export function storedResult(
  jobId: string,
  fields: Partial<GradingResult> = {},
  extra: Pick<StoredResult, 'payload'> = {},
): StoredResult {
  return {
    jobId,
    org: 'cs101',
    result: {
      assignment: 'hw1',
      student: 'alice',
      commit: 'a'.repeat(40),
      submitted_at: '2026-12-01T10:00:00.000Z',
      graded_at: '2026-12-01T10:00:05.000Z',
      late: ON_TIME,
      status: 'graded',
      score: 0,
      max_score: 10,
      raw_score: 0,
      output: '',
      tests: [],
      ...fields,
    },
    ...extra,
  };
}
