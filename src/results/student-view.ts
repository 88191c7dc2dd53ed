/**
 * A result as its student may see it now: before the due date (or without one), as if it had only
 * its visible tests, with the score and maximum of those. What the scoreboard ranks by and what a
 * grader finds of earlier submissions in its metadata, which student code can read.
 */
import type { GradingResult } from './results.js';

export function studentView(result: GradingResult, pastDue: boolean): GradingResult {
  if (pastDue || result.tests.every((test) => test.visibility === 'visible')) return result;
  const tests = result.tests.filter((test) => test.visibility === 'visible');
  const score = tests.reduce((sum, test) => sum + test.score, 0);
  const max_score = tests.reduce((sum, test) => sum + test.max_score, 0);
  return { ...result, tests, score, raw_score: score, max_score };
}
