import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/results/results.js';
import { roundScore, totalScore } from '../../src/scoring/total.js';

const t = (score: number, max_score: number): TestResult => ({
  name: 't',
  score,
  max_score,
  status: score >= max_score ? 'passed' : 'failed',
  output: '',
  visibility: 'visible',
  duration_ms: 0,
});

describe('totalScore', () => {
  it('sums scores and maxima', () => {
    expect(totalScore([t(5, 5), t(0, 3), t(1.5, 2)])).toEqual({ score: 6.5, max_score: 10 });
  });

  it('is zero for no tests', () => {
    expect(totalScore([])).toEqual({ score: 0, max_score: 0 });
  });

  it('rounds away float noise', () => {
    expect(totalScore([t(0.1, 0.1), t(0.2, 0.2)])).toEqual({ score: 0.3, max_score: 0.3 });
    expect(totalScore([t(1 / 3, 1), t(1 / 3, 1), t(1 / 3, 1)])).toEqual({ score: 1, max_score: 3 });
  });
});

describe('roundScore', () => {
  it('rounds to two decimals, halves up', () => {
    expect([1.005, 2.675, 0.125, 1.2345, 10, -0.001].map(roundScore)).toEqual([
      1.01, 2.68, 0.13, 1.23, 10, 0,
    ]);
  });
});
