/**
 * Turns what a webhook or the catch-up asked for into grading jobs: one live job per assignment and
 * commit (deduplicated by job id, and by the commit's recorded jobs whatever the course version),
 * with the submission time recorded when the push reached GitHub, and a request for the check run
 * to be written. The jobs of each commit are indexed so that a pull request or a re-run can find
 * them again.
 */
import { jobIdFor } from '../jobs/job-id.js';
import type { JobPayload } from '../jobs/job-payload.js';
import type { GradingQueues, Enqueued } from '../queue/grading-queues.js';
import type { ReportRequests } from '../queue/report-queue.js';
import type { Stores } from '../store/open-stores.js';
import type { CourseSource, CourseInForce } from './course-source.js';

export interface SubmissionRequest {
  queue: 'live' | 'regrade';
  org: string;
  repo: string;
  assignment: string;
  student: string;
  commit: string;
  cloneUrl: string;
  installation: number;
  submittedAt: Date;
  course: CourseInForce;
  /** For regrades: what makes this request distinct (the webhook delivery that asked for it). */
  requestId?: string;
}

export class Submissions {
  constructor(
    private readonly options: {
      stores: Pick<Stores, 'roster' | 'commitJobs'>;
      queues: GradingQueues;
      reports: ReportRequests;
      courses: CourseSource;
    },
  ) {}

  async enqueue(request: SubmissionRequest): Promise<Enqueued> {
    const payload: JobPayload = {
      version: 1,
      queue: request.queue,
      org: request.org,
      repo: request.repo,
      assignment: request.assignment,
      student: request.student,
      submittedAt: request.submittedAt.toISOString(),
      submission: { kind: 'git', url: request.cloneUrl, commit: request.commit },
      course: { kind: 'blob', digest: await this.options.courses.archiveDigest(request.course.course) },
      github: { installation: request.installation },
      ...(request.requestId ? { requestId: request.requestId } : {}),
    };
    const jobId = jobIdFor(payload);
    const { commitJobs } = this.options.stores;
    const where = [request.org, request.repo, request.commit, request.assignment] as const;
    if (request.queue === 'live') {
      // One live job per commit and assignment, whichever producer comes first: a push webhook
      // racing the catch-up, or a push graded before the course changed, is not graded again.
      const known = await commitJobs.claim(...where, jobId);
      if (known !== null && known !== jobId) return { jobId: known, queue: 'live', added: false };
    }
    const enqueued = await this.options.queues.enqueue(payload).catch(async (error: unknown) => {
      if (request.queue === 'live') await commitJobs.release(...where, jobId);
      throw error;
    });
    await this.options.stores.roster.add(request.org, request.repo);
    if (enqueued.added) {
      await commitJobs.record(...where, enqueued.jobId);
      const counts = await this.options.queues.counts();
      await this.options.reports.add({
        kind: 'check',
        job: enqueued.jobId,
        position: counts[request.queue].waiting,
      });
    }
    return enqueued;
  }

  /** The newest job of each assignment for this commit, by assignment. */
  async jobsOfCommit(org: string, repo: string, commit: string): Promise<Record<string, string>> {
    return this.options.stores.commitJobs.of(org, repo, commit);
  }
}
