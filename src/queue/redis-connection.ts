/**
 * Redis connections for the two sides of the queue. Workers wait out an outage (BullMQ requires
 * `maxRetriesPerRequest: null`); producers fail fast, so a webhook gets a 5xx and is redelivered.
 * Both reconnect forever with backoff (50 ms more per attempt, at most 2 s apart): once started, a
 * daemon never exits because Redis went away.
 */
import { Redis } from 'ioredis';

const reconnect = (attempt: number): number => Math.min(attempt * 50, 2_000);

export function connectWorker(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: reconnect });
}

export function connectProducer(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: reconnect,
  });
}

/**
 * How long shutdown steps that need Redis wait for it. During an outage a worker connection queues
 * commands until Redis is back, so a step without a bound would keep a stopping process alive.
 */
export const SHUTDOWN_PATIENCE_MS = 3_000;

/** Resolves once `work` settles or `ms` passes, whichever comes first; true when it settled. */
export async function settledWithin(work: Promise<unknown>, ms = SHUTDOWN_PATIENCE_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes politely when Redis answers in time, otherwise drops the connection (and its queued commands). */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready' || !(await settledWithin(redis.quit()))) redis.disconnect();
}

/** Waits until a fail-fast connection is ready, or rejects with a clear reason. */
export async function ready(redis: Redis, url: string, timeoutMs = 3_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let last = '';
    const timer = setTimeout(() => {
      cleanup();
      // Silence is a reason too: a name that does not resolve yet, or packets dropped on the way.
      reject(new Error(`cannot reach Redis at ${url} (${last || `no answer in ${timeoutMs / 1000} s`})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    // Connection errors while waiting are the reason given above, not unhandled events on stderr.
    const onError = (error: Error) => {
      last = error.message;
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * Queues must never lose jobs to eviction, and should survive a restart. Returns warnings for an
 * operator; an empty list means the server is set up as field-notes §4 recommends.
 */
export async function checkRedisPolicy(redis: Redis): Promise<string[]> {
  const warnings: string[] = [];
  const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
  if (policy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is ${policy}; set it to noeviction or queued jobs can be evicted`);
  }
  const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
  if (aof !== 'yes') warnings.push('Redis appendonly is off; queued jobs are lost if Redis restarts');
  return warnings;
}
