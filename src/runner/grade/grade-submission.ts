/**
 * Grades one submission in one single-use sandbox: create → copy in → run → copy out → destroy.
 * The sandbox is removed on every path; a backstop ends the job even if the engine stops answering.
 * Student faults come back as results; infrastructure faults are thrown for the caller to retry.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { withheldFiles } from '../../course/withheld-files.js';
import type { Assignment, Course } from '../../course/types.js';
import type { GradingResult } from '../../results/results.js';
import type { Sandbox, SandboxProvider } from '../sandbox/sandbox.js';
import { SandboxInfrastructureError, SubmissionTooLargeError } from '../sandbox/sandbox-errors.js';
import { assembleResult, type RunOutcome, type SubmissionInfo } from './assemble-result.js';
import { JobClock } from './job-clock.js';
import { runDeclarative } from './run-declarative.js';
import { runGrader } from './run-grader.js';

/** Beyond the job's own limit, how long to wait before giving up on the engine. */
const BACKSTOP_GRACE_MS = 30_000;

export interface GradeRequest {
  course: Course;
  assignment: Assignment;
  /** Folder with the student's files at the graded commit. */
  submissionDir: string;
  submission: SubmissionInfo;
  /** Labels the container; default a random id. */
  jobId?: string;
  onStep?: (step: string) => void;
}

export async function gradeSubmission(
  provider: SandboxProvider,
  request: GradeRequest,
): Promise<GradingResult> {
  const { assignment } = request;
  const onStep = request.onStep ?? (() => undefined);
  onStep(`starting a sandbox from ${assignment.image}`);
  const sandbox = await provider.create({
    image: assignment.image,
    limits: assignment.limits,
    jobId: request.jobId ?? randomUUID(),
    writableSource: assignment.kind === 'grader',
  });
  try {
    const outcome = await withBackstop(
      runInSandbox(sandbox, request, onStep),
      assignment.limits.timeMs + BACKSTOP_GRACE_MS,
      () => sandbox.destroy(),
    );
    return assembleResult(assignment, request.submission, outcome, new Date());
  } finally {
    onStep('removing the sandbox');
    await sandbox.destroy();
  }
}

async function runInSandbox(
  sandbox: Sandbox,
  request: GradeRequest,
  onStep: (step: string) => void,
): Promise<RunOutcome> {
  const { course, assignment } = request;
  const clock = new JobClock(assignment.limits.timeMs);
  onStep('copying files in');
  try {
    const exclude = assignment.kind === 'tests' ? withheldFiles(assignment) : undefined;
    await sandbox.copyIn('source', path.join(course.root, assignment.dir), { exclude });
    await sandbox.copyIn('submission', request.submissionDir);
  } catch (error) {
    if (!(error instanceof SubmissionTooLargeError)) throw error;
    return { status: 'rejected', tests: [], output: `${error.message}; it was not graded.` };
  }

  if (assignment.kind === 'tests') {
    const { tests, output } = await runDeclarative(sandbox, course, assignment, clock, onStep);
    return { status: 'graded', tests, output };
  }
  const outcome = await runGrader(sandbox, assignment, clock, onStep);
  switch (outcome.kind) {
    case 'graded':
      return {
        status: 'graded',
        tests: outcome.tests,
        output: outcome.output,
        score: { score: outcome.score, maxScore: outcome.maxScore },
        ...(outcome.leaderboard ? { leaderboard: outcome.leaderboard } : {}),
      };
    case 'timeout':
      return { status: 'graded', tests: [], output: outcome.output, staffOutput: outcome.staffOutput };
    case 'error':
      return { status: 'error', tests: [], output: outcome.output, staffOutput: outcome.staffOutput };
  }
}

/** Settles with `work`, or rejects after `ms` having run `onExpiry` (which should make `work` end). */
async function withBackstop<T>(work: Promise<T>, ms: number, onExpiry: () => Promise<void>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const backstop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onExpiry().finally(() =>
        reject(
          new SandboxInfrastructureError(`grading did not end within ${ms} ms; the sandbox was removed`),
        ),
      );
    }, ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, backstop]);
  } finally {
    clearTimeout(timer);
  }
}
