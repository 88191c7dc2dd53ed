/**
 * The producing side of the grading queues: validates a job, records it as the newest of its
 * supersede scope, and adds it once. Only `src/queue/` talks to BullMQ.
 */
import { Queue, type Job, type JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobIdFor, supersedeScope } from '../jobs/job-id.js';
import { parseJobPayload, QUEUE_CLASSES, type QueueClass } from '../jobs/job-payload.js';
import type { QueueDepth } from '../metrics/bot-metrics.js';
import type { SupersedeLedger } from '../store/supersede-ledger.js';

export interface QueueSettings {
  /** Key prefix of every queue key in Redis (default `gradebot`); tests use their own. */
  prefix: string;
  /** Where a live job is recorded as the newest of its supersede scope, for runners to skip older ones. */
  supersede: SupersedeLedger;
  /** First retry delay after an infrastructure failure, doubled each time (default 5 s). */
  retryDelayMs?: number;
}

/** Retries are for infrastructure failures only; students' faults come back as results. */
export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
} as const;

export interface Enqueued {
  jobId: string;
  queue: QueueClass;
  /** False when the same submission was queued before: nothing new was added. */
  added: boolean;
  /** A job of the same student and assignment still waiting, which this newer one makes obsolete. */
  supersedes?: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface JobState {
  /** BullMQ's: waiting, active, delayed, completed, failed; or unknown. */
  state: string;
  /** The payload as queued (validate before use). */
  payload?: unknown;
  progress?: unknown;
  returnvalue?: unknown;
  reason?: string;
  /** When it was queued and when it finished, in ms since the epoch, as BullMQ recorded them. */
  queuedAt?: number;
  finishedAt?: number;
}

/** The states of a job not yet taken by a runner. */
const WAITING: string[] = ['waiting', 'delayed', 'prioritized', 'waiting-children'];

export class GradingQueues {
  private readonly queues: Record<QueueClass, Queue>;

  constructor(
    private readonly redis: Redis,
    private readonly settings: QueueSettings,
  ) {
    const make = (name: QueueClass) => new Queue(name, { connection: redis, prefix: settings.prefix });
    this.queues = { live: make('live'), regrade: make('regrade') };
  }

  /** Validates `raw` (it may come from anywhere) and queues it; throws on an invalid payload. */
  async enqueue(raw: unknown): Promise<Enqueued> {
    const parsed = parseJobPayload(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    const payload = parsed.payload;
    const jobId = jobIdFor(payload);
    const queue = this.queues[payload.queue];
    if (await queue.getJob(jobId)) return { jobId, queue: payload.queue, added: false };
    let supersedes: string | undefined;
    if (payload.queue === 'live') {
      const scope = supersedeScope(payload);
      const before = await this.settings.supersede.latest(scope);
      const newest = await this.settings.supersede.record(scope, jobId, new Date(payload.submittedAt));
      if (
        newest &&
        before !== null &&
        before !== jobId &&
        WAITING.includes(await queue.getJobState(before))
      ) {
        supersedes = before;
      }
    }
    const backoff = {
      ...JOB_OPTIONS.backoff,
      delay: this.settings.retryDelayMs ?? JOB_OPTIONS.backoff.delay,
    };
    await queue.add('grade', payload, { ...JOB_OPTIONS, backoff, jobId });
    return { jobId, queue: payload.queue, added: true, ...(supersedes ? { supersedes } : {}) };
  }

  async counts(): Promise<Record<QueueClass, QueueCounts>> {
    const entries = await Promise.all(
      QUEUE_CLASSES.map(async (name) => {
        const c = await this.queues[name].getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
        return [name, c as unknown as QueueCounts] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueClass, QueueCounts>;
  }

  /** Each queue's counts and the queue time of its oldest waiting job, for the bot's metrics. */
  async depths(): Promise<QueueDepth[]> {
    const counts = await this.counts();
    return Promise.all(
      QUEUE_CLASSES.map(async (queue) => {
        const { waiting, active, delayed, failed } = counts[queue];
        const [oldest] = await this.queues[queue].getJobs(['waiting'], 0, 0, true);
        return {
          queue,
          counts: { waiting, active, delayed, failed },
          oldestWaitingAt: oldest?.timestamp ?? null,
        };
      }),
    );
  }

  /** Where a job stands: its state, the runner's last progress report, and how it ended. */
  async jobState(queue: QueueClass, jobId: string): Promise<JobState> {
    // State first: a job read before it finished, then found finished, would lack its result.
    const state = await this.queues[queue].getJobState(jobId);
    const job: Job | undefined = await this.queues[queue].getJob(jobId);
    if (!job || state === 'unknown') return { state: 'unknown' };
    return {
      state,
      payload: job.data,
      progress: job.progress,
      returnvalue: job.returnvalue,
      reason: job.failedReason,
      queuedAt: job.timestamp,
      finishedAt: job.finishedOn,
    };
  }

  /** The jobs of a queue in these states, with their payloads and when they were queued. */
  async jobsOf(queue: QueueClass, states: JobType[]): Promise<{ data: unknown; timestamp: number }[]> {
    const jobs = await this.queues[queue].getJobs(states, 0, -1);
    return jobs.map((job) => ({ data: job.data as unknown, timestamp: job.timestamp }));
  }

  /**
   * Up to `limit` jobs waiting (oldest first) or running, with their payloads, when they were queued
   * and, for running ones, when they started.
   */
  async listed(
    queue: QueueClass,
    state: 'waiting' | 'active',
    limit: number,
  ): Promise<{ id: string; data: unknown; queuedAt: number; startedAt: number | null }[]> {
    const jobs = await this.queues[queue].getJobs([state], 0, limit - 1, true);
    return jobs.flatMap((job) =>
      job?.id === undefined
        ? []
        : [
            {
              id: job.id,
              data: job.data as unknown,
              queuedAt: job.timestamp,
              startedAt: job.processedOn ?? null,
            },
          ],
    );
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
