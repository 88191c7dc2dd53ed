/**
 * Extra credit in a grader's results.json (issue 15, finding 9): with the course file's
 * `extra_credit`, a test may score above its max_score and the total above the maximum, up to the
 * maximum plus the extra credit; beyond that, and below 0, scores are clamped with a note.
 */
import { describe, expect, it } from 'vitest';
import { parseGradescopeResults } from '../../src/scoring/gradescope-results.js';

const parse = (json: unknown, maxScore: number | null, extraCredit?: number) =>
  parseGradescopeResults(Buffer.from(JSON.stringify(json)), maxScore, extraCredit);

/** The scores of a result in one line, "total of maximum: test of max_score, …". */
function scores(result: ReturnType<typeof parse>): string {
  if (!result.ok) return result.error;
  const tests = result.tests.map((t) => `${t.score} of ${t.max_score}`).join(', ');
  return `${result.score} of ${result.max_score}: ${tests}`;
}

const NOTE = 'gradebot limited what results.json reported:\n';
const BONUS_TEST = {
  tests: [
    { name: 'bonus', score: 7, max_score: 5 },
    { score: 5, max_score: 5 },
  ],
};

describe('parseGradescopeResults: extra credit', () => {
  it('without extra credit, clamps a test and the total to their maxima, as before', () => {
    const result = parse(BONUS_TEST, 10);
    expect(scores(result)).toBe('10 of 10: 5 of 5, 5 of 5');
    expect(result.ok && result.output).toBe(
      `${NOTE}- 1 test score(s) outside 0 to max_score (at most 1000000 points) were limited: "bonus" 7 of 5`,
    );
  });

  it('keeps a test above its max_score and a total above the maximum, within the extra credit', () => {
    const result = parse(BONUS_TEST, 10, 2);
    expect(scores(result)).toBe('12 of 10: 7 of 5, 5 of 5');
    expect(result.ok && result.output).toBe('');
  });

  it('keeps a top-level score exactly at the maximum plus the extra credit', () => {
    const result = parse({ score: 22, tests: [{ score: 20, max_score: 20 }] }, 20, 2);
    expect(scores(result)).toBe('22 of 20: 20 of 20');
    expect(result.ok && result.output).toBe('');
  });

  it('clamps a total beyond the cap to the maximum plus the extra credit, with a note', () => {
    const result = parse({ score: 22.5, tests: [{ score: 20, max_score: 20 }] }, 20, 2);
    expect(scores(result)).toBe('22 of 20: 20 of 20');
    expect(result.ok && result.output).toBe(
      `${NOTE}- the score 22.5 was limited to 22 (scores run from 0 to the maximum plus 2 points of extra credit)`,
    );
  });

  it('clamps a test beyond its max_score plus the extra credit, and the sum of the tests too', () => {
    const json = {
      tests: [
        { name: 'a', score: 9, max_score: 5 },
        { score: 8, max_score: 5 },
      ],
    };
    // Each test is held to 5 + 3 = 8; their sum, 16, to the maximum 10 + 3 = 13.
    const result = parse(json, null, 3);
    expect(scores(result)).toBe('13 of 10: 8 of 5, 8 of 5');
    expect(result.ok && result.output).toBe(
      `${NOTE}- 1 test score(s) outside 0 to max_score + 3 extra credit (at most 1000000 points) were limited: "a" 9 of 5\n` +
        '- the score 16 was limited to 13 (scores run from 0 to the maximum plus 3 points of extra credit)',
    );
  });

  it('still clamps negative scores to 0', () => {
    const result = parse({ score: -4, tests: [{ name: 'a', score: -1, max_score: 5 }] }, 5, 2);
    expect(scores(result)).toBe('0 of 5: 0 of 5');
    expect(result.ok && result.output).toMatch(/"a" -1 of 5[^]*the score -4 was limited to 0/);
  });

  it('marks a test above its max_score as passed', () => {
    const result = parse({ tests: [{ score: 6, max_score: 5 }] }, null, 1);
    expect(result.ok && result.tests[0]?.status).toBe('passed');
  });
});
