/**
 * Writes what report requests ask for, reading the state when it gets to them: a check run is
 * brought to where its job is now (so a backlog collapses queued → in progress → completed into one
 * write), open pull requests get the comment when a result is final; what concerns a course rather
 * than a job goes to `CourseReports`. Under a backlog the optional `in_progress` update is left out:
 * GitHub's budget of content-creating requests is better spent on results.
 */
import { deadlineFor } from '../course/deadline.js';
import { findAssignment } from '../course/load-course.js';
import { errorResult } from '../jobs/error-result.js';
import { queueOfJobId } from '../jobs/job-id.js';
import { jobLogFields, jobLogFieldsOf } from '../jobs/job-log-fields.js';
import { parseJobPayload, type JobPayload } from '../jobs/job-payload.js';
import { commitOf } from '../jobs/submission-ref.js';
import { findReply, replyMarker } from './commands/command-replies.js';
import type { Logger } from '../log/logger.js';
import type { BotMetrics } from '../metrics/bot-metrics.js';
import type { GradingQueues } from '../queue/grading-queues.js';
import type { ReportRequest, ReportRequests } from '../queue/report-queue.js';
import { checkRunOutput, type CheckRunOutput } from '../reporters/check-run-output.js';
import {
  GitHubChecks,
  type CheckRunIds,
  type CheckState,
  type CheckTarget,
} from '../reporters/github-checks.js';
import { supersededOutput } from '../reporters/other-outputs.js';
import type { GradingResult } from '../results/results.js';
import type { CheckRunMemory } from '../store/check-run-memory.js';
import type { ResultsStore } from '../store/results-store.js';
import type { StaffCommands } from '../store/staff-commands.js';
import type { CourseReports } from './course-reports.js';
import type { CourseConfigs } from './course-configs.js';
import type { GitHubClients } from './github-clients.js';

/** With more report requests than this waiting, `in_progress` updates are skipped. */
const BACKLOG_FOR_SKIPPING = 3;

export interface ReportWriterDeps {
  /** What was written for each job: its check run id and the last state (`Stores.checkRuns`). */
  checkRuns: CheckRunMemory;
  clients: GitHubClients;
  queues: GradingQueues;
  results: ResultsStore;
  /** Staff commands and the replies to them. */
  staffCommands: StaffCommands;
  reports: ReportRequests;
  courses: CourseConfigs;
  /** Writes what is about a course rather than a job. */
  course: CourseReports;
  log: Logger;
  /** Where the time from a push to its final check run is observed (none: not measured). */
  pushToResult?: BotMetrics['pushToResult'];
  /** The clock of that time (default `Date.now`). */
  now?: () => number;
}

interface Job {
  jobId: string;
  payload: JobPayload & { github: { installation: number } };
  target: CheckTarget;
}

export class ReportWriter {
  /** What was written for each job: its check run id and the last state. */
  private readonly memory: CheckRunMemory;

  constructor(private readonly deps: ReportWriterDeps) {
    this.memory = deps.checkRuns;
  }

  /**
   * Brings GitHub up to date with one request. A failure is logged, with the job's fields when the
   * request is about a job, and thrown: the report queue tries it again.
   */
  async write(request: ReportRequest, attempt = 1): Promise<void> {
    try {
      await this.writeNow(request);
    } catch (error) {
      this.deps.log.warn('could not write to GitHub; will retry', {
        ...(await this.about(request)),
        kind: request.kind,
        attempt,
        reason: String(error),
      });
      throw error;
    }
  }

  /** What a line about a request names: the job's fields, or the request itself. */
  private async about(request: ReportRequest): Promise<Record<string, unknown>> {
    if (request.kind !== 'check' && request.kind !== 'comment') return { request };
    const queue = queueOfJobId(request.job);
    if (!queue) return { job: request.job };
    const state = await this.deps.queues.jobState(queue, request.job).catch(() => null);
    return jobLogFieldsOf(request.job, state?.state === 'unknown' ? null : state?.payload);
  }

  private async writeNow(request: ReportRequest): Promise<void> {
    switch (request.kind) {
      case 'check':
        return this.syncCheck(request.job, request.position);
      case 'comment':
        return this.syncComment(request.job, request.pull);
      case 'course':
        return this.deps.course.syncCourse(request.org, request.installation, request.commit);
      case 'not-graded':
        return this.deps.course.notGraded(request.org, request.repo, request.installation, request.commit);
      case 'reconcile':
        return this.deps.course.reconcile(request.org, request.id);
      case 'staff-reply':
        return this.staffReply(request.org, request.assignment, request.comment);
    }
  }

