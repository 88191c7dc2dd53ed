/**
 * Reads repository contents through the GitHub API: the head commit of a repository's default
 * branch, and the repository at one commit as the tarball GitHub generates (one request, whatever
 * the number of files).
 */
import type { ProbotOctokit as Octokit } from 'probot';

export async function downloadTarball(
  octokit: Octokit,
  org: string,
  repo: string,
  ref: string,
): Promise<Buffer> {
  const { data } = await octokit.rest.repos.downloadTarballArchive({ owner: org, repo, ref });
  return Buffer.from(data as ArrayBuffer);
}

/** The sha the default branch points at; null when the repository is empty or missing. */
export async function headCommit(octokit: Octokit, org: string, repo: string): Promise<string | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner: org,
      repo,
      ref: 'HEAD',
      headers: { accept: 'application/vnd.github.sha' },
    });
    const text = data instanceof ArrayBuffer ? Buffer.from(data).toString() : String(data);
    const sha = text.trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 404 || status === 409) return null;
    throw error;
  }
}
