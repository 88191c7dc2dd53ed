/**
 * Grades one submission in one single-use sandbox: create → copy in → run → copy out → destroy.
 * The sandbox is removed on every path; a backstop ends the job even if the engine stops answering.
 * Student faults come back as results; infrastructure faults are thrown for the caller to retry.
 */
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { withheldFiles } from '../../course/withheld-files.js';
import type { Assignment, Course } from '../../course/types.js';
import type { GradingResult } from '../../results/results.js';
import type { Sandbox, SandboxProvider } from '../sandbox/sandbox.js';
import { SandboxInfrastructureError, SubmissionTooLargeError } from '../sandbox/sandbox-errors.js';
import { FolderTooLargeError, packFolderToBuffer } from '../../archive/tar-pack.js';
import { assembleResult, type RunOutcome, type SubmissionInfo } from './assemble-result.js';
import { JobClock } from './job-clock.js';
import { runDeclarative } from './run-declarative.js';
import { runGrader } from './run-grader.js';
import { METADATA_FILE, metadataFile, type SubmissionMethod } from './submission-metadata.js';

/** The modification time of every file in /autograder/source. */
const SOURCE_MTIME = new Date('2000-01-01T00:00:00Z');

/** Beyond the job's own limit, how long to wait before giving up on the engine. */
const BACKSTOP_GRACE_MS = 30_000;

export interface GradeRequest {
  course: Course;
  assignment: Assignment;
  /** Folder with the student's files at the graded commit. */
  submissionDir: string;
  submission: SubmissionInfo;
  /** How it arrived, for graders' submission metadata (default 'upload'). */
  submissionMethod?: SubmissionMethod;
  /**
   * The student's earlier graded submissions of the assignment, oldest first, which graders find in
   * their submission metadata (default none).
   */
  previousSubmissions?: readonly GradingResult[];
  /** The clock that decides what of those a grader may see: before the due date, visible tests only (default the system's). */
  now?: () => Date;
  /** Labels the container; default a random id. */
  jobId?: string;
  onStep?: (step: string) => void;
  /**
   * Return the result while the sandbox is being removed, instead of after (default false). For
   * daemons, which keep running and wait for removals when they stop; removal failures go here.
   */
  removeInBackground?: (removal: Promise<void>) => void;
}

export async function gradeSubmission(
  provider: SandboxProvider,
  request: GradeRequest,
): Promise<GradingResult> {
  const { assignment } = request;
  const onStep = request.onStep ?? (() => undefined);
  // Graded now, but judged by when it was submitted, in the course's time zone.
  const assemble = (outcome: RunOutcome) =>
    assembleResult(assignment, request.submission, outcome, new Date(), request.course.timezone);
  const source = await sourceArchive(request.course, assignment);
  if (!source.ok) return assemble(source.outcome);
  onStep(`starting a sandbox from ${assignment.image}`);
  let sandbox: Sandbox;
  try {
    sandbox = await provider.create({
      image: assignment.image,
      limits: assignment.limits,
      jobId: request.jobId ?? randomUUID(),
      writableSource: assignment.kind === 'grader',
      asRoot: assignment.kind === 'grader' && assignment.user === 'root',
      source: source.archive,
    });
  } catch (error) {
    if (!(error instanceof SubmissionTooLargeError)) throw error;
    return assemble(tooLarge('the assignment folder', error));
  }
  try {
    const outcome = await withBackstop(
      runInSandbox(sandbox, request, onStep),
      assignment.limits.timeMs + BACKSTOP_GRACE_MS,
      () => sandbox.destroy(),
    );
    return assemble(outcome);
  } finally {
    onStep('removing the sandbox');
    const removal = sandbox.destroy();
    if (request.removeInBackground) request.removeInBackground(removal);
    else await removal;
  }
}

async function runInSandbox(
  sandbox: Sandbox,
  request: GradeRequest,
  onStep: (step: string) => void,
): Promise<RunOutcome> {
  const { course, assignment } = request;
  const clock = new JobClock(assignment.limits.timeMs);
  onStep('copying the submission in');
  try {
    await sandbox.copyIn('submission', request.submissionDir);
  } catch (error) {
    if (!(error instanceof SubmissionTooLargeError)) throw error;
    return {
      status: 'rejected',
      tests: [],
      output: `${error.message}; it was not graded.`,
      fault: 'submission',
    };
  }

  if (assignment.kind === 'tests') {
    const { tests, output } = await runDeclarative(sandbox, course, assignment, clock, onStep);
    return { status: 'graded', tests, output };
  }
  onStep(`writing ${METADATA_FILE}`);
  const metadata = metadataFile({
    course,
    assignment,
    submission: request.submission,
    method: request.submissionMethod ?? 'upload',
    previous: request.previousSubmissions ?? [],
    now: (request.now ?? (() => new Date()))(),
  });
  await sandbox.copyInFile(METADATA_FILE, metadata);
  const outcome = await runGrader(sandbox, assignment, clock, onStep);
  switch (outcome.kind) {
    case 'graded':
      return {
        status: 'graded',
        tests: outcome.tests,
        output: outcome.output,
        score: { score: outcome.score, maxScore: outcome.maxScore },
        ...(outcome.leaderboard ? { leaderboard: outcome.leaderboard } : {}),
        staffOutput: outcome.staffOutput,
        ...(outcome.executionTime !== undefined ? { executionTime: outcome.executionTime } : {}),
        ...(outcome.extraData !== undefined ? { extraData: outcome.extraData } : {}),
      };
    case 'timeout':
      return { status: 'graded', tests: [], output: outcome.output, staffOutput: outcome.staffOutput };
    case 'error':
      return {
        status: 'error',
        tests: [],
        output: outcome.output,
        staffOutput: outcome.staffOutput,
        ...(outcome.fault ? { fault: outcome.fault } : {}),
      };
  }
}

/**
 * The assignment folder as the container will see it (without withheld files), packed once so a
 * prestarted sandbox can hold it already. Too large for the sandbox is the instructor's to fix.
 */
async function sourceArchive(
  course: Course,
  assignment: Assignment,
): Promise<{ ok: true; archive: { key: string; tar: Buffer } } | { ok: false; outcome: RunOutcome }> {
  const exclude = assignment.kind === 'tests' ? withheldFiles(assignment) : undefined;
  try {
    // A fixed time, so every job of the same assignment gets the same archive and key.
    const tar = await packFolderToBuffer(path.join(course.root, assignment.dir), {
      exclude,
      maxBytes: assignment.limits.diskBytes,
      mtime: SOURCE_MTIME,
    });
    return { ok: true, archive: { key: createHash('sha256').update(tar).digest('hex'), tar } };
  } catch (error) {
    if (!(error instanceof FolderTooLargeError)) throw error;
    return { ok: false, outcome: tooLarge('the assignment folder', error) };
  }
}

function tooLarge(what: string, error: Error): RunOutcome {
  return {
    status: 'error',
    tests: [],
    output: `${what} is larger than the sandbox's writable space`,
    staffOutput: error.message,
  };
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