  /**
   * Answers a recorded staff command in its thread: posts the reply once, then edits it in place.
   * A reply whose id was never remembered (the writer died in between) is found by its marker.
   */
  private async staffReply(org: string, assignment: string, comment: number): Promise<void> {
    const entry = await this.deps.staffCommands.get(org, assignment, comment);
    if (!entry) return;
    const octokit = await this.deps.clients.installation(entry.installation);
    const where = { owner: entry.org, repo: entry.repo, body: `${replyMarker(comment)}\n${entry.reply}` };
    let replyId = entry.replyId ?? null;
    if (replyId === null) {
      const thread = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: entry.org,
        repo: entry.repo,
        issue_number: entry.pull,
        per_page: 100,
      });
      replyId = findReply(thread, comment);
      if (replyId !== null) await this.deps.staffCommands.setReplyId(org, assignment, comment, replyId);
    }
    if (replyId !== null) {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...where,
        comment_id: replyId,
      });
      return;
    }
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...where,
      issue_number: entry.pull,
    });
    await this.deps.staffCommands.setReplyId(org, assignment, comment, Number(data.id));
  }

  private async syncCheck(jobId: string, position?: number): Promise<void> {
    const job = await this.job(jobId);
    if (!job) return;
    const { state, output, superseded } = await this.stateOf(job);
    const written = await this.memory.get(jobId, 'written');
    if (written === state.status) return;
    if (state.status === 'in_progress' && written !== null) {
      if ((await this.deps.reports.backlog()) > BACKLOG_FOR_SKIPPING) return;
    }
    const checks = await this.checks(job);
    const run = await checks.write(
      job.target,
      state.status === 'queued' ? { status: 'queued', position } : state,
    );
    if (run.url !== null) await this.memory.set(jobId, 'url', run.url);
    await this.memory.set(jobId, 'written', state.status);
    if (state.status === 'completed') await this.logReported(job, run.url);
    if (state.status === 'completed' && !superseded) this.observePushToResult(job);
    if (output) {
      for (const pull of await checks.openPullRequests(job.target.org, job.target.repo, job.target.headSha)) {
        await checks.upsertComment(job.target, pull, output, run.url);
      }
    }
  }

  private async syncComment(jobId: string, pull: number): Promise<void> {
    const job = await this.job(jobId);
    if (!job) return;
    const { output } = await this.stateOf(job);
    if (output) {
      const url = await this.memory.get(jobId, 'url');
      await (await this.checks(job)).upsertComment(job.target, pull, output, url);
    }
  }

  /** From the submission time its payload carries (the push) to now, when its result is on GitHub. */
  private observePushToResult(job: Job): void {
    const now = (this.deps.now ?? Date.now)();
    const seconds = Math.max(0, (now - Date.parse(job.payload.submittedAt)) / 1000);
    this.deps.pushToResult?.observe({ queue: job.payload.queue }, seconds);
  }

  /** Where the job is now, as a check run state; with the output when it is final. */
  private async stateOf(
    job: Job,
  ): Promise<{ state: CheckState; output?: CheckRunOutput; superseded?: boolean }> {
    const queue = queueOfJobId(job.jobId)!;
    const now = await this.deps.queues.jobState(queue, job.jobId);
    const completedAt = new Date(now.finishedAt ?? Date.now());
    if (now.state === 'active') return { state: { status: 'in_progress' } };
    if (now.state === 'completed' || now.state === 'failed') {
      const superseded = (now.returnvalue as { outcome?: unknown } | undefined)?.outcome === 'superseded';
      const output = superseded ? supersededOutput() : await this.resultOutput(job);
      return { state: { status: 'completed', output, completedAt }, output, superseded };
    }
    return { state: { status: 'queued' } };
  }

  /**
   * One line per job whose result reached GitHub, with how long it waited and was graded. Never
   * throws: the check run is written, and a retry would not write it (nor log this) again.
   */
  private async logReported(job: Job, url: string | null): Promise<void> {
    const { org, assignment, student } = job.payload;
    const stored = await this.deps.results.list(org, assignment, student).catch(() => []);
    const grading = stored.find((s) => s.jobId === job.jobId)?.grading;
    this.deps.log.info('reported', { ...jobLogFields(job.jobId, job.payload, grading), url });
  }

  private async resultOutput(job: Job): Promise<CheckRunOutput> {
    const { org, assignment, student } = job.payload;
    const result = await this.deps.results.get(org, assignment, student, job.jobId);
    return checkRunOutput(result ?? missingResult(job.payload), {
      now: new Date(),
      ...(await this.courseTimes(job)),
    });
  }

  /** The assignment's due date and the course's time zone; none and UTC when the course is not known. */
  private async courseTimes(job: Job): Promise<{ due: Date | null; timezone: string }> {
    const inForce = await this.deps.courses.current(job.payload.org, job.payload.github.installation);
    if (!inForce) return { due: null, timezone: 'UTC' };
    const { timezone } = inForce.course;
    try {
      const assignment = await this.deps.staffCommands.withGrantedExtensions(
        job.payload.org,
        findAssignment(inForce.course, job.payload.assignment),
      );
      return { due: deadlineFor(assignment, job.payload.student).due, timezone };
    } catch {
      return { due: null, timezone };
    }
  }

  private async job(jobId: string): Promise<Job | null> {
    const queue = queueOfJobId(jobId);
    const state = queue ? await this.deps.queues.jobState(queue, jobId) : { state: 'unknown' };
    const parsed = parseJobPayload(state.payload);
    const commit = parsed.ok ? commitOf(parsed.payload.submission) : null;
    if (!parsed.ok || !parsed.payload.github || commit === null) {
      this.deps.log.warn('nothing to report for this job', {
        ...jobLogFieldsOf(jobId, state.payload),
        state: state.state,
      });
      return null;
    }
    const payload = parsed.payload as Job['payload'];
    return {
      jobId,
      payload,
      target: {
        org: payload.org,
        repo: payload.repo,
        headSha: commit,
        assignment: payload.assignment,
        jobId,
      },
    };
  }

  private async checks(job: Job): Promise<GitHubChecks> {
    return new GitHubChecks(
      await this.deps.clients.installation(job.payload.github.installation),
      this.ids(),
    );
  }

  private ids(): CheckRunIds {
    return {
      get: async (jobId) => {
        const id = await this.memory.get(jobId, 'id');
        return id === null ? null : Number(id);
      },
      set: (jobId, id) => this.memory.set(jobId, 'id', String(id)),
    };
  }
}

/** A job that ended without a stored result (it was lost with Redis, say): said plainly. */
function missingResult(payload: JobPayload): GradingResult {
  return errorResult(
    payload,
    'The result of this submission was not kept. Push again, or ask course staff to regrade it.',
  );
}
