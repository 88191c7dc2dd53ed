/**
 * What every log line about a job names, on the runner and in the bot alike: the job id, the org,
 * the assignment, the student (and the repository and queue, for a grep), and once the job is done
 * how long it waited in the queue and how long grading took. One builder, so that a line about a
 * job can always be found by any of them.
 */
import type { GradingRecord } from '../results/stored-result.js';
import { parseJobPayload, type JobPayload } from './job-payload.js';

// A type, not an interface, so that it is a Record<string, unknown> a logger takes.
export type JobLogFields = {
  job: string;
  org: string;
  assignment: string;
  student: string;
  repo: string;
  queue: string;
  queued_ms?: number;
  grading_ms?: number;
};

/** @param grading how the job was graded, once it is done */
export function jobLogFields(
  jobId: string,
  payload: Pick<JobPayload, 'org' | 'assignment' | 'student' | 'repo' | 'queue'>,
  grading?: Pick<GradingRecord, 'queued_ms' | 'grading_ms'>,
): JobLogFields {
  return {
    job: jobId,
    org: payload.org,
    assignment: payload.assignment,
    student: payload.student,
    repo: payload.repo,
    queue: payload.queue,
    ...(grading ? { queued_ms: grading.queued_ms, grading_ms: grading.grading_ms } : {}),
  };
}

/** The fields of a job whose payload is not parsed yet: its id alone when the payload is not valid. */
export function jobLogFieldsOf(jobId: string, data: unknown): JobLogFields | { job: string } {
  const parsed = parseJobPayload(data);
  return parsed.ok ? jobLogFields(jobId, parsed.payload) : { job: jobId };
}
