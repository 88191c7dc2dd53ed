/**
 * Real Redis for queue tests: a fresh key prefix per test (so queues never meet), removed after,
 * and payloads made from real folders uploaded to the blob store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { JobPayload, QueueClass } from '../../src/jobs/job-payload.js';
import { submissionPayload } from '../../src/jobs/submission-payload.js';
import { GradingQueues, type QueueSettings } from '../../src/queue/grading-queues.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { SupersedeLedger } from '../../src/store/supersede-ledger.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { FIXTURES } from './grading.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return `gbtest-${randomUUID().slice(0, 8)}`;
}

/** The grading queues under the prefix, recording live jobs in its supersede ledger as a deployment does. */
export function openQueues(
  redis: Redis,
  prefix: string,
  settings: Omit<QueueSettings, 'prefix' | 'supersede'> = {},
): GradingQueues {
  return new GradingQueues(redis, { ...settings, prefix, supersede: new SupersedeLedger(redis, prefix) });
}

/** Deletes every key under the prefix. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface SubmissionSpec {
  student: string;
  assignment?: 'quick' | 'slow';
  answer?: string;
  /** Seconds the slow assignment sleeps. */
  delay?: number;
  queue?: QueueClass;
  submittedAt?: Date;
  requestId?: string;
  /** Makes the folder, and so its digest, unique: a new push. */
  revision?: string;
}

/** Uploads a submission folder and the queue-course, and returns the payload that grades it. */
export async function makePayload(redis: Redis, prefix: string, spec: SubmissionSpec): Promise<JobPayload> {
  const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-sub-'));
  try {
    await writeFile(path.join(dir, 'answer.txt'), `${spec.answer ?? '42'}\n`);
    if (spec.delay !== undefined) await writeFile(path.join(dir, 'delay.txt'), String(spec.delay));
    await writeFile(path.join(dir, 'revision.txt'), spec.revision ?? randomUUID());
    const assignment = spec.assignment ?? 'quick';
    const submission = await blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 }));
    return submissionPayload({
      // An uploaded folder, as `gradebot submit` queues it, or as `gradebot regrade` queues it again.
      origin: spec.queue === 'regrade' ? 'regrade' : 'submit',
      org: 'test-org',
      repo: `${assignment}-${spec.student}`,
      assignment,
      student: spec.student,
      submittedAt: spec.submittedAt ?? new Date(),
      submission: { kind: 'blob', digest: submission },
      courseDigest: await blobs.put(
        await archiveFolder(path.join(FIXTURES, 'queue-course'), { maxBytes: 1 << 20 }),
      ),
      ...(spec.requestId ? { requestId: spec.requestId } : {}),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** Polls until `check` holds, failing the test with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every job the queues hold, whatever its state: how many submissions were ever queued. */
export async function jobCount(queues: GradingQueues): Promise<number> {
  const counts = await queues.counts();
  return Object.values(counts).reduce(
    (sum, c) => sum + c.waiting + c.active + c.delayed + c.completed + c.failed,
    0,
  );
}
