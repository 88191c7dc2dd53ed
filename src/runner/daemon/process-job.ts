/**
 * What a runner does with one job it holds. The student's faults end as stored results and are
 * never retried; infrastructure faults are retried with backoff and, once attempts run out, stored
 * as an infrastructure error that does not count against the student.
 */
import { CourseError } from '../../course/course-error.js';
import { InfrastructureFault, SubmissionFault } from '../../faults.js';
import { UnusableImageError } from '../sandbox/sandbox-errors.js';
import { errorResult } from '../../jobs/error-result.js';
import { supersedeScope } from '../../jobs/job-id.js';
import { jobLogFields } from '../../jobs/job-log-fields.js';
import { parseJobPayload, type JobPayload } from '../../jobs/job-payload.js';
import { commitOf, submissionMethod } from '../../jobs/submission-ref.js';
import type { Logger } from '../../log/logger.js';
import type { RunnerMetrics } from '../../metrics/runner-metrics.js';
import type { Lease } from '../../queue/job-leases.js';
import type { ReportRequests } from '../../queue/report-queue.js';
import type { GradingResult } from '../../results/results.js';
import type { GradingRecord } from '../../results/stored-result.js';
import type { FairShare } from '../../store/fair-share.js';
import type { ResultsStore } from '../../store/results-store.js';
import type { LimitLedger } from '../../store/limit-ledger.js';
import type { SupersedeLedger } from '../../store/supersede-ledger.js';
import type { StaffCommands } from '../../store/staff-commands.js';
import { gradeSubmission } from '../grade/grade-submission.js';
import type { SandboxProvider } from '../sandbox/sandbox.js';
import { prepareWorkspace, type WorkspaceOptions } from './workspace.js';
import { releaseUnlessGraded, reserveOrReject } from './limit-gate.js';
import { loadPreviousSubmissions } from './previous-submissions.js';
import { recordNickname, withNicknameNote } from './read-nickname.js';

/** How long a job waits when its student already has their fair share of runners. */
const FAIR_SHARE_DELAY_MS = 2_000;
/**
 * How long a job waits when the bot cannot hand out its fetch token, and how long the slot rests
 * before taking another job (which would need the bot too): at most one try per slot this often.
 */
export const BOT_WAIT_MS = 5_000;

export interface JobDeps {
  provider: SandboxProvider;
  results: ResultsStore;
  supersede: SupersedeLedger;
  /** Live submissions counted against assignments' submission limits. */
  limits: LimitLedger;
  fairShare: FairShare;
  workspace: WorkspaceOptions;
  runnerId: string;
  log: Logger;
  /** Takes sandbox removals that finish after the job's result is stored. */
  removals: (removal: Promise<void>) => void;
  /** Where jobs from the GitHub App announce their changes, for the bot to report. */
  reports: ReportRequests;
  /** Extensions granted by staff commands, which count as the course file's do. */
  grants?: Pick<StaffCommands, 'withGrantedExtensions'>;
  /** The clock the grading time is measured with (default: `Date.now`). */
  now?: () => number;
  /** Where jobs started and finished are counted and timed (none: not measured). */
  metrics?: JobMetrics;
}

export type JobMetrics = Pick<
  RunnerMetrics,
  'jobsStarted' | 'jobsCompleted' | 'queueSeconds' | 'gradingSeconds'
>;

