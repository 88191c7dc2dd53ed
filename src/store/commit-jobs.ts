/**
 * The newest grading job of each assignment for a pushed commit: what a pull request shows in its
 * comment and what "re-run all checks" starts from. A regrade of the commit replaces the job it
 * regraded, so a pull request opened afterwards shows the regraded result.
 */
import type { Redis } from 'ioredis';

/** How long a commit's jobs are remembered. */
const TTL_SECONDS = 60 * 24 * 3600;

export class CommitJobs {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async record(org: string, repo: string, commit: string, assignment: string, jobId: string): Promise<void> {
    const key = this.key(org, repo, commit);
    await this.redis.multi().hset(key, assignment, jobId).expire(key, TTL_SECONDS).exec();
  }

  /** The newest job of each assignment for this commit, by assignment. */
  async of(org: string, repo: string, commit: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key(org, repo, commit));
  }

  private key(org: string, repo: string, commit: string): string {
    return `${this.prefix}:commit-jobs:${org}/${repo}/${commit}`;
  }
}
