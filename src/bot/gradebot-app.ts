/**
 * The Probot app: what each webhook does. Handlers only decide and enqueue (Redis, and the course
 * configuration once per commit), so webhooks are answered in milliseconds; everything written to
 * GitHub goes through report requests to the one writer.
 */
import type { Probot } from 'probot';
import { studentOf } from '../course/repo-pattern.js';
import type { Logger } from '../log/logger.js';
import type { GradingQueues } from '../queue/grading-queues.js';
import type { ReportRequests } from '../queue/report-queue.js';
import { checkName } from '../reporters/github-checks.js';
import { COURSE_CHECK_NAME } from '../reporters/other-outputs.js';
import type { Intake } from '../jobs/intake.js';
import { queueOfJobId } from '../jobs/job-id.js';
import { parseJobPayload } from '../jobs/job-payload.js';
import type { CourseConfigs } from './course-configs.js';
import type { Deliveries } from './deliveries.js';
import { routePush } from './route-push.js';
import { submissionTime } from './submission-time.js';
import { handleStaffComment } from './commands/staff-comment.js';
import type { WebhookOutcomes } from './webhook-outcomes.js';
import type { ResultsStore } from '../store/results-store.js';
import type { StaffCommands } from '../store/staff-commands.js';

export interface AppDeps {
  courses: CourseConfigs;
  intake: Intake;
  reports: ReportRequests;
  deliveries: Deliveries;
  queues: GradingQueues;
  log: Logger;
  /** Staff commands in pull-request comments: what they granted and their audit log. */
  staffCommands: StaffCommands;
  results: ResultsStore;
  /** Told which deliveries were duplicates or concerned nothing, for the webhook metric. */
  outcomes?: Pick<WebhookOutcomes, 'note'>;
}

interface RepositoryRef {
  org: string;
  repo: string;
  url: string;
  installation: number;
}