export async function processJob(lease: Lease, deps: JobDeps): Promise<void> {
  const parsed = parseJobPayload(lease.data);
  if (!parsed.ok) {
    deps.log.error('rejected a job with an invalid payload', { job: lease.id, reason: parsed.error });
    await lease.reject(parsed.error);
    return;
  }
  const payload = parsed.payload;
  const fields = jobLogFields(lease.id, payload);
  const submittedAt = new Date(payload.submittedAt);

  if (payload.queue === 'live') {
    const newer = await deps.supersede.supersededBy(supersedeScope(payload), lease.id, submittedAt);
    if (newer) {
      deps.log.info('superseded by a newer submission', { ...fields, by: newer });
      await lease.progress({ state: 'superseded', by: newer });
      await lease.complete({ outcome: 'superseded', by: newer });
      finished(deps, payload, 'superseded');
      await announce(payload, lease, deps);
      return;
    }
  }
  if (await completedBefore(payload, lease, deps)) return;
  const who = `${payload.org}/${payload.student}`;
  if (!(await deps.fairShare.claim(who, lease.id))) {
    deps.log.debug('student has a job running; waiting for a fair share', fields);
    await lease.delay(FAIR_SHARE_DELAY_MS);
    return;
  }
  let restMs = 0;
  const graded = gradingClock(lease, deps);
  deps.metrics?.jobsStarted.inc({ queue: payload.queue });
  deps.metrics?.queueSeconds.observe({ queue: payload.queue }, graded().queued_ms / 1000);
  try {
    await lease.progress({ state: 'running', runner: deps.runnerId });
    await announce(payload, lease, deps);
    const result = await gradeOrExplain(payload, lease, deps);
    if (!(await lease.held())) {
      // Redis was away longer than the lock: the job was given out again and that run reports it.
      deps.log.warn('lost the lock while grading; dropping this result, the job runs again', fields);
      await releaseUnlessGraded(deps.limits, payload, lease.id, null);
      finished(deps, payload, 'lost_lock');
      return;
    }
    const grading = graded();
    await deps.results.save(payload.org, lease.id, result, payload, grading);
    await releaseUnlessGraded(deps.limits, payload, lease.id, result);
    deps.log.info('graded', {
      ...jobLogFields(lease.id, payload, grading),
      status: result.status,
      score: result.score,
      max: result.max_score,
    });
    await lease.complete({ outcome: result.status, score: result.score, max_score: result.max_score });
    finished(deps, payload, result.status, graded());
    await announce(payload, lease, deps);
  } catch (error) {
    // Failures never count against the limit; a retry reserves again.
    await releaseUnlessGraded(deps.limits, payload, lease.id, null);
    restMs = await settleFailure(error, payload, lease, deps, graded());
  } finally {
    await deps.fairShare.release(who, lease.id);
  }
  // The slot's next job would need the bot too: rest rather than ask it again at once.
  if (restMs > 0) await new Promise((resolve) => setTimeout(resolve, restMs));
}

/**
 * Settles a job that failed for a reason not its own. A fault that spends no attempt (the only one
 * is the bot that cannot answer: Swarm restarts it while its Redis is away) is waited out: the job
 * waits for it, and the slot rests for the returned time. Anything else is retried with backoff,
 * and stored as an infrastructure error once attempts run out.
 */
async function settleFailure(
  error: unknown,
  payload: JobPayload,
  lease: Lease,
  deps: JobDeps,
  grading: GradingRecord,
): Promise<number> {
  const fields = jobLogFields(lease.id, payload);
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof InfrastructureFault && !error.spendsAttempt) {
    deps.log.warn(error.waitNote, { ...fields, reason });
    await lease.delay(BOT_WAIT_MS);
    finished(deps, payload, 'deferred');
    return BOT_WAIT_MS;
  }
  const last = lease.attempt >= lease.maxAttempts;
  deps.log.warn(last ? 'infrastructure failure; no attempts left' : 'infrastructure failure; will retry', {
    ...jobLogFields(lease.id, payload, grading),
    attempt: lease.attempt,
    reason,
  });
  if (last) {
    const result = infrastructureError(payload, lease, reason);
    await deps.results.save(payload.org, lease.id, result, payload, grading);
  }
  await lease.retryLater(error instanceof Error ? error : new Error(reason));
  finished(deps, payload, last ? 'infrastructure_error' : 'infrastructure_retry');
  if (last) await announce(payload, lease, deps);
  return 0;
}

/**
 * A run that stored its result but lost the lock before completing the job (an outage that began
 * between the two) leaves the job to run again: complete it with the stored result, never grade twice.
 */
async function completedBefore(payload: JobPayload, lease: Lease, deps: JobDeps): Promise<boolean> {
  const stored = await deps.results.get(payload.org, payload.assignment, payload.student, lease.id);
  if (!stored) return false;
  deps.log.info('graded by an earlier run of this job; completing it with that result', {
    ...jobLogFields(lease.id, payload),
  });
  await lease.complete({ outcome: stored.status, score: stored.score, max_score: stored.max_score });
  finished(deps, payload, stored.status);
  await announce(payload, lease, deps);
  return true;
}

