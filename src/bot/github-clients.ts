/**
 * One Octokit per installation for the life of the bot, so that Octokit's throttling, which spaces
 * an installation's writes and honours `Retry-After`, sees every request of that installation.
 */
import type { Probot, ProbotOctokit } from 'probot';
import { countWrites, type GitHubWriteMetrics } from './github-write-metrics.js';

export class GitHubClients {
  private readonly installations = new Map<number, Promise<ProbotOctokit>>();

  /** @param metrics where each installation's writes are counted and timed (none: not measured) */
  constructor(
    private readonly probot: Probot,
    private readonly metrics?: GitHubWriteMetrics,
  ) {}

  installation(id: number): Promise<ProbotOctokit> {
    let client = this.installations.get(id);
    if (!client) {
      const metrics = this.metrics;
      client = metrics
        ? this.probot.auth(id).then((octokit) => countWrites(octokit, metrics))
        : this.probot.auth(id);
      client.catch(() => this.installations.delete(id));
      this.installations.set(id, client);
    }
    return client;
  }

  /** Authenticated as the App itself (a JWT): for minting installation tokens. */
  app(): Promise<ProbotOctokit> {
    return this.probot.auth();
  }
}
