/**
 * One voice per process about Redis going away and coming back. Every long-lived ioredis connection
 * a daemon makes is watched: ioredis reconnects on its own with backoff, and without an 'error'
 * listener it prints "[ioredis] Unhandled error event" on every failed attempt (dozens a minute).
 * Instead, the first connection to fail logs one warning for the whole outage, and the line saying
 * Redis is back comes once every watched connection is ready again.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

export class RedisWatch {
  /** Watched connections that failed and have not been ready since. */
  private readonly failing = new Set<Redis>();
  private downSince: number | null = null;

  /**
   * @param now the clock that measures an outage (default Date.now)
   * @param reconnected told each time a watched connection is ready again after failing (a metric)
   */
  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly reconnected: () => void = () => undefined,
  ) {}

  /** True while some watched connection cannot reach Redis. */
  get unreachable(): boolean {
    return this.downSince !== null;
  }

  /** Watches `redis` for as long as it lives; returns it. */
  watch(redis: Redis): Redis {
    redis.on('error', (error: Error) => this.failed(redis, error));
    redis.on('ready', () => this.recovered(redis));
    // A connection closed for good (quit, disconnect) is no longer waited for, nor a sign of recovery.
    redis.on('end', () => this.failing.delete(redis));
    return redis;
  }

  private failed(redis: Redis, error: Error): void {
    this.failing.add(redis);
    if (this.downSince !== null) return;
    this.downSince = this.now();
    this.log.warn(`Redis unreachable at ${this.url}; retrying`, { reason: describe(error) });
  }

  private recovered(redis: Redis): void {
    if (this.failing.delete(redis)) this.reconnected();
    if (this.failing.size > 0 || this.downSince === null) return;
    const downMs = this.now() - this.downSince;
    this.downSince = null;
    this.log.info(`Redis reachable again at ${this.url}`, { down_ms: downMs });
  }
}

/** ioredis errors of a refused or reset connection say it in `code`; keep the message short. */
function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
