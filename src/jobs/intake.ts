/**
 * The one way a submission becomes a grading job, whatever its origin (push, catch-up, re-run,
 * regrade, submit): its payload is made by `submission-payload.ts`, queued, and the bookkeeping
 * around it is done as the table below says. Above `store/` and `queue/` (eslint.config.js), which
 * never import it.
 */
import type { BotMetrics } from '../metrics/bot-metrics.js';
import type { Enqueued, GradingQueues } from '../queue/grading-queues.js';
import type { ReportRequests } from '../queue/report-queue.js';
import type { Stores } from '../store/open-stores.js';
import { jobIdFor } from './job-id.js';
import type { JobPayload } from './job-payload.js';
import { commitOf } from './submission-ref.js';
import { submissionPayload, type Origin, type SubmissionRequest } from './submission-payload.js';

interface Bookkeeping {
  /**
   * One live job per commit and assignment, whichever producer comes first: a push webhook racing
   * the catch-up, or a push graded before the course changed, is not graded again. The claim is
   * taken before queueing and released when queueing fails.
   */
  claim: boolean;
  /** The repository joins the organisation's roster, even when its job was queued before. */
  roster: boolean;
  /** A new job asks for its check run, with its place in the queue. */
  report: boolean;
}

/**
 * What each origin records besides the job. Every origin records a new job of a GitHub commit as
 * that commit's job for the assignment (what pull requests and re-runs find).
 */
const BOOKKEEPING: Record<Origin, Bookkeeping> = {
  push: { claim: true, roster: true, report: true },
  'catch-up': { claim: true, roster: true, report: true },
  're-run': { claim: false, roster: true, report: true },
  regrade: { claim: false, roster: false, report: false },
  submit: { claim: false, roster: false, report: false },
};

export interface IntakeDeps {
  stores: Pick<Stores, 'roster' | 'commitJobs'>;
  queues: GradingQueues;
  /** Where check runs are asked for: needed by the origins that report (the bot's), not by the CLI's. */
  reports?: Pick<ReportRequests, 'add'>;
  /** The bot counts what it queues (none for the CLI's commands). */
  metrics?: Pick<BotMetrics, 'jobsEnqueued' | 'jobsSuperseded'>;
}

export class Intake {
  constructor(private readonly deps: IntakeDeps) {}

  /** Makes the submission's payload and queues it. */
  async submit(request: SubmissionRequest): Promise<Enqueued> {
    return this.enqueue(request.origin, submissionPayload(request));
  }

  /**
   * Queues a payload made for this origin (`submissionPayload`, `regradePayload`); queueing the same
   * submission twice adds nothing (`added: false`, with the job that has it).
   */
  async enqueue(origin: Origin, payload: JobPayload): Promise<Enqueued> {
    const rules = BOOKKEEPING[origin];
    const { commitJobs, roster } = this.deps.stores;
    const commit = payload.github ? commitOf(payload.submission) : null;
    const where = commit === null ? null : ([payload.org, payload.repo, commit, payload.assignment] as const);
    const jobId = jobIdFor(payload);
    if (rules.claim && where) {
      const known = await commitJobs.claim(...where, jobId);
      if (known !== null && known !== jobId) return { jobId: known, queue: payload.queue, added: false };
    }
    const enqueued = await this.deps.queues.enqueue(payload).catch(async (error: unknown) => {
      if (rules.claim && where) await commitJobs.release(...where, jobId);
      throw error;
    });
    if (rules.roster) await roster.add(payload.org, payload.repo);
    if (!enqueued.added) return enqueued;
    this.deps.metrics?.jobsEnqueued.inc({ queue: enqueued.queue, origin });
    if (enqueued.supersedes) this.deps.metrics?.jobsSuperseded.inc({ queue: enqueued.queue });
    if (where) await commitJobs.record(...where, enqueued.jobId);
    if (rules.report) await this.askForCheckRun(origin, enqueued);
    return enqueued;
  }

  /** The newest job of each assignment for this commit, by assignment. */
  async jobsOfCommit(org: string, repo: string, commit: string): Promise<Record<string, string>> {
    return this.deps.stores.commitJobs.of(org, repo, commit);
  }

  private async askForCheckRun(origin: Origin, enqueued: Enqueued): Promise<void> {
    const { reports, queues } = this.deps;
    if (!reports) throw new Error(`the intake was opened without report requests, which ${origin} needs`);
    const counts = await queues.counts();
    await reports.add({ kind: 'check', job: enqueued.jobId, position: counts[enqueued.queue].waiting });
  }
}
