/**
 * Who is staff, asked of GitHub on every call: of one organisation (its owners and the course's
 * staff team, through the App's installation there), and of the whole deployment (staff of every
 * organisation the App is installed on), for what shows every organisation's jobs at once.
 */
import type { CourseConfigs } from './course-configs.js';
import type { GitHubClients } from './github-clients.js';
import { listInstallations } from './installations.js';
import { staffAccess } from './staff-access.js';

export interface StaffCheck {
  /** Whether `login` is staff of `org`; false where the App is not installed. */
  of(org: string, login: string): Promise<boolean>;
  /** Whether `login` is staff of every organisation the App is installed on (and there is one). */
  ofDeployment(login: string): Promise<boolean>;
}

export function staffCheck(deps: { clients: GitHubClients; courses: CourseConfigs }): StaffCheck {
  const { clients, courses } = deps;
  async function staffIn(org: string, installation: number, login: string): Promise<boolean> {
    const octokit = await clients.installation(installation);
    const inForce = await courses.current(org, installation);
    const answer = await staffAccess(octokit, org, login, inForce?.course.staffTeam ?? null);
    return answer.staff;
  }
  return {
    async of(org, login) {
      const app = await clients.app();
      const found = await app.request('GET /orgs/{org}/installation', { org }).catch((error: unknown) => {
        if ((error as { status?: unknown }).status === 404) return null;
        throw error;
      });
      // The App is not installed there: nobody is staff through it.
      return found ? staffIn(org, found.data.id, login) : false;
    },
    async ofDeployment(login) {
      const installations = await listInstallations(await clients.app());
      if (installations.length === 0) return false;
      for (const { id, org } of installations) if (!(await staffIn(org, id, login))) return false;
      return true;
    },
  };
}
