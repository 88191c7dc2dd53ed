/**
 * Pushes told "not graded yet" because no valid course was in force: remembered so that the
 * catch-up which grades them once a course is valid can also say so on that neutral check run.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** As long as a push can sensibly wait for its course to be fixed. */
const TTL_SECONDS = 30 * 24 * 3600;

export class WaitingPushes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async add(org: string, repo: string, commit: string): Promise<void> {
    await this.redis.set(this.key(org, repo, commit), '1', 'EX', TTL_SECONDS);
  }

  /** Whether the push was waiting; it no longer is. */
  async take(org: string, repo: string, commit: string): Promise<boolean> {
    return (await this.redis.del(this.key(org, repo, commit))) === 1;
  }

  private key(org: string, repo: string, commit: string): string {
    return keys(this.prefix).waitingPush(org, repo, commit);
  }
}
