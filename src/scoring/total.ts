/**
 * Sums of points. Scores are kept to two decimals everywhere, so that 0.1 + 0.2 is shown, stored
 * and compared as 0.3 rather than 0.30000000000000004.
 */
import type { TestResult } from '../results/results.js';

export function roundScore(x: number): number {
  // toPrecision first absorbs the representation error (1.005 * 100 is 100.49999999999999).
  const rounded = Math.round(Number((x * 100).toPrecision(12))) / 100;
  return rounded === 0 ? 0 : rounded;
}

export function totalScore(tests: readonly TestResult[]): { score: number; max_score: number } {
  let score = 0;
  let max = 0;
  for (const test of tests) {
    score += test.score;
    max += test.max_score;
  }
  return { score: roundScore(score), max_score: roundScore(max) };
}
