/**
 * When a push the bot never heard of was made, for the catch-up: the time GitHub recorded for the
 * push that made `head` the head of the default branch, from the repository's activity. Where the
 * activity does not list it (older than GitHub keeps, or a GitHub Enterprise Server without the
 * endpoint), the repository's `pushed_at`, read after the head: a push to any branch moves it, so it
 * may be later than the push that counts, never earlier.
 */
import type { ProbotOctokit as Octokit } from 'probot';
import { z } from 'zod';

/** Pushes to the default branch looked through, newest first (one page). */
const ACTIVITY_PAGE = 100;

/** What moves a branch to a commit; deleting the branch does not. */
const ARRIVALS = new Set(['push', 'force_push', 'branch_creation', 'pr_merge', 'merge_queue_merge']);

const activitySchema = z
  .array(
    z.object({
      after: z.string().max(64),
      timestamp: z.string().max(64),
      activity_type: z.string().max(64),
    }),
  )
  .max(ACTIVITY_PAGE);

export async function pushTime(
  octokit: Octokit,
  org: string,
  repo: { name: string; defaultBranch: string },
  head: string,
): Promise<string | null> {
  return (await activityTime(octokit, org, repo, head)) ?? (await pushedAt(octokit, org, repo.name));
}

/** The newest arrival of `head` on the default branch that the activity lists; null if none. */
async function activityTime(
  octokit: Octokit,
  org: string,
  repo: { name: string; defaultBranch: string },
  head: string,
): Promise<string | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/activity', {
      owner: org,
      repo: repo.name,
      ref: `refs/heads/${repo.defaultBranch}`,
      direction: 'desc',
      per_page: ACTIVITY_PAGE,
    });
    const parsed = activitySchema.safeParse(data);
    if (!parsed.success) return null;
    const arrival = parsed.data.find((a) => a.after === head && ARRIVALS.has(a.activity_type));
    return arrival?.timestamp ?? null;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 404 || status === 403 || status === 422) return null;
    throw error;
  }
}

/** When the repository was last pushed to, read now (null when unknown). */
async function pushedAt(octokit: Octokit, org: string, repo: string): Promise<string | null> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner: org, repo });
  const parsed = z.object({ pushed_at: z.string().nullable() }).safeParse(data);
  return parsed.success ? parsed.data.pushed_at : null;
}
