/** What every command that talks to the queues shares: its options, and a connection for one run. */
import { DEFAULTS } from '../config/defaults.js';
import { redisUrl } from '../config/redis-url.js';
import { GradingQueues } from '../queue/grading-queues.js';
import { connectProducer, ready } from '../queue/redis-connection.js';
import { ReportRequests } from '../queue/report-queue.js';
import { openStores, type Stores } from '../store/open-stores.js';

export interface QueueOptions {
  /** Redis URL (default: REDIS_URL, else redis://127.0.0.1:6379). */
  redis?: string;
  /** Key prefix in Redis (default `gradebot`): one per deployment sharing a Redis. */
  prefix?: string;
}

export const DEFAULT_PREFIX = DEFAULTS.prefix;

export interface QueueSession {
  prefix: string;
  queues: GradingQueues;
  stores: Stores;
  /** A producer of report requests for the bot, on the session's connection; the caller closes it. */
  openReports(): ReportRequests;
}

/** Connects (failing fast when Redis is unreachable), runs `work`, and always disconnects. */
export async function withQueues<T>(
  options: QueueOptions,
  work: (session: QueueSession) => Promise<T>,
): Promise<T> {
  const url = redisUrl(options.redis);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const redis = connectProducer(url);
  const stores = openStores(redis, prefix);
  const queues = new GradingQueues(redis, { prefix, supersede: stores.supersede });
  try {
    await ready(redis, url);
    return await work({ prefix, queues, stores, openReports: () => new ReportRequests(redis, prefix) });
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
