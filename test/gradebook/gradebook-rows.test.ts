import { describe, expect, it } from 'vitest';
import { gradebookRows } from '../../src/gradebook/gradebook-rows.js';
import type { GradingResult } from '../../src/results/results.js';
import type { StoredResult } from '../../src/results/stored-result.js';
import { storedResult } from '../helpers/stored-result.js';
import { UNACCOMMODATED } from '../helpers/unaccommodated.js';

function stored(jobId: string, student: string, fields: Partial<GradingResult>): StoredResult {
  return storedResult(jobId, { student, ...fields });
}

describe('gradebookRows', () => {
  it('takes the best on-time score, the best with penalty and its submission, from the standings', () => {
    const results = new Map([
      [
        'alice',
        [
          stored('live-1', 'alice', { score: 6, raw_score: 6 }),
          stored('live-2', 'alice', {
            commit: 'b'.repeat(40),
            submitted_at: '2026-12-03T10:00:00.000Z',
            graded_at: '2026-12-03T10:00:04.000Z',
            late: { days: 2, penalty: 0.2, past_until: false },
            raw_score: 10,
            score: 8,
          }),
          stored('live-3', 'alice', {
            commit: 'c'.repeat(40),
            submitted_at: '2026-12-03T11:00:00.000Z',
            status: 'error',
          }),
        ],
      ],
    ]);
    expect(gradebookRows([], results)).toEqual([
      {
        login: 'alice',
        best_on_time: 6,
        best_with_penalty: 8,
        max_score: 10,
        submissions: 2,
        commit: 'b'.repeat(40),
        submitted_at: '2026-12-03T10:00:00.000Z',
        late_days: 2,
        ...UNACCOMMODATED,
      },
    ]);
  });

  it('counts a regraded submission once, at its newest grade', () => {
    const results = new Map([
      [
        'bob',
        [
          stored('live-1', 'bob', { score: 4, raw_score: 4 }),
          stored('regrade-1', 'bob', { score: 9, raw_score: 9, graded_at: '2026-12-09T00:00:00.000Z' }),
        ],
      ],
    ]);
    expect(gradebookRows([], results)[0]).toMatchObject({
      best_on_time: 9,
      best_with_penalty: 9,
      submissions: 1,
    });
  });

  it('lists roster students without submissions with empty scores and the current maximum', () => {
    const results = new Map([
      [
        'carol',
        [
          stored('live-1', 'carol', { score: 3, max_score: 10 }),
          stored('live-2', 'carol', {
            commit: 'd'.repeat(40),
            score: 12,
            max_score: 12,
            submitted_at: '2026-12-01T11:00:00.000Z',
            graded_at: '2026-12-01T11:00:05.000Z',
          }),
        ],
      ],
    ]);
    const rows = gradebookRows(['dave', 'carol'], results);
    expect(rows.map((r) => r.login)).toEqual(['carol', 'dave']);
    expect(rows[1]).toEqual({
      login: 'dave',
      best_on_time: null,
      best_with_penalty: null,
      max_score: 12,
      submissions: 0,
      commit: null,
      submitted_at: null,
      late_days: null,
      ...UNACCOMMODATED,
    });
  });

  it('shows a student with only late or past-until or error results', () => {
    const results = new Map([
      [
        'erin',
        [
          stored('live-1', 'erin', {
            submitted_at: '2026-12-09T00:00:00.000Z',
            late: { days: 8, penalty: 1, past_until: true },
            raw_score: 10,
            score: 0,
          }),
        ],
      ],
      ['frank', [stored('live-2', 'frank', { status: 'error', max_score: 0 })]],
    ]);
    expect(gradebookRows([], results)).toEqual([
      {
        login: 'erin',
        best_on_time: null,
        best_with_penalty: 0,
        max_score: 10,
        submissions: 1,
        commit: 'a'.repeat(40),
        submitted_at: '2026-12-09T00:00:00.000Z',
        late_days: 8,
        ...UNACCOMMODATED,
      },
      {
        login: 'frank',
        best_on_time: null,
        best_with_penalty: null,
        max_score: 10,
        submissions: 0,
        commit: null,
        submitted_at: null,
        late_days: null,
        ...UNACCOMMODATED,
      },
    ]);
  });
});
