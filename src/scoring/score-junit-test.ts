/**
 * A declarative test with `junit`: its points split evenly among the test cases of the JUnit report
 * its command wrote, each passing case earning points / N, as GitHub Classroom's Python grader
 * scores a pytest run (2 of 3 passing of 10 points is 6.67). The exit status is not checked (pytest
 * exits 1 whenever a case fails); a timeout, or no usable report, scores 0.
 */
import type { DeclarativeTest } from '../course/types.js';
import type { TestResult, TestStatus } from '../results/results.js';
import type { ExecResult } from '../exec/exec-result.js';
import { formatDuration } from '../text/format-duration.js';
import { readJunitCases } from './junit-cases.js';
import { describeExitCode, showStream } from './score-test.js';

/**
 * @param test with `timeoutMs` the budget the test actually had, and `junit` set
 * @param found the report's bytes, null when the command wrote none; or why it was refused
 */
export function scoreJunitTest(
  test: DeclarativeTest,
  run: ExecResult,
  found: { report: Buffer | null; refused: string | null },
  setup: ExecResult | null = null,
): TestResult {
  const { status, score, summary } = judge(test, run, found);
  const streams = `${showStream('stdout', run.stdout)}\n${showStream('stderr', run.stderr)}`;
  return {
    name: test.name,
    score,
    max_score: test.points,
    status,
    output: `${summary}\n\n${streams}`,
    visibility: test.visibility,
    duration_ms: Math.max(0, Math.round(run.durationMs + (setup?.durationMs ?? 0))),
  };
}

function judge(
  test: DeclarativeTest,
  run: ExecResult,
  { report, refused }: { report: Buffer | null; refused: string | null },
): { status: TestStatus; score: number; summary: string } {
  if (run.timedOut) {
    return { status: 'timeout', score: 0, summary: `timed out after ${formatDuration(test.timeoutMs)}` };
  }
  const exit = run.exitCode === null ? 'no exit status' : `exit status ${describeExitCode(run.exitCode)}`;
  if (refused !== null) {
    return { status: 'failed', score: 0, summary: `the test report ${test.junit} was refused: ${refused}` };
  }
  if (report === null) {
    return {
      status: 'failed',
      score: 0,
      summary: `the command wrote no test report ${test.junit} (${exit})`,
    };
  }
  const read = readJunitCases(report.toString('utf8'));
  if (!read.ok) {
    return {
      status: 'failed',
      score: 0,
      summary: `the test report ${test.junit} is not usable: ${read.error}`,
    };
  }
  const { cases } = read;
  if (cases.length === 0) {
    return {
      status: 'failed',
      score: 0,
      summary: `the test report ${test.junit} lists no test cases (${exit})`,
    };
  }
  const passed = cases.filter((testCase) => testCase.passed).length;
  const lines = cases.map((testCase) => `${testCase.passed ? 'passed' : 'FAILED'}  ${testCase.name}`);
  return {
    status: passed === cases.length ? 'passed' : 'failed',
    score: (test.points * passed) / cases.length,
    summary: `${passed} of ${cases.length} test cases passed\n${lines.join('\n')}`,
  };
}
