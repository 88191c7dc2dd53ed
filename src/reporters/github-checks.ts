/**
 * The only module that writes check runs and comments to GitHub. Every write is idempotent under
 * at-least-once delivery: a check run is found again by its `external_id` (the job id) before one
 * is created, and the comment by its hidden marker before one is posted. A check run that does not
 * exist yet is created directly in the state asked for, so a job that finished before its check run
 * was written costs one write, not three.
 */
import type { ProbotOctokit as Octokit } from 'probot';
import type { CheckRunOutput } from './check-run-output.js';
import { commentBody, findOwnComment } from './pr-comment.js';
import type { Annotation } from './result-annotations.js';

/** A check run that is not a grading job's, named by commit and check name. */
interface StandaloneTarget {
  org: string;
  repo: string;
  headSha: string;
  name: string;
}
export interface CheckTarget {
  org: string;
  repo: string;
  /** The pushed commit the check run belongs to. */
  headSha: string;
  assignment: string;
  /** The grading job: the check run's `external_id`. */
  jobId: string;
}

export type CheckState =
  | { status: 'queued'; position?: number }
  | { status: 'in_progress' }
  | { status: 'completed'; output: CheckRunOutput; completedAt: Date };

/** A job's check run as GitHub answered its last write: its id, and its page (`html_url`) when given. */
export interface WrittenCheckRun {
  id: number;
  url: string | null;
}

/** Where check run ids are remembered between calls (and, in the bot, between restarts). */
export interface CheckRunIds {
  get(jobId: string): Promise<number | null>;
  set(jobId: string, id: number): Promise<void>;
}

export function memoryCheckRunIds(): CheckRunIds {
  const ids = new Map<string, number>();
  return {
    get: async (jobId) => ids.get(jobId) ?? null,
    set: async (jobId, id) => void ids.set(jobId, id),
  };
}

/** Stable per assignment, so the re-run button and branch protection can name it. */
export function checkName(assignment: string): string {
  return `gradebot: ${assignment}`;
}

export class GitHubChecks {
  constructor(
    private readonly octokit: Octokit,
    private readonly ids: CheckRunIds = memoryCheckRunIds(),
  ) {}

  /** Brings the job's check run to `state`, creating it (in that state) if it does not exist. */
  async write(target: CheckTarget, state: CheckState): Promise<WrittenCheckRun> {
    const existing = await this.find(target);
    const fields = fieldsOf(state);
    if (existing !== null) {
      const { data } = await this.octokit.rest.checks.update({
        owner: target.org,
        repo: target.repo,
        check_run_id: existing,
        ...fields,
      });
      return { id: existing, url: data.html_url ?? null };
    }
    const { data } = await this.octokit.rest.checks.create({
      owner: target.org,
      repo: target.repo,
      name: checkName(target.assignment),
      head_sha: target.headSha,
      external_id: target.jobId,
      ...fields,
    });
    await this.ids.set(target.jobId, data.id);
    return { id: data.id, url: data.html_url ?? null };
  }

  /** A check run that is not a grading job's, such as the course configuration's: written once, completed. */
  async writeStandalone(
    target: StandaloneTarget,
    output: CheckRunOutput,
    annotations: Annotation[] = [],
  ): Promise<void> {
    await this.octokit.rest.checks.create({
      owner: target.org,
      repo: target.repo,
      name: target.name,
      head_sha: target.headSha,
      status: 'completed',
      conclusion: output.conclusion,
      output: {
        title: output.title,
        summary: output.summary,
        text: output.text,
        // GitHub takes at most 50 annotations per request.
        ...(annotations.length > 0 ? { annotations: annotations.slice(0, 50) } : {}),
      },
    });
  }

  /** A standalone check run written once per commit and name: a retried request finds the first. */
  async writeStandaloneOnce(target: StandaloneTarget, output: CheckRunOutput): Promise<void> {
    if ((await this.standaloneRun(target)) === null) await this.writeStandalone(target, output);
  }

  /** Rewrites the standalone check run of this commit and name, if there is one; says whether. */
  async updateStandalone(target: StandaloneTarget, output: CheckRunOutput): Promise<boolean> {
    const run = await this.standaloneRun(target);
    if (run === null) return false;
    await this.octokit.rest.checks.update({
      owner: target.org,
      repo: target.repo,
      check_run_id: run,
      status: 'completed',
      conclusion: output.conclusion,
      output: { title: output.title, summary: output.summary, text: output.text },
    });
    return true;
  }

  /** The id of the newest check run of this name on the commit; null when there is none. */
  private async standaloneRun(target: StandaloneTarget): Promise<number | null> {
    const { data } = await this.octokit.rest.checks.listForRef({
      owner: target.org,
      repo: target.repo,
      ref: target.headSha,
      check_name: target.name,
      filter: 'latest',
      per_page: 1,
    });
    return data.check_runs[0]?.id ?? null;
  }

  /** Open pull requests whose head is this commit: the ones whose comment shows its result. */
  async openPullRequests(org: string, repo: string, sha: string): Promise<number[]> {
    const { data } = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: org,
      repo,
      commit_sha: sha,
      per_page: 100,
    });
    return data.filter((pull) => pull.state === 'open' && pull.head.sha === sha).map((pull) => pull.number);
  }

  /** Edits this assignment's comment on the pull request, or posts it the first time; it links to `checkRunUrl`. */
  async upsertComment(
    target: CheckTarget,
    pullNumber: number,
    output: CheckRunOutput,
    checkRunUrl: string | null = null,
  ): Promise<void> {
    const { org, repo } = target;
    const body = commentBody(target.assignment, output, target.headSha, checkRunUrl);
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: org,
      repo,
      issue_number: pullNumber,
      per_page: 100,
    });
    const own = findOwnComment(comments, target.assignment);
    if (own === null)
      await this.octokit.rest.issues.createComment({ owner: org, repo, issue_number: pullNumber, body });
    else await this.octokit.rest.issues.updateComment({ owner: org, repo, comment_id: own, body });
  }

  private async find(target: CheckTarget): Promise<number | null> {
    const known = await this.ids.get(target.jobId);
    if (known !== null) return known;
    const { data } = await this.octokit.rest.checks.listForRef({
      owner: target.org,
      repo: target.repo,
      ref: target.headSha,
      check_name: checkName(target.assignment),
      filter: 'all',
      per_page: 100,
    });
    const found = data.check_runs.find((run) => run.external_id === target.jobId);
    if (found) await this.ids.set(target.jobId, found.id);
    return found?.id ?? null;
  }
}

function fieldsOf(state: CheckState) {
  switch (state.status) {
    case 'queued': {
      const where = state.position ? `Position ${state.position} in the queue.` : 'Waiting for a runner.';
      return { status: 'queued' as const, output: { title: 'Queued', summary: where } };
    }
    case 'in_progress':
      return {
        status: 'in_progress' as const,
        output: { title: 'Grading', summary: 'A runner is grading this commit.' },
      };
    case 'completed':
      return {
        status: 'completed' as const,
        conclusion: state.output.conclusion,
        completed_at: state.completedAt.toISOString(),
        output: {
          title: state.output.title,
          summary: state.output.summary,
          text: state.output.text,
          ...(state.output.annotations?.length ? { annotations: state.output.annotations } : {}),
        },
      };
  }
}
