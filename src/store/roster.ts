/**
 * The repositories of each organisation gradebot is installed on, as the bot last listed them. A
 * student whose repository matches an assignment's pattern is on that assignment's roster, so the
 * gradebook lists them even before their first push.
 */
import type { Redis } from 'ioredis';
import { studentOf } from '../course/repo-pattern.js';
import { keys } from './keys.js';

export class Roster {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Replaces what is known of the organisation's repositories. */
  async replace(org: string, repos: string[]): Promise<void> {
    const key = this.key(org);
    const transaction = this.redis.multi().del(key);
    if (repos.length > 0) transaction.sadd(key, ...repos);
    await transaction.exec();
  }

  async add(org: string, repo: string): Promise<void> {
    await this.redis.sadd(this.key(org), repo);
  }

  /** Whether the organisation's repositories were ever listed. */
  async known(org: string): Promise<boolean> {
    return (await this.redis.exists(this.key(org))) === 1;
  }

  /** The students of an assignment: the rest of each repository name its pattern matches, sorted. */
  async students(org: string, pattern: string): Promise<string[]> {
    const repos = await this.redis.smembers(this.key(org));
    const students = repos.flatMap((repo) => studentOf(pattern, repo) ?? []);
    return [...new Set(students)].sort();
  }

  private key(org: string): string {
    return keys(this.prefix).repos(org);
  }
}
