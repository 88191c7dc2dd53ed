/**
 * The intake against real Redis and BullMQ (no Docker: nothing is graded): one case per origin,
 * each checking what was queued and what bookkeeping was done, as the table in `intake.ts` says.
 */
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { Intake } from '../../src/jobs/intake.js';
import { parseJobPayload, type JobPayload } from '../../src/jobs/job-payload.js';
import { regradePayload, type SubmissionRequest } from '../../src/jobs/submission-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { REPORT_QUEUE, ReportRequests } from '../../src/queue/report-queue.js';
import { openStores, type Stores } from '../../src/store/open-stores.js';
import { connect, dropPrefix, jobCount, openQueues, testPrefix } from '../helpers/queue.js';

const COMMIT = 'a'.repeat(40);
const COURSE = 'c'.repeat(64);
const OTHER_COURSE = 'd'.repeat(64);
const FOLDER = 'f'.repeat(64);
const SUBMITTED_AT = new Date('2026-03-01T12:00:00Z');

const redis = connect();
/** Each test's own, under a prefix of its own; the report queue is read to see what was asked. */
let prefix: string, stores: Stores, queues: GradingQueues, reports: ReportRequests, reportQueue: Queue;

beforeEach(() => {
  prefix = testPrefix();
  stores = openStores(redis, prefix);
  queues = openQueues(redis, prefix);
  reports = new ReportRequests(redis, prefix);
  reportQueue = new Queue(REPORT_QUEUE, { connection: redis, prefix });
});

afterEach(async () => {
  await Promise.all([queues.close(), reports.close(), reportQueue.close()]);
  await dropPrefix(redis, prefix);
});

afterAll(() => redis.disconnect());

/** A push to alice's hw1 repository, as the bot hands it over. */
function fromGitHub(origin: SubmissionRequest['origin'], changes: Partial<SubmissionRequest> = {}) {
  return {
    origin,
    org: 'course-org',
    repo: 'hw1-alice',
    assignment: 'hw1',
    student: 'alice',
    submittedAt: SUBMITTED_AT,
    submission: { kind: 'git', url: 'https://github.com/course-org/hw1-alice.git', commit: COMMIT },
    courseDigest: COURSE,
    installation: 7,
    ...changes,
  } satisfies SubmissionRequest;
}

/** The payload of that push, as queued. */
const PUSHED: JobPayload = {
  version: 1,
  queue: 'live',
  org: 'course-org',
  repo: 'hw1-alice',
  assignment: 'hw1',
  student: 'alice',
  submittedAt: '2026-03-01T12:00:00.000Z',
  submission: { kind: 'git', url: 'https://github.com/course-org/hw1-alice.git', commit: COMMIT },
  course: { kind: 'blob', digest: COURSE },
  github: { installation: 7 },
};

async function payloadOf(queue: 'live' | 'regrade', jobId: string): Promise<JobPayload> {
  const parsed = parseJobPayload((await queues.jobState(queue, jobId)).payload);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.payload;
}

async function reportRequests(): Promise<unknown[]> {
  return (await reportQueue.getJobs(['waiting'])).map((job) => job.data as unknown);
}

it('push: queues a live job, claims the commit, joins the roster and asks for the check run', async () => {
  const intake = new Intake({ stores, queues, reports });
  const job = await intake.submit(fromGitHub('push'));

  expect(job).toMatchObject({ queue: 'live', added: true });
  expect(await payloadOf('live', job.jobId)).toEqual(PUSHED);
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({ hw1: job.jobId });
  expect(await stores.roster.known('course-org')).toBe(true);
  expect(await reportRequests()).toEqual([{ kind: 'check', job: job.jobId, position: 1 }]);

  // The webhook redelivered: nothing new, nothing asked again.
  expect(await intake.submit(fromGitHub('push'))).toEqual({ ...job, added: false });
  expect(await jobCount(queues)).toBe(1);
  expect(await reportRequests()).toHaveLength(1);
});

