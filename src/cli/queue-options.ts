/** What every command that talks to the queues shares: its options, and a connection for one run. */
import type { Redis } from 'ioredis';
import { GradingQueues } from '../queue/grading-queues.js';
import { connectProducer, ready, redisUrl } from '../queue/redis-connection.js';
import { SupersedeLedger } from '../store/supersede-ledger.js';

export interface QueueOptions {
  /** Redis URL (default: REDIS_URL, else redis://127.0.0.1:6379). */
  redis?: string;
  /** Key prefix in Redis (default `gradebot`): one per deployment sharing a Redis. */
  prefix?: string;
}

export const DEFAULT_PREFIX = 'gradebot';

export interface QueueSession {
  redis: Redis;
  prefix: string;
  queues: GradingQueues;
}

/** Connects (failing fast when Redis is unreachable), runs `work`, and always disconnects. */
export async function withQueues<T>(
  options: QueueOptions,
  work: (session: QueueSession) => Promise<T>,
): Promise<T> {
  const url = redisUrl(options.redis);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const redis = connectProducer(url);
  const queues = new GradingQueues(redis, { prefix, supersede: new SupersedeLedger(redis, prefix) });
  try {
    await ready(redis, url);
    return await work({ redis, prefix, queues });
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
