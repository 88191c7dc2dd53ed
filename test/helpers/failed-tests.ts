/** A graded result of failed tests, each with a given output (and its format), for pure tests of how outputs are shown. */
import type { GradingResult, TestResult } from '../../src/results/results.js';

export function failedTest(name: string, output: string, format?: TestResult['output_format']): TestResult {
  return {
    name,
    status: 'failed',
    score: 0,
    max_score: 1,
    output,
    ...(format ? { output_format: format } : {}),
    visibility: 'visible',
    duration_ms: 0,
  };
}

export function failedResult(tests: TestResult[]): GradingResult {
  return {
    assignment: 'hw1',
    student: 'alice',
    commit: null,
    submitted_at: '2026-12-01T10:00:00.000Z',
    graded_at: '2026-12-01T10:00:01.000Z',
    late: null,
    status: 'graded',
    score: 0,
    max_score: tests.length,
    raw_score: 0,
    output: '',
    tests,
  };
}
