import { describe, expect, it } from 'vitest';
import type { RegradeOutcome } from '../../src/cli/regrade-progress.js';
import { regradeSummary } from '../../src/cli/regrade-summary.js';

const run = { org: 'cs101', assignment: 'hw1', requestId: 'regrade-x', course: 'f'.repeat(64) };

function outcome(student: string, fields: Partial<RegradeOutcome>): RegradeOutcome {
  return {
    student,
    jobId: `regrade-${student}`,
    submittedAt: '2026-12-01T10:00:00.000Z',
    before: 5,
    outcome: 'graded',
    score: 5,
    maxScore: 10,
    ...fields,
  };
}

describe('regradeSummary', () => {
  it('names changed scores and every submission that was not regraded, with the reason', () => {
    const summary = regradeSummary({
      ...run,
      waited: true,
      outcomes: [
        outcome('alice', { before: 7.2, score: 9 }),
        outcome('bob', {}),
        outcome('carol', { outcome: 'error', score: 0, reason: 'The course configuration is invalid:' }),
        outcome('dave', { before: null, score: 4 }),
      ],
      skipped: [{ student: 'erin', reason: 'its uploaded folder has expired; submit it again' }],
    });
    expect(summary.text).toBe(
      [
        'regraded 3 of 5 submissions of cs101/hw1',
        '2 score(s) changed:',
        '  alice: 7.2 → 9 / 10',
        '  dave: — → 4 / 10',
        'not regraded:',
        '  carol: The course configuration is invalid:',
        '  erin: its uploaded folder has expired; submit it again',
      ].join('\n'),
    );
    expect(summary.problem).toBe('2 of 5 submissions could not be regraded');
  });

  it('says what was queued with --no-wait, and that there was nothing to regrade', () => {
    const queued = regradeSummary({
      ...run,
      waited: false,
      outcomes: [outcome('alice', { outcome: 'queued', score: null, maxScore: null })],
      skipped: [],
    });
    expect(queued).toMatchObject({
      text: 'queued 1 of 1 submission of cs101/hw1 for regrading (regrade-x)',
      problem: null,
    });
    expect(regradeSummary({ ...run, waited: true, outcomes: [], skipped: [] })).toMatchObject({
      text: 'nothing to regrade: no submissions of cs101/hw1',
      problem: null,
    });
  });
});
