/**
 * Job ids, made and read in one place. An id is stored with every result and decides what counts as
 * "queued before", so the same submission must get the same id across deploys: change nothing here
 * without a migration.
 */
import { createHash } from 'node:crypto';
import { studentKey } from '../course/repo-pattern.js';
import { QUEUE_CLASSES, type JobPayload, type QueueClass } from './job-payload.js';
import { revisionOf } from './submission-ref.js';

/**
 * The same submission (organisation, repository, assignment, commit or folder digest, course
 * digest) always gets the same id, so queueing it twice (a redelivered webhook, say) queues it
 * once. Regrades add their request id.
 */
export function jobIdFor(payload: JobPayload): string {
  const parts = [
    payload.org,
    studentKey(payload.repo),
    payload.assignment,
    revisionOf(payload.submission),
    payload.course.digest,
  ];
  if (payload.queue === 'regrade') parts.push(payload.requestId ?? '');
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
  return `${payload.queue}-${digest}`;
}

/** The queue a job id belongs to (ids start with their queue's name), or null for a foreign id. */
export function queueOfJobId(jobId: string): QueueClass | null {
  return QUEUE_CLASSES.find((name) => jobId.startsWith(`${name}-`)) ?? null;
}

/**
 * What the supersede rule compares: newer submissions to the same repository and assignment win,
 * whatever the case the repository's name was pushed under.
 */
export function supersedeScope(payload: JobPayload): string {
  return `${payload.org}/${studentKey(payload.repo)}/${payload.assignment}`;
}
