/**
 * The consuming side: hands a runner slot its next job, live submissions before regrades, and keeps
 * the job's lock alive while it runs. Jobs are fetched by hand (BullMQ's manual processing) because
 * one runner serves several queues in priority order with one shared number of slots.
 */
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULTS } from '../config/defaults.js';
import type { QueueClass } from '../jobs/job-payload.js';

const LOCK_MS = DEFAULTS.runner.lockSeconds * 1000;

export interface JobLeasesSettings {
  prefix: string;
  /** Served queues, most urgent first (default live, regrade). */
  queues: QueueClass[];
  /** A job whose runner stops renewing its lock for this long is given to another (default 30 s). */
  lockDurationMs?: number;
  /** How often lapsed locks are looked for (default: as often as the default lock lasts). */
  stalledIntervalMs?: number;
  /**
   * Told about the workers' own errors, their blocking connections' included: a lost connection is
   * retried by ioredis (the process's Redis watch says so once), so these are for debugging.
   */
  onError?: (reason: string) => void;
}

/** A job held by this runner until it is completed, failed or delayed. */
export interface Lease {
  readonly id: string;
  readonly queue: QueueClass;
  readonly data: unknown;
  /** 1 on the first run. */
  readonly attempt: number;
  /** When the job was queued (ms since the epoch), for the queue wait a result records. */
  readonly queuedAt: number;
  readonly maxAttempts: number;
  progress(update: Record<string, unknown>): Promise<void>;
  /**
   * Whether this runner still holds the job. Its lock lapses when Redis was unreachable for longer
   * than the lock duration; the job is then given out again, and this run's result must not count.
   */
  held(): Promise<boolean>;
  complete(value: Record<string, unknown>): Promise<void>;
  /** An infrastructure failure: BullMQ runs it again with backoff while attempts remain. */
  retryLater(error: Error): Promise<void>;
  /** Never run again (a bad payload): it fails for good now. */
  reject(reason: string): Promise<void>;
  /** Back to the queue, to be taken again after `ms`. */
  delay(ms: number): Promise<void>;
}

export class JobLeases {
  private readonly workers: { queue: QueueClass; worker: Worker }[];

  constructor(connection: Redis, settings: JobLeasesSettings) {
    this.workers = settings.queues.map((queue) => ({
      queue,
      worker: new Worker(queue, null, {
        connection,
        prefix: settings.prefix,
        lockDuration: settings.lockDurationMs ?? LOCK_MS,
        stalledInterval: settings.stalledIntervalMs ?? LOCK_MS,
        maxStalledCount: 1,
        // Seconds a blocking fetch waits before the queues are looked at again in order.
        drainDelay: 1,
        autorun: false,
      }),
    }));
    for (const { worker } of this.workers) {
      worker.on('error', (error) => settings.onError?.(error.message));
      void worker.startStalledCheckTimer();
    }
  }

  /** The next job, waiting for one to arrive; null once `shouldStop()` says so. */
  async next(shouldStop: () => boolean): Promise<Lease | null> {
    while (!shouldStop()) {
      const token = randomUUID();
      for (const { queue, worker } of this.workers) {
        const job = await worker.getNextJob(token, { block: false });
        if (job) return this.lease(queue, worker, job, token);
      }
      // Nothing anywhere: wait on the most urgent queue for a while, then look at all again.
      const first = this.workers[0]!;
      const job = await first.worker.getNextJob(token, { block: true });
      if (job) return this.lease(first.queue, first.worker, job, token);
    }
    return null;
  }

  /** The runner waits for its own jobs first; forcing ends a blocking fetch even while Redis is away. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.close(true)));
  }

  private lease(queue: QueueClass, worker: Worker, job: Job, token: string): Lease {
    const lockMs = worker.opts.lockDuration ?? LOCK_MS;
    let lost = false;
    const extend = async () => {
      if ((await job.extendLock(token, lockMs)) !== 1) {
        lost = true; // for good: whoever takes the job next holds a new lock
        clearInterval(renew);
      }
      return !lost;
    };
    const renew = setInterval(() => void extend().catch(() => undefined), lockMs / 3);
    // Progress reports go out in order, and all of them before the job is settled: one arriving
    // after completion would rewrite the finished job's record.
    let reported: Promise<unknown> = Promise.resolve();
    const settle = async (action: () => Promise<unknown>) => {
      clearInterval(renew);
      await reported;
      await action();
    };
    return {
      id: job.id!,
      queue,
      data: job.data,
      attempt: job.attemptsMade + 1,
      queuedAt: job.timestamp,
      maxAttempts: job.opts.attempts ?? 1,
      progress: (update) => {
        reported = reported.then(() => job.updateProgress(update)).catch(() => undefined);
        return reported.then(() => undefined);
      },
      held: async () => !lost && (await extend()),
      complete: (value) => settle(() => job.moveToCompleted(value, token, false)),
      retryLater: (error) => settle(() => job.moveToFailed(error, token, false)),
      reject: (reason) =>
        settle(() => {
          job.discard();
          return job.moveToFailed(new UnrecoverableError(reason), token, false);
        }),
      delay: (ms) => settle(() => job.moveToDelayed(Date.now() + ms, token)),
    };
  }
}
