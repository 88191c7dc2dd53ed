/**
 * Through a real runner process, real Redis and real Docker: a student's second push finds the first
 * one, with its time and score, in the grader's /autograder/submission_metadata.json.
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JobPayload, QueueClass } from '../../src/jobs/job-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import type { SubmissionMetadata } from '../../src/runner/grade/submission-metadata.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { FIXTURES } from '../helpers/grading.js';
import { connect, eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from '../helpers/runner-process.js';

let redis: Redis;
let prefix: string;
let queues: GradingQueues;
let results: ResultsStore;
let runner: RunnerProcess | null = null;

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  queues = openQueues(redis, prefix);
  results = new ResultsStore(redis, prefix);
});

afterEach(async () => {
  const runners = [runner];
  runner = null;
  await tearDownQueueTest({ runners, queues, redis, prefix });
});

/** Grades the payload and returns the metadata its grader reported. */
async function grade(payload: JobPayload): Promise<{ score: number; metadata: SubmissionMetadata }> {
  const { jobId } = await queues.enqueue(payload);
  const queue: QueueClass = payload.queue;
  await eventually(
    `job ${jobId} done`,
    async () => (await queues.jobState(queue, jobId)).state === 'completed',
    60_000,
  );
  const result = await results.get(payload.org, payload.assignment, payload.student, jobId);
  expect(result).toMatchObject({ status: 'graded' });
  const report = JSON.parse(result!.output) as { metadata: SubmissionMetadata };
  return { score: result!.score, metadata: report.metadata };
}

it("lists the student's earlier graded submission, once, with its score", async () => {
  const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
  const course = await archiveFolder(path.join(FIXTURES, 'metadata-course'), { maxBytes: 1 << 20 });
  const echo = {
    assignment: 'echo',
    repo: 'echo-meta',
    course: { kind: 'blob', digest: await blobs.put(course) },
  } as const;
  const push = async (answer: string, submittedAt: string) => ({
    ...(await makePayload(redis, prefix, { student: 'meta', answer, submittedAt: new Date(submittedAt) })),
    ...echo,
  });
  runner = startRunner(prefix, ['--concurrency', '1']);

  const first = await push('7', '2026-11-20T15:00:00.000Z');
  const firstGraded = await grade(first);
  expect(firstGraded.metadata).toMatchObject({
    created_at: '2026-11-20T10:00:00.000000-05:00',
    previous_submissions: [],
  });
  // A regrade of the first push is the same submission: same id, and one entry below.
  const regraded = await grade({ ...first, queue: 'regrade', requestId: 'regrade-1' });
  expect(regraded.metadata).toEqual(firstGraded.metadata);

  const second = await grade(await push('12', '2026-11-21T15:00:00.000Z'));
  expect(second.score).toBe(12);
  expect(second.metadata).toMatchObject({
    created_at: '2026-11-21T10:00:00.000000-05:00',
    submission_method: 'upload',
    users: [{ name: 'meta' }],
  });
  expect(await results.list('test-org', 'echo', 'meta')).toHaveLength(3);
  expect(second.metadata.previous_submissions).toEqual([
    {
      submission_time: '2026-11-20T10:00:00.000000-05:00',
      score: 7,
      results: { score: 7, output: expect.stringContaining('"previous_submissions": []'), tests: [] },
    },
  ]);
});
