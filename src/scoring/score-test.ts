/**
 * Turns one executed declarative test into its result: status, points, and the text the student
 * may see (why it failed, then what the program printed).
 */
import type { DeclarativeTest } from '../course/types.js';
import type { TestResult, TestStatus } from '../results/results.js';
import { capturedText, formatCount, isTruncated, shortenCapture } from '../exec/output-capture.js';
import type { CapturedOutput, ExecResult } from '../exec/exec-result.js';
import { formatDuration } from '../text/format-duration.js';
import { compareOutput } from './compare-output.js';

/** Bytes of each stream kept in a test's output; check runs and comments have their own, lower caps. */
export const SHOWN_STREAM_BYTES = 64 * 1024;

/**
 * @param test with `timeoutMs` the budget the test actually had
 * @param setup the test's setup, which succeeded; null without one
 */
export function scoreDeclarativeTest(
  test: DeclarativeTest,
  expectedStdout: string | null,
  run: ExecResult,
  setup: ExecResult | null = null,
): TestResult {
  const reasons: string[] = [];
  let status: TestStatus;
  if (run.timedOut) {
    status = 'timeout';
    const together = setup === null || test.setupTimeoutMs !== null ? '' : ' (setup and run together)';
    reasons.push(`timed out after ${formatDuration(test.timeoutMs)}${together}`);
  } else if (run.exitCode === null) {
    status = 'error';
    reasons.push('the command did not finish and reported no exit status');
  } else {
    if (test.exit !== 'any' && run.exitCode !== test.exit) {
      reasons.push(`exit status: expected ${test.exit}, got ${describeExitCode(run.exitCode)}`);
    }
    if (expectedStdout !== null) {
      const comparison = compareOutput(run.stdout, expectedStdout, test.match, {
        normalize: test.normalize,
        flags: test.regexFlags,
      });
      // The reason quotes the expected output; a hidden test's expected output is never shown.
      const reason = test.visibility === 'visible' ? comparison.reason : null;
      if (!comparison.passed) reasons.push(`stdout: ${reason ?? 'did not match the expected output'}`);
    }
    status = reasons.length === 0 ? 'passed' : 'failed';
  }
  const streams = `${showStream('stdout', run.stdout)}\n${showStream('stderr', run.stderr)}`;
  return {
    name: test.name,
    score: status === 'passed' ? test.points : 0,
    max_score: test.points,
    status,
    output: reasons.length > 0 ? `${reasons.join('\n')}\n\n${streams}` : streams,
    visibility: test.visibility,
    duration_ms: Math.max(0, Math.round(run.durationMs + (setup?.durationMs ?? 0))),
  };
}

/** A test's setup must finish in time with exit status 0 for its command to run. */
export function setupSucceeded(setup: ExecResult): boolean {
  return !setup.timedOut && setup.exitCode === 0;
}

/**
 * A test whose setup failed: its command was never run, and its output is the setup's. `limitMs` is
 * the setup's time limit: the test's own, unless the setup has one of its own.
 */
export function setupFailedResult(
  test: DeclarativeTest,
  setup: ExecResult,
  limitMs = test.timeoutMs,
): TestResult {
  let status: TestStatus = 'failed';
  let reason: string;
  if (setup.timedOut) {
    status = 'timeout';
    reason = `the setup timed out after ${formatDuration(limitMs)}`;
  } else if (setup.exitCode === null) {
    status = 'error';
    reason = 'the setup did not finish and reported no exit status';
  } else {
    reason = `the setup failed (exit status ${describeExitCode(setup.exitCode)})`;
  }
  const streams = `${showStream('setup stdout', setup.stdout)}\n${showStream('setup stderr', setup.stderr)}`;
  return {
    name: test.name,
    score: 0,
    max_score: test.points,
    status,
    output: `${reason}, so the test was not run.\n\n${streams}`,
    visibility: test.visibility,
    duration_ms: Math.max(0, Math.round(setup.durationMs)),
  };
}

/** Every test of an assignment whose build step failed; the build log belongs in `reason`. */
export function buildFailedResult(test: DeclarativeTest, reason: string): TestResult {
  return notRun(test, `The build failed, so this test was not run.\n\n${reason}`);
}

/** A test that was never run, e.g. because the job's time limit ran out first. */
export function notRunResult(test: DeclarativeTest, reason: string): TestResult {
  return notRun(test, `Not run: ${reason}`);
}

function notRun(test: DeclarativeTest, output: string): TestResult {
  return {
    name: test.name,
    score: 0,
    max_score: test.points,
    status: 'error',
    output: output.trimEnd(),
    visibility: test.visibility,
    duration_ms: 0,
  };
}

export function showStream(label: string, captured: CapturedOutput): string {
  if (captured.totalBytes === 0) return `--- ${label} (empty) ---`;
  const size = isTruncated(captured) ? ` (${formatCount(captured.totalBytes)} bytes)` : '';
  const text = capturedText(shortenCapture(captured, SHOWN_STREAM_BYTES));
  // One final newline is dropped so the next header follows directly; the reasons cover newlines.
  return `--- ${label}${size} ---\n${text.endsWith('\n') ? text.slice(0, -1) : text}`;
}

/** Exit statuses 128+N mean "killed by signal N"; name the usual suspects in the student's terms. */
const EXIT_MEANINGS: Record<number, string> = {
  126: 'the command could not be executed; is the file executable?',
  127: 'command not found',
  134: 'SIGABRT: the program aborted, e.g. a failed assertion',
  135: 'SIGBUS: bus error',
  136: 'SIGFPE: arithmetic error, e.g. integer division by zero',
  137: 'SIGKILL: killed, likely out of memory',
  139: 'SIGSEGV: segmentation fault',
  143: 'SIGTERM: terminated',
};

export function describeExitCode(code: number): string {
  const meaning = EXIT_MEANINGS[code];
  return meaning === undefined ? String(code) : `${code} (${meaning})`;
}
