/**
 * The only module that writes check runs and comments to GitHub. Every write is idempotent under
 * at-least-once delivery: a check run is found again by its `external_id` (the job id) before one
 * is created, and the comment by its hidden marker before one is posted.
 */
import type { ProbotOctokit as Octokit } from 'probot';
import type { CheckRunOutput } from './check-run-output.js';
import { commentBody, findOwnComment } from './pr-comment.js';

export interface CheckTarget {
  owner: string;
  repo: string;
  /** The pushed commit the check run belongs to. */
  headSha: string;
  assignment: string;
  /** The grading job: the check run's `external_id`. */
  jobId: string;
}

/** Stable per assignment, so the re-run button and branch protection can name it. */
export function checkName(assignment: string): string {
  return `gradebot: ${assignment}`;
}

export class GitHubChecks {
  /** Check run ids by job id, so a runner's later updates skip the lookup. */
  private readonly known = new Map<string, number>();

  constructor(private readonly octokit: Octokit) {}

  /** The queued check run of this job: created once, found again on any later call. */
  async queued(target: CheckTarget, queuePosition?: number): Promise<number> {
    const existing = await this.find(target);
    if (existing !== null) return existing;
    const where = queuePosition ? `Position ${queuePosition} in the queue.` : 'Waiting for a runner.';
    const { data } = await this.octokit.rest.checks.create({
      owner: target.owner,
      repo: target.repo,
      name: checkName(target.assignment),
      head_sha: target.headSha,
      external_id: target.jobId,
      status: 'queued',
      output: { title: 'Queued', summary: where },
    });
    this.known.set(target.jobId, data.id);
    return data.id;
  }

  async inProgress(target: CheckTarget): Promise<void> {
    const id = await this.idOf(target);
    await this.octokit.rest.checks.update({
      owner: target.owner,
      repo: target.repo,
      check_run_id: id,
      status: 'in_progress',
    });
  }

  async completed(target: CheckTarget, output: CheckRunOutput, completedAt: Date): Promise<void> {
    const id = await this.idOf(target);
    await this.octokit.rest.checks.update({
      owner: target.owner,
      repo: target.repo,
      check_run_id: id,
      status: 'completed',
      conclusion: output.conclusion,
      completed_at: completedAt.toISOString(),
      output: { title: output.title, summary: output.summary, text: output.text },
    });
  }

  /** Edits this assignment's comment on the pull request, or posts it the first time. */
  async upsertComment(target: CheckTarget, pullNumber: number, output: CheckRunOutput): Promise<void> {
    const { owner, repo } = target;
    const body = commentBody(target.assignment, output, target.headSha);
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: pullNumber,
      per_page: 100,
    });
    const own = findOwnComment(comments, target.assignment);
    if (own === null)
      await this.octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body });
    else await this.octokit.rest.issues.updateComment({ owner, repo, comment_id: own, body });
  }

  private async idOf(target: CheckTarget): Promise<number> {
    return (await this.find(target)) ?? this.queued(target);
  }

  private async find(target: CheckTarget): Promise<number | null> {
    const cached = this.known.get(target.jobId);
    if (cached !== undefined) return cached;
    const { data } = await this.octokit.rest.checks.listForRef({
      owner: target.owner,
      repo: target.repo,
      ref: target.headSha,
      check_name: checkName(target.assignment),
      filter: 'all',
      per_page: 100,
    });
    const found = data.check_runs.find((run) => run.external_id === target.jobId);
    if (found) this.known.set(target.jobId, found.id);
    return found?.id ?? null;
  }
}
