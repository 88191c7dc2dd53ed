/**
 * Runs a declarative assignment in a sandbox: the build once, then each test with its own input and
 * time limit. Expected outputs stay here, outside the container; comparison is pure scoring code.
 */
import { readTextSource } from '../../course/withheld-files.js';
import type { Course, DeclarativeTest, TestsAssignment } from '../../course/types.js';
import type { TestResult } from '../../results/results.js';
import {
  buildFailedResult,
  notRunResult,
  scoreDeclarativeTest,
  setupFailedResult,
  setupSucceeded,
} from '../../scoring/score-test.js';
import { scoreJunitTest } from '../../scoring/score-junit-test.js';
import { withFeedback } from '../../scoring/test-feedback.js';
import { formatDuration } from '../../text/format-duration.js';
import { capturedText } from '../../exec/output-capture.js';
import { PATHS, type ExecResult, type Sandbox } from '../sandbox/sandbox.js';
import { SandboxStoppedError, SubmissionTooLargeError } from '../sandbox/sandbox-errors.js';
import type { JobClock } from './job-clock.js';
import { clearJunitReport, readJunitReport } from './junit-report.js';

export interface DeclarativeOutcome {
  tests: TestResult[];
  /** The build log when the build failed, otherwise empty. */
  output: string;
}

export async function runDeclarative(
  sandbox: Sandbox,
  course: Course,
  assignment: TestsAssignment,
  clock: JobClock,
  onStep: (step: string) => void,
): Promise<DeclarativeOutcome> {
  const { limits } = assignment;
  if (assignment.build) {
    onStep(`build: ${assignment.build.run}`);
    const budget = clock.budget(assignment.build.timeoutMs);
    const build = await runStopped(() =>
      sandbox.exec({
        command: assignment.build!.run,
        cwd: PATHS.submission,
        timeoutMs: budget.timeoutMs,
        outputLimitBytes: limits.outputBytes,
      }),
    );
    const failure = buildFailure(build, budget.timeoutMs);
    if (failure) {
      return {
        tests: assignment.tests.map((test) => buildFailedResult(test, failure.reason)),
        output: failure.log,
      };
    }
  }

  // Every test starts from the submission as the build left it, whatever earlier tests did.
  const saving = keepsTestsApart(assignment) ? await saveAfterBuild(sandbox) : null;
  if (saving !== null) {
    return { tests: assignment.tests.map((test) => buildFailedResult(test, saving)), output: '' };
  }
  const tests: TestResult[] = [];
  let stoppedBy: string | null = null;
  for (const test of assignment.tests) {
    if (stoppedBy) {
      tests.push(notRunResult(test, stoppedBy));
      continue;
    }
    if (clock.expired()) {
      tests.push(notRunResult(test, `the job's ${formatDuration(clock.limitMs)} time limit was reached`));
      continue;
    }
    onStep(`test: ${test.name}`);
    const result = await runTest(sandbox, course, assignment, test, clock, onStep);
    if (result === 'stopped') {
      stoppedBy = 'the sandbox was stopped after an earlier step could not be contained';
      tests.push(notRunResult(test, stoppedBy));
      continue;
    }
    tests.push(result);
  }
  return { tests, output: '' };
}

/**
 * One test: its setup, if any, then its command, within the test's one time budget, or, when the
 * setup has a timeout of its own, the setup within that and the command within the whole timeout.
 */
async function runTest(
  sandbox: Sandbox,
  course: Course,
  assignment: TestsAssignment,
  test: DeclarativeTest,
  clock: JobClock,
  onStep: (step: string) => void,
): Promise<TestResult | 'stopped'> {
  const input = test.stdin ? await readTextSource(course, assignment, test.stdin) : '';
  const stdin = Buffer.from(input);
  const expected = test.stdout ? await readTextSource(course, assignment, test.stdout) : null;
  const budget = clock.budget(test.timeoutMs);
  const setupBudget = test.setupTimeoutMs === null ? budget : clock.budget(test.setupTimeoutMs);
  const exec = (command: string, timeoutMs: number, input: Buffer) =>
    runStopped(() =>
      sandbox.exec({
        command,
        cwd: PATHS.submission,
        stdin: input,
        timeoutMs,
        outputLimitBytes: assignment.limits.outputBytes,
      }),
    );
  const timed = { ...test, timeoutMs: budget.timeoutMs };
  try {
    if (keepsTestsApart(assignment)) await sandbox.resetBetweenTests();
    if (test.junit !== null) await clearJunitReport(sandbox, test.junit);
  } catch (error) {
    if (error instanceof SandboxStoppedError) return 'stopped';
    throw error;
  }
  let setup: ExecResult | null = null;
  if (test.setup !== null) {
    onStep(`setup: ${test.name}`);
    const result = await exec(test.setup, setupBudget.timeoutMs, Buffer.alloc(0));
    if (result === 'stopped') return result;
    if (!setupSucceeded(result)) return setupFailedResult(timed, result, setupBudget.timeoutMs);
    setup = result;
  }
  // With a setup timeout of its own, the command starts afresh with the whole test timeout.
  const left =
    test.setupTimeoutMs === null
      ? budget.timeoutMs - (setup?.durationMs ?? 0)
      : clock.budget(test.timeoutMs).timeoutMs;
  const run = await exec(test.run, Math.max(1, Math.floor(left)), stdin);
  if (run === 'stopped') return run;
  const feedback = {
    stdin: test.stdin ? { source: test.stdin, text: input } : null,
    expectedStdout: expected,
    run,
    build: assignment.build?.run ?? null,
    image: assignment.image,
  };
  if (test.junit === null)
    return withFeedback(scoreDeclarativeTest(timed, expected, run, setup), test, feedback);
  try {
    const scored = scoreJunitTest(timed, run, await readJunitReport(sandbox, test.junit), setup);
    return withFeedback(scored, test, feedback);
  } catch (error) {
    if (error instanceof SandboxStoppedError) return 'stopped';
    throw error;
  }
}

function buildFailure(
  build: ExecResult | 'stopped',
  timeoutMs: number,
): { reason: string; log: string } | null {
  if (build === 'stopped') return { reason: 'the build could not be contained and was stopped', log: '' };
  const log = [capturedText(build.stdout), capturedText(build.stderr)].filter(Boolean).join('\n');
  if (build.timedOut) return { reason: `the build did not finish within ${formatDuration(timeoutMs)}`, log };
  if (build.exitCode !== 0)
    return { reason: `the build failed (exit status ${build.exitCode ?? 'unknown'})`, log };
  return null;
}

/**
 * Whether each test starts afresh (see `Sandbox.resetBetweenTests`): when any test is hidden or
 * shown only after the due date, so that its input cannot reach a test the student sees. With
 * every test visible there is nothing to keep secret, and tests may build on earlier ones, as in
 * GitHub Classroom's single checkout.
 */
export function keepsTestsApart(assignment: TestsAssignment): boolean {
  return assignment.tests.some((test) => test.visibility !== 'visible');
}

/** Null once saved; otherwise why no test can run. */
async function saveAfterBuild(sandbox: Sandbox): Promise<string | null> {
  try {
    await sandbox.saveSubmission();
    return null;
  } catch (error) {
    if (error instanceof SandboxStoppedError) return 'the sandbox was stopped after the build';
    if (error instanceof SubmissionTooLargeError) return error.message;
    throw error;
  }
}

async function runStopped(run: () => Promise<ExecResult>): Promise<ExecResult | 'stopped'> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SandboxStoppedError) return 'stopped';
    throw error;
  }
}
