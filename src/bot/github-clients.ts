/**
 * One Octokit per installation for the life of the bot, so that Octokit's throttling, which spaces
 * an installation's writes and honours `Retry-After`, sees every request of that installation.
 */
import type { Probot, ProbotOctokit } from 'probot';

export class GitHubClients {
  private readonly installations = new Map<number, Promise<ProbotOctokit>>();

  constructor(private readonly probot: Probot) {}

  installation(id: number): Promise<ProbotOctokit> {
    let client = this.installations.get(id);
    if (!client) {
      client = this.probot.auth(id);
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
