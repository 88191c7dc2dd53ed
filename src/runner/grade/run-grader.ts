/**
 * Runs a Gradescope-compatible grader: its script runs unchanged in the Gradescope layout and writes
 * /autograder/results/results.json, which is read back through the checking tar reader and parsed
 * with a schema. Whatever goes wrong with that file is a grading error the instructor can act on.
 * Before it runs, the files the image's build prepared for /autograder/source are added there.
 */
import type { GraderAssignment } from '../../course/types.js';
import type { LeaderboardEntry, TestResult } from '../../results/results.js';
import { parseGradescopeResults } from '../../scoring/gradescope-results.js';
import { formatDuration } from '../../text/format-duration.js';
import { shellQuote } from '../../text/shell-quote.js';
import { capturedText } from '../../exec/output-capture.js';
import { UnsafeResultsError } from '../sandbox/results-reader.js';
import { PATHS, type ExecResult, type Sandbox } from '../sandbox/sandbox.js';
import { SandboxStoppedError } from '../sandbox/sandbox-errors.js';
import type { JobClock } from './job-clock.js';
import { addPreparedSource } from './prepared-source.js';

const RESULTS_MAX_BYTES = 10 * 1024 * 1024;
/** The one file of /autograder/results that is read back; nothing else there is. */
const RESULTS_FILE = 'results.json';

export type GraderOutcome =
  | {
      kind: 'graded';
      tests: TestResult[];
      score: number;
      maxScore: number;
      output: string;
      leaderboard?: LeaderboardEntry[];
      /** The grader's own stdout and stderr, kept for staff even when its results are fine. */
      staffOutput: string;
      executionTime?: number;
      extraData?: unknown;
    }
  /** The grader itself ran out of time: the submission scores nothing, like any timeout. */
  | { kind: 'timeout'; output: string; staffOutput: string }
  /**
   * The grader's results could not be used: not the student's fault, unless `fault` says so (the
   * results folder held what could not be read back safely, which code the student wrote can cause).
   */
  | { kind: 'error'; output: string; staffOutput: string; fault?: 'submission' };

export async function runGrader(
  sandbox: Sandbox,
  assignment: GraderAssignment,
  clock: JobClock,
  onStep: (step: string) => void,
): Promise<GraderOutcome> {
  let run: ExecResult;
  try {
    onStep('adding the files the image prepared, if any');
    const unprepared = await addPreparedSource(sandbox, clock);
    if (unprepared) return { kind: 'error', ...unprepared };
    onStep(`grader: ${assignment.grader}`);
    run = await sandbox.exec({
      command: shellQuote(`${PATHS.source}/${assignment.grader}`),
      cwd: PATHS.root,
      timeoutMs: clock.remainingMs(),
      outputLimitBytes: assignment.limits.outputBytes,
    });
  } catch (error) {
    if (error instanceof SandboxStoppedError) return stoppedOutcome();
    throw error;
  }
  const log = graderLog(run);
  if (run.timedOut) {
    return {
      kind: 'timeout',
      output: `The grader did not finish within the job's ${formatDuration(clock.limitMs)} limit.`,
      staffOutput: log,
    };
  }

  onStep('reading results');
  let files: Map<string, Buffer>;
  try {
    files = await sandbox.copyOutResults([RESULTS_FILE], RESULTS_MAX_BYTES);
  } catch (error) {
    if (error instanceof UnsafeResultsError) {
      return {
        kind: 'error',
        output: `The results were refused: ${error.message}.`,
        staffOutput: log,
        fault: 'submission',
      };
    }
    if (error instanceof SandboxStoppedError) return stoppedOutcome();
    throw error;
  }
  const raw = files.get(RESULTS_FILE);
  if (!raw) {
    return {
      kind: 'error',
      output: `The grader did not write ${PATHS.results}/results.json (exit status ${run.exitCode ?? 'unknown'}).`,
      staffOutput: log,
    };
  }
  const parsed = parseGradescopeResults(raw, assignment.points, assignment.extraCredit);
  if (!parsed.ok)
    return { kind: 'error', output: `results.json is not usable: ${parsed.error}`, staffOutput: log };
  const stdout = capturedText(run.stdout);
  // Gradescope shows the grader's stdout to students only when results.json says so. A later
  // `stdout_visibility` (after the due date, after publishing) keeps it for staff: a result's output
  // has no visibility of its own, and showing too early cannot be undone.
  const shownStdout = parsed.stdoutVisibility === 'visible' && stdout ? `Grader output:\n${stdout}` : '';
  return {
    kind: 'graded',
    tests: parsed.tests,
    score: parsed.score,
    maxScore: parsed.max_score,
    output: [parsed.output, shownStdout].filter(Boolean).join('\n\n'),
    ...(parsed.leaderboard ? { leaderboard: parsed.leaderboard } : {}),
    staffOutput: log,
    ...(parsed.executionTime !== undefined ? { executionTime: parsed.executionTime } : {}),
    ...(parsed.extraData !== undefined ? { extraData: parsed.extraData } : {}),
  };
}

function stoppedOutcome(): GraderOutcome {
  return {
    kind: 'error',
    output: 'The sandbox had to be stopped before the grader finished.',
    staffOutput: '',
  };
}

function graderLog(run: ExecResult): string {
  const parts = [
    ['grader stdout', capturedText(run.stdout)],
    ['grader stderr', capturedText(run.stderr)],
  ].filter(([, text]) => text);
  return parts.map(([label, text]) => `--- ${label} ---\n${text}`).join('\n');
}
