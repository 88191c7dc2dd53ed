/**
 * What must be written to GitHub, as durable requests in Redis: "the check run of job X changed",
 * "the course repository moved to commit C", "pull request P wants the comment", "commit C was not
 * graded: no course", "catch up organisation O". The bot's one writer takes them in order; runners,
 * webhooks and `gradebot reconcile` only add them. A request says *what changed*, never what to
 * write: the writer reads the current state when it gets there, so at a deadline the queued → in
 * progress → completed updates of a check run collapse into one write.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { settledWithin } from './redis-connection.js';

const name = z.string().min(1).max(200);
const sha = z.string().regex(/^[0-9a-f]{40}$/);

export const reportRequestSchema = z.discriminatedUnion('kind', [
  /** A grading job changed state; `position` is its place in the queue when it was added. */
  z.object({ kind: z.literal('check'), job: name, position: z.number().int().optional() }).strict(),
  /** The course repository of an organisation moved (commit known from a push, or to look up). */
  z
    .object({
      kind: z.literal('course'),
      org: name,
      repo: name,
      installation: z.number().int().positive(),
      commit: sha.optional(),
    })
    .strict(),
  /** A pull request was opened or moved: its comment shows the result of this job. */
  z.object({ kind: z.literal('comment'), job: name, pull: z.number().int().positive() }).strict(),
  /** A push that could not be graded because no valid course is in force: say so on the commit. */
  z
    .object({
      kind: z.literal('not-graded'),
      org: name,
      repo: name,
      installation: z.number().int().positive(),
      commit: sha,
    })
    .strict(),
  /** Staff asked for the organisation's missed pushes to be caught up; `id` names the answer. */
  z.object({ kind: z.literal('reconcile'), org: name, id: z.string().uuid() }).strict(),
  /** A staff command in a pull-request comment was recorded: answer it in the thread (or edit the answer). */
  z
    .object({
      kind: z.literal('staff-reply'),
      org: name,
      assignment: name,
      comment: z.number().int().positive(),
    })
    .strict(),
]);

export type ReportRequest = z.infer<typeof reportRequestSchema>;

export const REPORT_QUEUE = 'reports';

/** How long a stopping writer lets the GitHub write in flight finish. */
const WRITE_PATIENCE_MS = 10_000;

/** GitHub can be down for a while; a report waits for it (2 s doubling, about 70 minutes in all). */
const REPORT_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
} as const;

export class ReportRequests {
  private readonly queue: Queue;

  constructor(redis: Redis, prefix: string) {
    this.queue = new Queue(REPORT_QUEUE, { connection: redis, prefix });
  }

  /**
   * Asks for the request to be written. Requests about the same thing are merged: while one waits,
   * another is not added; while one is being written, the newest waits behind it.
   */
  async add(request: ReportRequest): Promise<void> {
    const parsed = reportRequestSchema.parse(request);
    await this.queue.add(parsed.kind, parsed, {
      ...REPORT_JOB_OPTIONS,
      deduplication: { id: subjectOf(parsed), keepLastIfActive: true },
    });
  }

  /** Requests not yet taken by the writer: a measure of how far behind GitHub's budget it is. */
  async backlog(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function subjectOf(request: ReportRequest): string {
  switch (request.kind) {
    case 'check':
      return `check:${request.job}`;
    case 'course':
      return `course:${request.org}/${request.repo}`;
    case 'comment':
      return `comment:${request.job}:${request.pull}`;
    case 'not-graded':
      return `not-graded:${request.org}/${request.repo}/${request.commit}`;
    case 'reconcile':
      return `reconcile:${request.id}`;
    case 'staff-reply':
      return `staff-reply:${request.org}/${request.assignment}/${request.comment}`;
  }
}

export interface ReportWriterOptions {
  redis: Redis;
  prefix: string;
  /** Writes one request; throwing retries it later with backoff. */
  write: (request: ReportRequest, attempt: number) => Promise<void>;
  /** Told about requests that cannot be parsed or ran out of attempts. */
  onGiveUp: (reason: string, request: unknown) => void;
  /**
   * Told about the worker's own errors: lost connections (retried; the process's Redis watch says
   * so once) and a request whose lock lapsed during an outage (taken again, the write is idempotent).
   */
  onError: (reason: string) => void;
}

/**
 * The one writer: requests are taken one at a time, as GitHub asks of integrations ("make requests
 * serially"); the throttling in Octokit spaces the writes themselves.
 */
export function consumeReportRequests(options: ReportWriterOptions): { close(): Promise<void> } {
  let writing: Promise<void> = Promise.resolve();
  const worker = new Worker(
    REPORT_QUEUE,
    async (job: Job) => {
      const parsed = reportRequestSchema.safeParse(job.data);
      if (!parsed.success) {
        options.onGiveUp(`invalid report request: ${parsed.error.message}`, job.data);
        return;
      }
      writing = options.write(parsed.data, job.attemptsMade + 1);
      await writing;
    },
    { connection: options.redis, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => options.onError(error.message));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) options.onGiveUp(error.message, job.data);
  });
  return {
    // Pausing takes nothing new and lets the write in flight finish and be marked done (bounded):
    // a request left active would hold back every later update of its check run until its lock
    // lapsed and another writer found it stalled, up to a minute after a restart. Then the
    // connections go, even while Redis is away (a graceful close would wait for Redis). A write cut
    // short is taken again: writes are idempotent.
    close: async () => {
      await settledWithin(Promise.all([writing, worker.pause()]), WRITE_PATIENCE_MS);
      await worker.close(true);
    },
  };
}
