/**
 * Catches up pushes whose webhook never arrived (the bot was down, restarting, or without Redis):
 * for every repository of the organisation that an assignment of the course in force matches, the
 * default branch's head is graded when no job exists for it, with the time GitHub recorded for that push
 * as the submission time (see `push-time.ts`). Runs when a course comes into force (bot start, a course push, an
 * installation event) and when staff ask (`gradebot reconcile`). Grading goes through the same
 * intake as a push, which keeps one live job per commit and assignment, so a push webhook racing
 * the catch-up, or a second catch-up, grades nothing twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbotOctokit as Octokit } from 'probot';
import { studentOf } from '../course/repo-pattern.js';
import type { Intake } from '../jobs/intake.js';
import type { Logger } from '../log/logger.js';
import type { ReportRequests } from '../queue/report-queue.js';
import { GitHubChecks } from '../reporters/github-checks.js';
import { gradedAfterAllOutput, NOT_GRADED_CHECK_NAME } from '../reporters/other-outputs.js';
import type { Stores } from '../store/open-stores.js';
import type { CourseInForce, CourseConfigs } from './course-configs.js';
import { headCommit } from './github-contents.js';
import type { GitHubClients } from './github-clients.js';
import { listInstallations, listRepositories, type RepositoryListing } from './installations.js';
import { pushTime } from './push-time.js';
import { recordedTime } from './submission-time.js';

/** Listing the installations at start is tried this often, 5 s then 10 s apart. */
const START_ATTEMPTS = 3;
const START_RETRY_MS = 5_000;

export interface CatchUpSummary {
  /** Repositories of the organisation listed. */
  repositories: number;
  /** Of those, the ones an assignment matches and someone pushed to: their head was read. */
  checked: number;
  /** Grading jobs queued for heads that had none. */
  queued: number;
  /** True when the organisation had more repositories than are listed (see `MAX_REPOSITORIES`). */
  truncated: boolean;
}

export interface CatchUpDeps {
  clients: GitHubClients;
  courses: CourseConfigs;
  intake: Intake;
  stores: Pick<Stores, 'roster' | 'waitingPushes'>;
  log: Logger;
  /** The clock submission times are checked against (default: the system's). */
  now?: () => Date;
}

export class CatchUp {
  constructor(private readonly deps: CatchUpDeps) {}

  /** Catches up one organisation; `why` is logged with the counts. */
  async run(org: string, installation: number, why: string): Promise<CatchUpSummary> {
    const { courses, log } = this.deps;
    const octokit = await this.deps.clients.installation(installation);
    const { repositories, truncated } = await listRepositories(octokit, org);
    // The listing also tells the gradebook who has a repository but never pushed.
    await this.deps.stores.roster.replace(
      org,
      repositories.map((r) => r.name),
    );
    const inForce = await courses.current(org, installation);
    const summary: CatchUpSummary = { repositories: repositories.length, checked: 0, queued: 0, truncated };
    // A repository nobody pushed to, or that no assignment matches, has nothing to grade.
    const candidates = repositories.filter(
      (r) =>
        r.pushedAt !== null &&
        r.name.toLowerCase() !== courses.repository.toLowerCase() &&
        inForce !== null &&
        assignmentsOf(inForce, r.name).length > 0,
    );
    for (const repository of candidates) {
      if (!inForce) break;
      summary.checked += 1;
      summary.queued += await this.catchUpRepository(octokit, org, installation, inForce, repository);
    }
    log.info('catch-up done', { org, why, course: inForce?.commit ?? null, ...summary });
    return summary;
  }

  /** Queues the head of one repository for each matching assignment without a job; returns how many. */
  private async catchUpRepository(
    octokit: Octokit,
    org: string,
    installation: number,
    inForce: CourseInForce,
    repository: RepositoryListing,
  ): Promise<number> {
    const { intake, courses, log } = this.deps;
    const head = await headCommit(octokit, org, repository.name);
    if (head === null) return 0;
    const jobs = await intake.jobsOfCommit(org, repository.name, head);
    const missing = assignmentsOf(inForce, repository.name).filter((a) => jobs[a.assignment] === undefined);
    if (missing.length === 0) return 0;
    const when = recordedTime(
      await pushTime(octokit, org, repository, head),
      this.deps.now?.() ?? new Date(),
    );
    const courseDigest = await courses.archiveDigest(inForce.course);
    const queuedFor: string[] = [];
    for (const { assignment, student } of missing) {
      const job = await intake.submit({
        origin: 'catch-up',
        org,
        repo: repository.name,
        assignment,
        student,
        submittedAt: when,
        submission: { kind: 'git', url: repository.url, commit: head },
        courseDigest,
        installation,
      });
      if (!job.added) continue;
      queuedFor.push(assignment);
      log.info('missed push queued', {
        job: job.jobId,
        org,
        repo: repository.name,
        assignment,
        commit: head,
      });
    }
    await this.sayGradedAfterAll(octokit, org, repository.name, head, queuedFor);
    return queuedFor.length;
  }

  /** A push that was told "not graded yet" is told it is graded now, on that same check run. */
  private async sayGradedAfterAll(
    octokit: Octokit,
    org: string,
    repo: string,
    head: string,
    assignments: string[],
  ): Promise<void> {
    if (assignments.length === 0) return;
    if (!(await this.deps.stores.waitingPushes.take(org, repo, head))) return;
    await new GitHubChecks(octokit).updateStandalone(
      { org, repo, headSha: head, name: NOT_GRADED_CHECK_NAME },
      gradedAfterAllOutput(assignments),
    );
  }
}

/** The assignments whose `repos` pattern matches the repository, with the student it names. */
function assignmentsOf(inForce: CourseInForce, repo: string): { assignment: string; student: string }[] {
  return inForce.course.assignments.flatMap((a) => {
    const student = studentOf(a.repos, repo);
    return student ? [{ assignment: a.id, student }] : [];
  });
}

/**
 * At bot start: asks for every installation's course to be loaded, which catches it up once a
 * course is in force (through the writer, like a course push). GitHub being unreachable is logged,
 * never fatal: `gradebot reconcile` asks again later. `signal` (the bot closing) aborts it.
 */
export async function catchUpAtStart(deps: {
  clients: GitHubClients;
  reports: ReportRequests;
  courseRepository: string;
  log: Logger;
  signal: AbortSignal;
}): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const installations = await listInstallations(await deps.clients.app(), { signal: deps.signal });
      for (const { id, org } of installations) {
        await deps.reports.add({ kind: 'course', org, repo: deps.courseRepository, installation: id });
      }
      deps.log.info('catch-up requested at start', { installations: installations.length });
      return;
    } catch (error) {
      if (deps.signal.aborted) return;
      const final = attempt >= START_ATTEMPTS;
      deps.log.warn('could not list installations to catch up at start', {
        attempt,
        reason: String(error),
        ...(final ? { hint: 'run gradebot reconcile --org <org> once GitHub answers' } : {}),
      });
      if (final) return;
      // Aborted when the bot closes, so a shutdown never waits for it.
      const stopped = await sleep(START_RETRY_MS * 2 ** (attempt - 1), false, { signal: deps.signal }).catch(
        () => true,
      );
      if (stopped) return;
    }
  }
}
