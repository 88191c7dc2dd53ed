import { describe, expect, it } from 'vitest';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import { latestSubmission, regradePlan } from '../../src/gradebook/regrade-plan.js';
import type { GradingResult } from '../../src/results/results.js';
import type { StoredResult } from '../../src/results/stored-result.js';
import { storedResult } from '../helpers/stored-result.js';

const OLD_COURSE = '0'.repeat(64);
const NEW_COURSE = 'f'.repeat(64);

function payload(student: string, commit: string, submittedAt: string): JobPayload {
  return {
    version: 1,
    queue: 'live',
    org: 'cs101',
    repo: `hw1-${student}`,
    assignment: 'hw1',
    student,
    submittedAt,
    submission: { kind: 'git', url: `https://github.com/cs101/hw1-${student}.git`, commit },
    course: { kind: 'blob', digest: OLD_COURSE },
    github: { installation: 7 },
  };
}

function stored(
  jobId: string,
  student: string,
  commit: string,
  submittedAt: string,
  fields: Partial<GradingResult> = {},
  withPayload = true,
): StoredResult {
  return storedResult(
    jobId,
    {
      student,
      commit,
      submitted_at: submittedAt,
      graded_at: submittedAt.replace('00.000Z', '09.000Z'),
      late: null,
      score: 1,
      max_score: 3,
      raw_score: 1,
      ...fields,
    },
    withPayload ? { payload: payload(student, commit, submittedAt) } : {},
  );
}

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('latestSubmission', () => {
  it('is the newest submission that was not rejected, at its effective result', () => {
    const first = stored('live-1', 'alice', A, '2026-12-01T10:00:00.000Z');
    const second = stored('live-2', 'alice', B, '2026-12-01T11:00:00.000Z', { status: 'error' });
    const rejected = stored('live-3', 'alice', C, '2026-12-01T12:00:00.000Z', { status: 'rejected' });
    expect(latestSubmission([rejected, first, second])).toEqual(second);
    const regraded = stored('regrade-1', 'alice', B, '2026-12-01T11:00:00.000Z', {
      graded_at: '2026-12-05T00:00:00.000Z',
    });
    expect(latestSubmission([first, second, regraded, rejected])).toEqual(regraded);
    expect(latestSubmission([rejected])).toBeNull();
  });
});

describe('regradePlan', () => {
  it("queues each student's latest submission again, as it was, with the new course and request id", () => {
    const results = new Map([
      [
        'bob',
        [
          stored('live-4', 'bob', C, '2026-12-02T09:00:00.000Z'),
          stored('live-5', 'bob', A, '2026-12-02T08:00:00.000Z'),
        ],
      ],
      ['alice', [stored('live-1', 'alice', A, '2026-12-01T10:00:00.000Z')]],
      ['carol', [stored('live-6', 'carol', B, '2026-12-01T10:00:00.000Z', {}, false)]],
      ['dave', [stored('live-7', 'dave', B, '2026-12-01T10:00:00.000Z', { status: 'rejected' })]],
    ]);
    const plan = regradePlan(results, { requestId: 'run-1', courseDigest: NEW_COURSE });
    const again = (student: string, commit: string, at: string): JobPayload => ({
      ...payload(student, commit, at),
      queue: 'regrade',
      course: { kind: 'blob', digest: NEW_COURSE },
      requestId: 'run-1',
    });
    expect(plan).toEqual({
      targets: [
        { student: 'alice', payload: again('alice', A, '2026-12-01T10:00:00.000Z') },
        { student: 'bob', payload: again('bob', C, '2026-12-02T09:00:00.000Z') },
      ],
      skipped: [{ student: 'carol', reason: 'its latest submission was stored without its job' }],
    });
  });
});
