/** Which earlier submissions a grader's metadata lists: graded ones before this one, once each. */
import { expect, it } from 'vitest';
import { earlierGraded } from '../../src/runner/daemon/previous-submissions.js';
import { storedResult } from '../helpers/stored-result.js';

const at = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

it('lists graded submissions made before this one, oldest first, a regraded one by its newest grade', () => {
  const first = { commit: 'a'.repeat(40), submitted_at: at(9) };
  const stored = [
    storedResult('first', { ...first, score: 3, graded_at: at(9) }),
    storedResult('first-regraded', { ...first, score: 5, graded_at: at(20) }),
    // A regrade that failed does not replace the grade.
    storedResult('first-regrade-failed', { ...first, status: 'error', graded_at: at(21) }),
    storedResult('refused', { commit: 'b'.repeat(40), submitted_at: at(10), status: 'rejected' }),
    storedResult('failed', { commit: 'c'.repeat(40), submitted_at: at(11), status: 'error' }),
    storedResult('second', { commit: 'd'.repeat(40), submitted_at: at(12), score: 7 }),
    // This submission itself (graded before, now regraded), and one made after it.
    storedResult('this', { commit: 'e'.repeat(40), submitted_at: at(13), score: 8 }),
    storedResult('later', { commit: 'f'.repeat(40), submitted_at: at(14), score: 9 }),
  ];
  const earlier = earlierGraded(stored, new Date(at(13)));
  expect(earlier.map((r) => [r.commit?.[0], r.score])).toEqual([
    ['a', 5],
    ['d', 7],
  ]);
});
