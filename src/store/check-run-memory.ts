/**
 * What the bot wrote to GitHub for a grading job: the id of its check run (so the run is updated,
 * never created twice), its page, and the last state written (so a backlog of report requests writes once).
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** How long what was written for a job is remembered: longer than any job lives in the queues. */
const MEMORY_SECONDS = 60 * 24 * 3600;

/**
 * `id`: the check run's id; `written`: the last status written (`queued`, `in_progress`,
 * `completed`); `url`: its page on GitHub (`html_url`), which the pull-request comment links to.
 */
export type CheckRunField = 'id' | 'written' | 'url';

export class CheckRunMemory {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(jobId: string, field: CheckRunField): Promise<string | null> {
    return this.redis.hget(this.key(jobId), field);
  }

  /** Remembers the field; what is remembered of the job is kept for another 60 days. */
  async set(jobId: string, field: CheckRunField, value: string): Promise<void> {
    const key = this.key(jobId);
    await this.redis.multi().hset(key, field, value).expire(key, MEMORY_SECONDS).exec();
  }

  private key(jobId: string): string {
    return keys(this.prefix).checkRun(jobId);
  }
}
