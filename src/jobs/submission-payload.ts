/**
 * The payload of a submission, whichever origin made it (see `intake.ts`, which queues it): the one
 * place a job payload is put together, so every producer fills the same fields the same way. Pure.
 */
import type { JobPayload, QueueClass, SubmissionRef } from './job-payload.js';

/**
 * Where a submission came from: a push webhook, the catch-up of pushes whose webhook never came,
 * a re-run asked for on GitHub, `gradebot regrade`, `gradebot submit`.
 */
export type Origin = 'push' | 'catch-up' | 're-run' | 'regrade' | 'submit';

/** The queue of each origin: what a student is waiting for is live, what staff asked again is not. */
export const QUEUE_OF: Record<Origin, QueueClass> = {
  push: 'live',
  'catch-up': 'live',
  're-run': 'regrade',
  regrade: 'regrade',
  submit: 'live',
};

export interface SubmissionRequest {
  origin: Origin;
  org: string;
  repo: string;
  assignment: string;
  student: string;
  /** When it was submitted (the push reached GitHub): deadlines and limits count from this. */
  submittedAt: Date;
  submission: SubmissionRef;
  /** The digest of the course archive to grade with, as stored in the blob store. */
  courseDigest: string;
  /** The GitHub App installation, for submissions reported on GitHub. */
  installation?: number;
  /** For regrades: what makes this request distinct (the webhook delivery, the regrade run). */
  requestId?: string;
}

export function submissionPayload(request: SubmissionRequest): JobPayload {
  return {
    version: 1,
    queue: QUEUE_OF[request.origin],
    org: request.org,
    repo: request.repo,
    assignment: request.assignment,
    student: request.student,
    submittedAt: request.submittedAt.toISOString(),
    submission: request.submission,
    course: { kind: 'blob', digest: request.courseDigest },
    ...(request.installation !== undefined ? { github: { installation: request.installation } } : {}),
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
}

/**
 * A stored job queued again as it was first queued (same submission, same time, same GitHub
 * installation, so late days and reports stay those of the original push), with the course to
 * grade it with and the request id of the regrade, which gives it a job id of its own.
 */
export function regradePayload(
  previous: JobPayload,
  run: { requestId: string; courseDigest: string },
): JobPayload {
  return {
    ...previous,
    queue: QUEUE_OF.regrade,
    course: { kind: 'blob', digest: run.courseDigest },
    requestId: run.requestId,
  };
}
