/**
 * The report requests about an organisation's course rather than one grading job: a course
 * repository push (load it, write its check run, catch up when a course came into force), a student
 * push that waits for a valid course (a neutral check run saying so), and `gradebot reconcile`
 * (catch up, then answer the command).
 */
import type { Logger } from '../log/logger.js';
import { GitHubChecks } from '../reporters/github-checks.js';
import {
  COURSE_CHECK_NAME,
  courseAnnotations,
  courseInvalidOutput,
  courseValidOutput,
  NOT_GRADED_CHECK_NAME,
  notGradedOutput,
} from '../reporters/other-outputs.js';
import type { Stores } from '../store/open-stores.js';
import type { CatchUp } from './catch-up.js';
import type { CourseConfigs } from './course-configs.js';
import type { GitHubClients } from './github-clients.js';
import { listInstallations } from './installations.js';

export interface CourseReportsDeps {
  stores: Pick<Stores, 'courses' | 'waitingPushes' | 'reconcileAnswers'>;
  clients: GitHubClients;
  courses: CourseConfigs;
  catchUp: CatchUp;
  log: Logger;
}

export class CourseReports {
  constructor(private readonly deps: CourseReportsDeps) {}

  /**
   * Loads the course repository at `commit` (a push) or at its head (bot start, installation
   * events). A push that loads a valid course, or a start that finds one in force, catches up.
   */
  async syncCourse(org: string, installation: number, commit?: string): Promise<void> {
    const { courses, clients } = this.deps;
    const load = await courses.load(org, installation, commit);
    if (load.ok || (commit === undefined && (await courses.current(org, installation)))) {
      await this.deps.catchUp.run(org, installation, commit === undefined ? 'start' : 'course push');
    }
    // A course found at installation time is not a push: nothing to report on a commit.
    if (commit === undefined || load.commit === null) return;
    const target = { org, repo: courses.repository, headSha: load.commit, name: COURSE_CHECK_NAME };
    const checks = new GitHubChecks(await clients.installation(installation));
    if (load.ok) await checks.writeStandalone(target, courseValidOutput(load.course));
    else
      await checks.writeStandalone(
        target,
        courseInvalidOutput(load.problems),
        courseAnnotations(load.problems),
      );
  }

  /** A neutral check run on a push that waits for a valid course configuration. */
  async notGraded(org: string, repo: string, installation: number, commit: string): Promise<void> {
    await this.deps.stores.waitingPushes.add(org, repo, commit);
    const checks = new GitHubChecks(await this.deps.clients.installation(installation));
    await checks.writeStandaloneOnce(
      { org, repo, headSha: commit, name: NOT_GRADED_CHECK_NAME },
      notGradedOutput(this.deps.courses.repository),
    );
  }

  /** Catches up the organisation for `gradebot reconcile` and answers it, even when that failed. */
  async reconcile(org: string, id: string): Promise<void> {
    const answers = this.deps.stores.reconcileAnswers;
    try {
      const installation = await this.installationOf(org);
      if (installation === null) {
        await answers.send(id, { ok: false, reason: `the gradebot App is not installed on ${org}` });
        return;
      }
      const summary = await this.deps.catchUp.run(org, installation, 'reconcile');
      await answers.send(id, { ok: true, ...summary });
    } catch (error) {
      this.deps.log.warn('reconcile failed', { org, reason: String(error) });
      await answers.send(id, { ok: false, reason: String(error).slice(0, 500) });
    }
  }

  /** The installation on `org`: the one the course in force was published with, else the App's list. */
  private async installationOf(org: string): Promise<number | null> {
    const published = await this.deps.stores.courses.get(org);
    if (published) return published.installation;
    const all = await listInstallations(await this.deps.clients.app());
    return all.find((i) => i.org.toLowerCase() === org.toLowerCase())?.id ?? null;
  }
}
