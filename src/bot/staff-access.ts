/**
 * Who is course staff in an organisation: its owners, and the active members of the staff team the
 * course file names (`staff: { team: … }`). GitHub is asked on every use, never remembered, so a TA
 * removed from the team loses the commands and the staff pages at once. The App needs the
 * organisation permission "Members: read" for both questions.
 */
import type { ProbotOctokit as Octokit } from 'probot';

export type StaffAnswer = { staff: true; as: 'owner' | 'team' } | { staff: false };

export async function staffAccess(
  octokit: Octokit,
  org: string,
  login: string,
  team: string | null,
): Promise<StaffAnswer> {
  const membership = await activeMembership(
    octokit.request('GET /orgs/{org}/memberships/{username}', { org, username: login }),
  );
  if (membership?.role === 'admin') return { staff: true, as: 'owner' };
  if (team === null) return { staff: false };
  const inTeam = await activeMembership(
    octokit.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
      org,
      team_slug: team,
      username: login,
    }),
  );
  return inTeam ? { staff: true, as: 'team' } : { staff: false };
}

/** The membership when it is active; null when GitHub says there is none (404) or it is pending. */
async function activeMembership(
  request: Promise<{ data: { state?: string; role?: string } }>,
): Promise<{ role?: string } | null> {
  try {
    const { data } = await request;
    return data.state === 'active' ? data : null;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}
