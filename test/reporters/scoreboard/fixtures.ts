/** Courses and results for the scoreboard tests. */
import type { GradingResult, TestResult } from '../../../src/results/results.js';
import type { PublishedAssignment, PublishedCourse } from '../../../src/store/course-registry.js';
import type { StoredResult } from '../../../src/results/stored-result.js';

export const DUE = '2026-12-02T04:59:00.000Z';
export const BEFORE_DUE = new Date('2026-12-01T12:00:00Z');
export const AFTER_DUE = new Date('2026-12-03T12:00:00Z');

export function assignment(extra: Partial<PublishedAssignment> = {}): PublishedAssignment {
  return {
    id: 'hw1',
    title: 'Homework 1: Hello',
    repos: 'hw1-*',
    kind: 'tests',
    due: DUE,
    late: { until: '2026-12-04T04:59:00.000Z', penaltyPerDay: 0.1 },
    limit: null,
    scoreboard: true,
    ...extra,
  };
}

export function course(org = 'cs101', assignments: PublishedAssignment[] = [assignment()]): PublishedCourse {
  return {
    org,
    course: 'cs101-fall26',
    timezone: 'America/Toronto',
    commit: 'c0ffee',
    archive: 'sha256:0',
    installation: 1,
    publishedAt: '2026-11-01T00:00:00.000Z',
    assignments,
  };
}

export const test = (
  name: string,
  score: number,
  max: number,
  visibility: TestResult['visibility'] = 'visible',
): TestResult => ({
  name,
  score,
  max_score: max,
  status: score >= max ? 'passed' : 'failed',
  output: 'secret output',
  visibility,
  duration_ms: 10,
});

/** A graded result; `at` is the submission time, graded a second later. */
export function result(
  student: string,
  tests: TestResult[],
  at: string,
  extra: Partial<GradingResult> = {},
): GradingResult {
  const raw = tests.reduce((sum, t) => sum + t.score, 0);
  const penalty = extra.late?.penalty ?? 0;
  return {
    assignment: 'hw1',
    student,
    commit: `commit-${student}-${at}`,
    submitted_at: at,
    graded_at: new Date(Date.parse(at) + 1000).toISOString(),
    late: { days: 0, penalty: 0, past_until: false },
    status: 'graded',
    score: Math.round(raw * (1 - penalty) * 100) / 100,
    raw_score: raw,
    max_score: tests.reduce((sum, t) => sum + t.max_score, 0),
    output: '',
    tests,
    ...extra,
  };
}

export function stored(jobId: string, value: GradingResult, org = 'cs101'): StoredResult {
  return { jobId, org, result: value };
}
