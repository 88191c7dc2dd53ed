/**
 * Reads repository contents through the GitHub API: here, the course repository at one commit, as
 * the tarball GitHub generates (one request, whatever the number of files).
 */
import type { ProbotOctokit as Octokit } from 'probot';

export async function downloadTarball(
  octokit: Octokit,
  owner: string,
  repo: string,
  ref: string,
): Promise<Buffer> {
  const { data } = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref });
  return Buffer.from(data as ArrayBuffer);
}