export function gradebotApp(deps: AppDeps) {
  const { courses, intake, reports, deliveries, log } = deps;

  /** Regrades one commit for one assignment, keeping the original submission time. */
  async function regrade(
    where: RepositoryRef,
    assignmentId: string,
    commit: string,
    submittedAt: Date,
    requestId: string,
  ): Promise<void> {
    const inForce = await courses.current(where.org, where.installation);
    const assignment = inForce?.course.assignments.find((a) => a.id === assignmentId);
    const student = assignment ? studentOf(assignment.repos, where.repo) : null;
    if (!inForce || !assignment || !student) {
      log.debug('re-run ignored: no assignment of the course in force matches', { ...where, assignmentId });
      return;
    }
    const job = await intake.submit({
      origin: 're-run',
      org: where.org,
      repo: where.repo,
      assignment: assignment.id,
      student,
      submittedAt,
      submission: { kind: 'git', url: where.url, commit },
      courseDigest: await courses.archiveDigest(inForce.course),
      installation: where.installation,
      requestId,
    });
    log.info('regrade queued', { job: job.jobId, ...where, assignment: assignment.id, commit });
  }

  /** When the job was submitted, from its payload while the queue still holds it. */
  async function originalTime(jobId: string | null | undefined): Promise<Date | null> {
    const queue = jobId ? queueOfJobId(jobId) : null;
    if (!jobId || !queue) return null;
    const parsed = parseJobPayload((await deps.queues.jobState(queue, jobId)).payload);
    return parsed.ok ? new Date(parsed.payload.submittedAt) : null;
  }

  return (app: Probot): void => {
    app.on('push', async (context) => {
      const payload = context.payload;
      const installation = payload.installation?.id;
      const org = payload.repository.owner?.login;
      if (!installation || !org) return deps.outcomes?.note(context.id, 'ignored');
      const once = await deliveries.once(context.id, async () => {
        const isCourse = payload.repository.name.toLowerCase() === courses.repository.toLowerCase();
        const inForce = isCourse ? null : await courses.current(org, installation);
        const decisions = routePush(payload, inForce?.course ?? null, courses.repository);
        if (decisions.every((d) => d.action === 'ignore')) deps.outcomes?.note(context.id, 'ignored');
        for (const decision of decisions) {
          if (decision.action === 'ignore') {
            log.debug('push ignored', { repo: payload.repository.full_name, reason: decision.reason });
          } else if (decision.action === 'reload-course') {
            await reports.add({
              kind: 'course',
              org,
              repo: payload.repository.name,
              installation,
              commit: decision.commit,
            });
          } else if (decision.action === 'no-course') {
            log.warn('push not graded: no valid course configuration; the catch-up grades it later', {
              repo: payload.repository.full_name,
              commit: decision.commit,
            });
            await reports.add({
              kind: 'not-graded',
              org: decision.org,
              repo: decision.repo,
              installation,
              commit: decision.commit,
            });
          } else if (inForce) {
            const job = await intake.submit({
              origin: 'push',
              org: decision.org,
              repo: decision.repo,
              assignment: decision.assignment,
              student: decision.student,
              submittedAt: submissionTime(payload.repository.pushed_at, new Date()),
              submission: { kind: 'git', url: payload.repository.clone_url, commit: decision.commit },
              courseDigest: await courses.archiveDigest(inForce.course),
              installation,
            });
            log.info(job.added ? 'submission queued' : 'submission already queued', {
              job: job.jobId,
              repo: payload.repository.full_name,
              assignment: decision.assignment,
            });
          }
        }
      });
      if (once === 'duplicate') deps.outcomes?.note(context.id, 'duplicate');
    });

    app.on('check_run.rerequested', async (context) => {
      const { check_run: run, repository } = context.payload;
      const installation = context.payload.installation?.id;
      if (!installation) return;
      const org = repository.owner.login;
      if (run.name === COURSE_CHECK_NAME) {
        await reports.add({ kind: 'course', org, repo: repository.name, installation, commit: run.head_sha });
        return;
      }
      const prefix = checkName('');
      if (!run.name.startsWith(prefix)) return;
      const where = { org, repo: repository.name, url: repository.clone_url, installation };
      const submittedAt =
        (await originalTime(run.external_id)) ?? new Date(run.check_suite.created_at ?? Date.now());
      await regrade(where, run.name.slice(prefix.length), run.head_sha, submittedAt, context.id);
    });

    app.on('check_suite.rerequested', async (context) => {
      const { check_suite: suite, repository } = context.payload;
      const installation = context.payload.installation?.id;
      if (!installation) return;
      const where = {
        org: repository.owner.login,
        repo: repository.name,
        url: repository.clone_url,
        installation,
      };
      const inForce = await courses.current(where.org, installation);
      const jobs = await intake.jobsOfCommit(where.org, where.repo, suite.head_sha);
      for (const assignment of inForce?.course.assignments ?? []) {
        if (!studentOf(assignment.repos, where.repo)) continue;
        const submittedAt =
          (await originalTime(jobs[assignment.id])) ?? new Date(suite.created_at ?? Date.now());
        await regrade(where, assignment.id, suite.head_sha, submittedAt, context.id);
      }
    });

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.synchronize'], async (context) => {
      const { pull_request: pull, repository } = context.payload;
      const jobs = await intake.jobsOfCommit(repository.owner.login, repository.name, pull.head.sha);
      for (const job of Object.values(jobs)) await reports.add({ kind: 'comment', job, pull: pull.number });
    });

    app.on('issue_comment.created', async (context) => {
      const { issue, comment, repository, sender } = context.payload;
      const installation = context.payload.installation?.id;
      if (!installation || !issue.pull_request) return;
      await deliveries.once(context.id, () =>
        handleStaffComment(
          context.octokit,
          {
            org: repository.owner.login,
            repo: repository.name,
            cloneUrl: repository.clone_url,
            installation,
            pull: issue.number,
            comment: { id: comment.id, body: comment.body, createdAt: comment.created_at },
            author: { login: sender.login, bot: sender.type === 'Bot' },
          },
          deps,
        ),
      );
    });

    app.on(['installation.created', 'installation.new_permissions_accepted'], async (context) => {
      const { installation } = context.payload;
      const org = accountLogin(installation.account);
      if (org)
        await reports.add({ kind: 'course', org, repo: courses.repository, installation: installation.id });
    });

    app.on('installation_repositories.added', async (context) => {
      const { installation } = context.payload;
      const org = accountLogin(installation.account);
      if (org)
        await reports.add({ kind: 'course', org, repo: courses.repository, installation: installation.id });
    });

    app.on(['installation.deleted', 'installation.suspend'], async (context) => {
      const org = accountLogin(context.payload.installation.account);
      if (org) courses.forget(org);
      log.info('installation removed or suspended', { org, action: context.payload.action });
    });
  };
}

function accountLogin(account: unknown): string | null {
  const login = (account as { login?: unknown } | null)?.login;
  return typeof login === 'string' ? login : null;
}
