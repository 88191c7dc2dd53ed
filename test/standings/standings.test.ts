import { describe, expect, it } from 'vitest';
import { effectiveResults, rank, standingOf } from '../../src/standings/standings.js';
import { storedResult } from '../helpers/stored-result.js';

const LATE_1 = { days: 1, penalty: 0.1, past_until: false };

const stored = storedResult;

describe('effectiveResults', () => {
  it('keeps the newest graded result of a regraded submission', () => {
    const first = stored('live-1', { score: 4 });
    const regrade = stored('regrade-1', { score: 9, graded_at: '2026-12-05T00:00:00.000Z' });
    expect(effectiveResults([first, regrade])).toEqual([regrade]);
    expect(effectiveResults([regrade, first])).toEqual([regrade]);
  });

  it('never lets an infrastructure error of a regrade replace a grade', () => {
    const first = stored('live-1', { score: 4 });
    const failed = stored('regrade-1', { status: 'error', graded_at: '2026-12-05T00:00:00.000Z' });
    expect(effectiveResults([first, failed])).toEqual([first]);
  });

  it('keeps different commits, and the same commit pushed again later, apart', () => {
    const a = stored('live-1', { score: 4 });
    const b = stored('live-2', { commit: 'b'.repeat(40), submitted_at: '2026-12-01T11:00:00.000Z' });
    const again = stored('live-3', { submitted_at: '2026-12-01T12:00:00.000Z' });
    expect(effectiveResults([again, b, a])).toEqual([a, b, again]);
  });

  it('tells uploads apart by their folder, and a regrade of an upload replaces it', () => {
    const upload = (digest: string) => ({
      payload: {
        version: 1 as const,
        queue: 'live' as const,
        org: 'cs101',
        repo: 'hw1-alice',
        assignment: 'hw1',
        student: 'alice',
        submittedAt: '2026-12-01T10:00:00.000Z',
        submission: { kind: 'blob' as const, digest: digest.repeat(64) },
        course: { kind: 'blob' as const, digest: 'f'.repeat(64) },
      },
    });
    const first = stored('live-1', { commit: null, score: 4 }, upload('a'));
    const other = stored('live-2', { commit: null, score: 5 }, upload('b'));
    const regrade = stored(
      'regrade-1',
      { commit: null, score: 9, graded_at: '2026-12-05T00:00:00.000Z' },
      upload('a'),
    );
    expect(effectiveResults([first, other, regrade])).toEqual([regrade, other]);
  });
});

describe('standingOf', () => {
  it('takes the best on-time score, the best after late penalties, and counts graded submissions only', () => {
    const early = stored('live-1', { score: 6, submitted_at: '2026-12-01T09:00:00.000Z' });
    const late = stored('live-2', {
      commit: 'b'.repeat(40),
      score: 8.1,
      raw_score: 9,
      late: LATE_1,
      submitted_at: '2026-12-02T09:00:00.000Z',
    });
    const error = stored('live-3', {
      commit: 'c'.repeat(40),
      status: 'error',
      submitted_at: '2026-12-02T10:00:00.000Z',
      graded_at: '2026-12-02T10:00:09.000Z',
    });
    const rejected = stored('live-4', {
      commit: 'd'.repeat(40),
      status: 'rejected',
      submitted_at: '2026-12-02T11:00:00.000Z',
    });
    const standing = standingOf('alice', [early, late, error, rejected]);
    expect(standing).toEqual({
      student: 'alice',
      submissions: 2,
      onTime: early,
      best: late,
      latest: late,
      lastGradedAt: '2026-12-02T10:00:09.000Z',
    });
  });

  it('treats results without a due date as on time', () => {
    const free = stored('live-1', { late: null, score: 3 });
    expect(standingOf('alice', [free]).onTime).toEqual(free);
  });

  it('has nothing to stand on without a graded submission', () => {
    const error = stored('live-1', { status: 'error' });
    expect(standingOf('alice', [error])).toMatchObject({ submissions: 0, onTime: null, best: null });
  });
});

describe('rank', () => {
  it('orders by score, the earlier submission winning a tie, students without a result last', () => {
    const carol = stored('c', { student: 'carol', score: 7, submitted_at: '2026-12-01T12:00:00.000Z' });
    const bob = stored('b', { student: 'bob', score: 9 });
    const alice = stored('a', { student: 'alice', score: 7, submitted_at: '2026-12-01T08:00:00.000Z' });
    const rows = [
      { name: 'zed', result: null },
      { name: 'carol', result: carol },
      { name: 'dan', result: null },
      { name: 'alice', result: alice },
      { name: 'bob', result: bob },
    ];
    const ranked = rank(
      rows,
      (row) => row.result,
      (row) => row.name,
    );
    expect(ranked.map(({ rank: r, item }) => [r, item.name])).toEqual([
      [1, 'bob'],
      [2, 'alice'],
      [3, 'carol'],
      [null, 'dan'],
      [null, 'zed'],
    ]);
  });
});
