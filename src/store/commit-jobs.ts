/**
 * The newest grading job of each assignment for a pushed commit: what a pull request shows in its
 * comment and what "re-run all checks" starts from. A regrade of the commit replaces the job it
 * regraded, so a pull request opened afterwards shows the regraded result.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/**
 * How long a commit's jobs are remembered: longer than any term, since a catch-up grades every head
 * with no job recorded, and must never regrade (late) what was graded months before.
 */
const TTL_SECONDS = 400 * 24 * 3600;

export class CommitJobs {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async record(org: string, repo: string, commit: string, assignment: string, jobId: string): Promise<void> {
    const key = this.key(org, repo, commit);
    await this.redis.multi().hset(key, assignment, jobId).expire(key, TTL_SECONDS).exec();
  }

  /**
   * Records `jobId` as the commit's job for the assignment unless one is recorded already; returns
   * the job recorded before, or null when this one was recorded. Atomic, so two producers racing
   * (a push webhook and a catch-up) cannot both think they are first.
   */
  async claim(
    org: string,
    repo: string,
    commit: string,
    assignment: string,
    jobId: string,
  ): Promise<string | null> {
    const key = this.key(org, repo, commit);
    const [[, set]] = (await this.redis
      .multi()
      .hsetnx(key, assignment, jobId)
      .expire(key, TTL_SECONDS)
      .exec()) as [[Error | null, number]];
    return set === 1 ? null : await this.redis.hget(key, assignment);
  }

  /** Takes a claim back (the job it was for could not be queued), unless another job replaced it. */
  async release(org: string, repo: string, commit: string, assignment: string, jobId: string): Promise<void> {
    const key = this.key(org, repo, commit);
    if ((await this.redis.hget(key, assignment)) === jobId) await this.redis.hdel(key, assignment);
  }

  /** The newest job of each assignment for this commit, by assignment. */
  async of(org: string, repo: string, commit: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key(org, repo, commit));
  }

  private key(org: string, repo: string, commit: string): string {
    return keys(this.prefix).commitJobs(org, repo, commit);
  }
}