it('catch-up: finds the push that came first, even graded with another course, and queues nothing', async () => {
  const intake = new Intake({ stores, queues, reports });
  const pushed = await intake.submit(fromGitHub('push'));

  const caughtUp = await intake.submit(fromGitHub('catch-up', { courseDigest: OTHER_COURSE }));

  expect(caughtUp).toEqual({ jobId: pushed.jobId, queue: 'live', added: false });
  expect(await jobCount(queues)).toBe(1);
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({ hw1: pushed.jobId });
});

it('catch-up: a job that cannot be queued gives its claim back, so a later producer can queue it', async () => {
  const intake = new Intake({ stores, queues, reports });
  await expect(intake.submit(fromGitHub('catch-up', { student: 'not a name' }))).rejects.toThrow(
    /invalid job payload/,
  );
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({});

  const job = await intake.submit(fromGitHub('catch-up'));
  expect(job).toMatchObject({ queue: 'live', added: true });
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({ hw1: job.jobId });
  expect(await reportRequests()).toEqual([{ kind: 'check', job: job.jobId, position: 1 }]);
});

it('re-run: queues a regrade past the commit’s live job, which it replaces, and asks for its check run', async () => {
  const intake = new Intake({ stores, queues, reports });
  const pushed = await intake.submit(fromGitHub('push'));

  const rerun = await intake.submit(fromGitHub('re-run', { requestId: 'delivery-1' }));

  expect(rerun).toMatchObject({ queue: 'regrade', added: true });
  expect(rerun.jobId).not.toBe(pushed.jobId);
  expect(await payloadOf('regrade', rerun.jobId)).toMatchObject({
    queue: 'regrade',
    requestId: 'delivery-1',
  });
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({ hw1: rerun.jobId });
  expect(await reportRequests()).toContainEqual({ kind: 'check', job: rerun.jobId, position: 1 });
});

it('regrade: queues the stored job again with its course and run; records the commit job, nothing else', async () => {
  const previous = await payloadOf(
    'live',
    (await new Intake({ stores, queues, reports }).submit(fromGitHub('push'))).jobId,
  );
  await dropPrefix(redis, prefix);
  const intake = new Intake({ stores, queues });

  const payload = regradePayload(previous, { requestId: 'regrade-run-1', courseDigest: OTHER_COURSE });
  const job = await intake.enqueue('regrade', payload);

  expect(job).toMatchObject({ queue: 'regrade', added: true });
  expect(await payloadOf('regrade', job.jobId)).toEqual({
    ...previous,
    queue: 'regrade',
    course: { kind: 'blob', digest: OTHER_COURSE },
    requestId: 'regrade-run-1',
  });
  expect(await intake.jobsOfCommit('course-org', 'hw1-alice', COMMIT)).toEqual({ hw1: job.jobId });
  expect(await stores.roster.known('course-org')).toBe(false);
  expect(await reportRequests()).toEqual([]);
});

it('submit: queues an uploaded folder live, with no GitHub bookkeeping', async () => {
  const intake = new Intake({ stores, queues });
  const job = await intake.submit({
    origin: 'submit',
    org: 'local',
    repo: 'hw1-alice',
    assignment: 'hw1',
    student: 'alice',
    submittedAt: SUBMITTED_AT,
    submission: { kind: 'blob', digest: FOLDER },
    courseDigest: COURSE,
  });

  expect(job).toMatchObject({ queue: 'live', added: true });
  const { github: _, ...notOnGitHub } = PUSHED;
  expect(await payloadOf('live', job.jobId)).toEqual({
    ...notOnGitHub,
    org: 'local',
    submission: { kind: 'blob', digest: FOLDER },
  });
  expect(await stores.roster.known('local')).toBe(false);
  expect(await redis.keys(`${prefix}:commit-jobs:*`)).toEqual([]);
  expect(await reportRequests()).toEqual([]);
});
