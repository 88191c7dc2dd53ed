/**
 * The bot's metrics (`gradebot serve`, GET /metrics), in a registry of its own: tests run a bot and
 * runners in one process, and prom-client's global registry would mix them. Queue depths, the age
 * of the oldest waiting job and the write backlog are read from Redis at scrape time. Every name is
 * listed in docs/metrics.md.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CALL_SECONDS, JOB_SECONDS } from './buckets.js';
import { redisReconnects } from './redis-reconnects.js';

/** One queue's job counts and when its oldest waiting job was queued (ms since the epoch). */
export interface QueueDepth {
  queue: string;
  counts: { waiting: number; active: number; delayed: number; failed: number };
  oldestWaitingAt: number | null;
}

export interface BotMetricSources {
  /** Each grading queue, read from BullMQ at scrape time. */
  queues(): Promise<QueueDepth[]>;
  /** Report requests not yet taken by the writer. */
  reportBacklog(): Promise<number>;
  /** The clock the oldest job's age is measured with (default `Date.now`). */
  now?: () => number;
}

export type WebhookOutcome = 'handled' | 'ignored' | 'duplicate' | 'failed' | 'bad_signature' | 'bad_request';
export type GitHubWriteOutcome = 'ok' | 'client_error' | 'server_error';

export function createBotMetrics(sources: BotMetricSources) {
  const registry = new Registry();
  const registers = [registry];
  const now = sources.now ?? Date.now;
  // A scrape collects every metric at once: both queue gauges share one read of the queues.
  let reading: Promise<QueueDepth[]> | null = null;
  const depths = () =>
    (reading ??= sources.queues().finally(() => {
      reading = null;
    }));
  const queueJobs = new Gauge({
    name: 'gradebot_queue_jobs',
    help: 'Grading jobs in each queue by state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      for (const depth of await depths()) {
        for (const [state, count] of Object.entries(depth.counts)) {
          this.set({ queue: depth.queue, state }, count);
        }
      }
    },
  });
  const oldestWaiting = new Gauge({
    name: 'gradebot_queue_oldest_waiting_seconds',
    help: 'Age of the oldest waiting job of each queue (0 when none waits), at scrape time.',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      for (const { queue, oldestWaitingAt: at } of await depths()) {
        this.set({ queue }, at === null ? 0 : Math.max(0, (now() - at) / 1000));
      }
    },
  });
  return {
    registry,
    queueJobs,
    oldestWaiting,
    webhooks: new Counter({
      name: 'gradebot_webhooks_total',
      help: 'Webhooks received, by event and outcome.',
      labelNames: ['event', 'outcome'] as const,
      registers,
    }),
    jobsEnqueued: new Counter({
      name: 'gradebot_jobs_enqueued_total',
      help: 'Grading jobs added to a queue, by queue and origin (push, catch-up, re-run, regrade, submit).',
      labelNames: ['queue', 'origin'] as const,
      registers,
    }),
    jobsSuperseded: new Counter({
      name: 'gradebot_jobs_superseded_total',
      help: 'Queued jobs made obsolete by a newer submission of the same student and assignment.',
      labelNames: ['queue'] as const,
      registers,
    }),
    pushToResult: new Histogram({
      name: 'gradebot_push_to_result_seconds',
      help: 'From the submission (the push) to its final check run written on GitHub.',
      labelNames: ['queue'] as const,
      buckets: JOB_SECONDS,
      registers,
    }),
    githubWrites: new Counter({
      name: 'gradebot_github_writes_total',
      help: 'Requests that write to GitHub, by kind (check_run, comment, status, other) and outcome.',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    githubWriteSeconds: new Histogram({
      name: 'gradebot_github_write_seconds',
      help: "A write to GitHub, throttling's spacing and retries included.",
      labelNames: ['kind'] as const,
      buckets: CALL_SECONDS,
      registers,
    }),
    githubRateLimited: new Counter({
      name: 'gradebot_github_rate_limited_total',
      help: "Rate-limit answers from GitHub (primary or secondary limit); Octokit's throttling waits and retries.",
      labelNames: ['limit'] as const,
      registers,
    }),
    reportBacklog: new Gauge({
      name: 'gradebot_report_backlog',
      help: 'Report requests waiting for the one GitHub writer, at scrape time.',
      registers,
      async collect() {
        this.set(await sources.reportBacklog());
      },
    }),
    redisReconnects: redisReconnects(registry),
  };
}

export type BotMetrics = ReturnType<typeof createBotMetrics>;