/** Tells the bot that a GitHub job changed state; a lost announcement is logged, never fatal. */
async function announce(payload: JobPayload, lease: Lease, deps: JobDeps): Promise<void> {
  if (!payload.github) return;
  await deps.reports.add({ kind: 'check', job: lease.id }).catch((error: unknown) => {
    deps.log.warn('could not ask the bot to report', {
      ...jobLogFields(lease.id, payload),
      reason: String(error),
    });
  });
}

/** Grades, or turns a problem that retrying cannot fix into an `error` result that says so. */
async function gradeOrExplain(payload: JobPayload, lease: Lease, deps: JobDeps): Promise<GradingResult> {
  let workspace;
  try {
    workspace = await prepareWorkspace(payload, lease.id, deps.workspace);
  } catch (error) {
    // What the job points at is wrong (its course, an expired archive, a commit the server lacks).
    if (error instanceof SubmissionFault) return faultResult(payload, error);
    throw error;
  }
  try {
    const nicknameNote = await recordNickname(workspace.submissionDir, payload, { ...deps, jobId: lease.id });
    const { course } = workspace;
    const assignment = deps.grants
      ? await deps.grants.withGrantedExtensions(payload.org, workspace.assignment)
      : workspace.assignment;
    const rejected = await reserveOrReject(
      { limits: deps.limits, results: deps.results },
      payload,
      lease.id,
      assignment,
      course.timezone,
    );
    if (rejected) {
      deps.log.info('submission limit reached', {
        ...jobLogFields(lease.id, payload),
        next: rejected.next_submission_at,
      });
      return withNicknameNote(rejected, nicknameNote);
    }
    if (workspace.refusal) {
      const output = `The submission was not graded: ${workspace.refusal}.`;
      return withNicknameNote({ ...errorResult(payload, output), fault: 'submission' }, nicknameNote);
    }
    const graded = await gradeSubmission(deps.provider, {
      course,
      assignment,
      submissionDir: workspace.submissionDir,
      submission: {
        student: payload.student,
        commit: commitOf(payload.submission),
        submittedAt: new Date(payload.submittedAt),
      },
      submissionMethod: submissionMethod(payload.submission),
      previousSubmissions:
        assignment.kind === 'grader' ? await loadPreviousSubmissions(deps.results, payload) : [],
      jobId: lease.id,
      removeInBackground: deps.removals,
      onStep: (step) =>
        void lease.progress({ state: 'running', runner: deps.runnerId, step }).catch(() => undefined),
    });
    return withNicknameNote(graded, nicknameNote);
  } catch (error) {
    // Only the course's faults (its file, its image): any other SubmissionFault thrown out of
    // grading is retried, as it always was (answering it with a result instead would be a change of
    // behaviour).
    if (error instanceof CourseError || error instanceof UnusableImageError)
      return faultResult(payload, error);
    throw error;
  } finally {
    await workspace.remove();
  }
}

/** Starts timing a job this runner has taken; the returned function says how it went so far. */
function gradingClock(lease: Lease, deps: JobDeps): () => GradingRecord {
  const now = deps.now ?? Date.now;
  const started = now();
  const queued_ms = Math.max(0, started - lease.queuedAt);
  return () => ({ runner: deps.runnerId, grading_ms: Math.max(0, now() - started), queued_ms });
}

/** Counts a job this runner is done with, by how it ended; with its grading time when it was graded. */
function finished(deps: JobDeps, payload: JobPayload, status: string, grading?: GradingRecord): void {
  deps.metrics?.jobsCompleted.inc({ queue: payload.queue, status });
  if (grading) deps.metrics?.gradingSeconds.observe({ queue: payload.queue }, grading.grading_ms / 1000);
}

/** The `error` result a fault ends its job with, counted against the limit when the fault says so. */
function faultResult(payload: JobPayload, fault: SubmissionFault): GradingResult {
  const result = errorResult(payload, fault.explain());
  return fault.counts ? { ...result, fault: 'submission' } : result;
}

function infrastructureError(payload: JobPayload, lease: Lease, reason: string): GradingResult {
  return errorResult(
    payload,
    `The submission could not be graded because of an infrastructure failure (after ${lease.attempt} attempts); ` +
      'it does not count against you.',
    reason,
  );
}
