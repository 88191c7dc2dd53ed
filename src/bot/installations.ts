/**
 * What the App is installed on, read through the API: its installations (as the App, with a JWT)
 * and one installation's repositories. Both lists are paginated and bounded, and every item is
 * parsed: an answer from the API is input like any other.
 */
import type { ProbotOctokit as Octokit } from 'probot';
import { z } from 'zod';

/** At most this many installations are listed (default 1,000: 10 pages). */
export const MAX_INSTALLATIONS = 1_000;
/** At most this many repositories of one installation are listed (default 5,000: 50 pages). */
export const MAX_REPOSITORIES = 5_000;

const login = z.string().min(1).max(100);

const installationSchema = z.object({
  id: z.number().int().positive(),
  account: z.object({ login }).nullable(),
  suspended_at: z.string().nullable().optional(),
});

const repositorySchema = z.object({
  name: z.string().min(1).max(100),
  owner: z.object({ login }),
  clone_url: z.string().url().max(2_000),
  default_branch: z.string().min(1).max(255),
  /** Null for a repository nobody pushed to yet. */
  pushed_at: z.string().nullable(),
});

export interface Installation {
  id: number;
  org: string;
}

export interface RepositoryListing {
  name: string;
  /** What `git clone` takes: GitHub's `clone_url`. */
  url: string;
  defaultBranch: string;
  pushedAt: string | null;
}

/**
 * The App's installations that are not suspended, by organisation (or user) login. With `signal`,
 * Octokit's own retries are off (their timers would outlive an abort): the caller retries.
 */
export async function listInstallations(
  app: Octokit,
  options: { max?: number; signal?: AbortSignal } = {},
): Promise<Installation[]> {
  const max = options.max ?? MAX_INSTALLATIONS;
  const found: Installation[] = [];
  const params = {
    per_page: 100,
    ...(options.signal ? { request: { signal: options.signal, retries: 0 } } : {}),
  };
  await app.paginate('GET /app/installations', params, (response, done) => {
    for (const item of response.data) {
      const parsed = installationSchema.safeParse(item);
      if (!parsed.success || !parsed.data.account || parsed.data.suspended_at) continue;
      found.push({ id: parsed.data.id, org: parsed.data.account.login });
    }
    if (found.length >= max) done();
    return [];
  });
  return found.slice(0, max);
}

/**
 * The repositories of `org` this installation can see, with when each was last pushed to;
 * `truncated` when there were more than `max`.
 */
export async function listRepositories(
  octokit: Octokit,
  org: string,
  max = MAX_REPOSITORIES,
): Promise<{ repositories: RepositoryListing[]; truncated: boolean }> {
  const repositories: RepositoryListing[] = [];
  let truncated = false;
  await octokit.paginate('GET /installation/repositories', { per_page: 100 }, (response, done) => {
    for (const item of response.data) {
      const parsed = repositorySchema.safeParse(item);
      if (!parsed.success || parsed.data.owner.login.toLowerCase() !== org.toLowerCase()) continue;
      if (repositories.length >= max) {
        truncated = true;
        done();
        break;
      }
      const { name, clone_url: url, default_branch: defaultBranch, pushed_at: pushedAt } = parsed.data;
      repositories.push({ name, url, defaultBranch, pushedAt });
    }
    return [];
  });
  return { repositories, truncated };
}
