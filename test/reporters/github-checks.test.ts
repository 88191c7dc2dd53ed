/**
 * The GitHub adapter against GitHub faked at HTTP: what it sends, and that a redelivered or
 * retried job finds its check run and comment again instead of writing new ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckRunOutput } from '../../src/reporters/check-run-output.js';
import { GitHubChecks, type CheckTarget } from '../../src/reporters/github-checks.js';
import { commentMarker } from '../../src/reporters/pr-comment.js';
import { startFakeGitHub, testOctokit, type FakeGitHub } from '../helpers/fake-github.js';

const target: CheckTarget = {
  org: 'cs101',
  repo: 'hw1-alice',
  headSha: 'a'.repeat(40),
  assignment: 'hw1',
  jobId: 'live-123',
};
const output: CheckRunOutput = {
  title: '15 / 20 points',
  summary: '**15 / 20 points**',
  text: '### sums',
  conclusion: 'failure',
};
const runs = '/repos/cs101/hw1-alice/commits/' + 'a'.repeat(40) + '/check-runs';
let github: FakeGitHub;
let checks: GitHubChecks;

beforeEach(async () => {
  github = await startFakeGitHub();
  checks = new GitHubChecks(testOctokit(github.url));
});

afterEach(async () => {
  await github.close();
});

/** GitHub has no check run for the job yet, and creates one with this id. */
function expectNoRunThenCreate(id: number): void {
  github.expect({ method: 'GET', path: runs, respond: () => ({ json: { total_count: 0, check_runs: [] } }) });
  github.expect({
    method: 'POST',
    path: '/repos/cs101/hw1-alice/check-runs',
    respond: () => ({ status: 201, json: { id, html_url: `https://github.com/cs101/hw1-alice/runs/${id}` } }),
  });
}

describe('check runs', () => {
  it('creates the queued check run once, with the job as external_id, then completes it', async () => {
    expectNoRunThenCreate(77);
    github.expect({
      method: 'PATCH',
      path: '/repos/cs101/hw1-alice/check-runs/77',
      respond: () => ({ json: { id: 77 } }),
    });
    github.expect({
      method: 'PATCH',
      path: '/repos/cs101/hw1-alice/check-runs/77',
      respond: () => ({ json: { id: 77 } }),
    });

    expect(await checks.write(target, { status: 'queued', position: 3 })).toEqual({
      id: 77,
      url: 'https://github.com/cs101/hw1-alice/runs/77',
    });
    await checks.write(target, { status: 'in_progress' });
    await checks.write(target, {
      status: 'completed',
      output,
      completedAt: new Date('2026-12-01T10:00:00Z'),
    });
    github.verify();

    expect(github.received[0]!.query.get('check_name')).toBe('gradebot: hw1');
    expect(github.received[1]!.body).toEqual({
      name: 'gradebot: hw1',
      head_sha: 'a'.repeat(40),
      external_id: 'live-123',
      status: 'queued',
      output: { title: 'Queued', summary: 'Position 3 in the queue.' },
    });
    expect(github.received[2]!.body).toEqual({
      status: 'in_progress',
      output: { title: 'Grading', summary: 'A runner is grading this commit.' },
    });
    expect(github.received[3]!.body).toEqual({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-12-01T10:00:00.000Z',
      output: { title: '15 / 20 points', summary: '**15 / 20 points**', text: '### sums' },
    });
  });

  it('finds the check run another process created for the same job', async () => {
    const other = { id: 12, external_id: 'live-999' };
    const mine = { id: 13, external_id: 'live-123' };
    github.expect({
      method: 'GET',
      path: runs,
      respond: () => ({ json: { total_count: 2, check_runs: [other, mine] } }),
    });
    github.expect({
      method: 'PATCH',
      path: '/repos/cs101/hw1-alice/check-runs/13',
      respond: () => ({ json: { id: 13 } }),
    });
    await checks.write(target, { status: 'completed', output, completedAt: new Date() });
    github.verify();
  });

  it('creates a check run that was never written directly in its final state: one write', async () => {
    expectNoRunThenCreate(78);
    await checks.write(target, {
      status: 'completed',
      output,
      completedAt: new Date('2026-12-01T10:00:00Z'),
    });
    github.verify();
    expect(github.received[1]!.body).toMatchObject({
      external_id: 'live-123',
      status: 'completed',
      conclusion: 'failure',
    });
  });
});

describe('the pull request comment', () => {
  const comments = '/repos/cs101/hw1-alice/issues/1/comments';

  it('is posted the first time', async () => {
    github.expect({
      method: 'GET',
      path: comments,
      respond: () => ({ json: [{ id: 5, body: 'Welcome to the course!' }] }),
    });
    github.expect({ method: 'POST', path: comments, respond: () => ({ status: 201, json: { id: 6 } }) });
    await checks.upsertComment(target, 1, output, 'https://github.com/cs101/hw1-alice/runs/77');
    github.verify();
    const body = (github.received[1]!.body as { body: string }).body;
    expect(body.startsWith(commentMarker('hw1'))).toBe(true);
    expect(body).toContain('[Details in the check run](https://github.com/cs101/hw1-alice/runs/77)');
  });

  it('is edited in place afterwards', async () => {
    const earlier = `${commentMarker('hw1')}\nold`;
    github.expect({
      method: 'GET',
      path: comments,
      respond: () => ({
        json: [
          { id: 5, body: 'hi' },
          { id: 9, body: earlier },
        ],
      }),
    });
    github.expect({
      method: 'PATCH',
      path: '/repos/cs101/hw1-alice/issues/comments/9',
      respond: () => ({ json: { id: 9 } }),
    });
    await checks.upsertComment(target, 1, output);
    github.verify();
  });
});

describe('the fake itself', () => {
  it('fails a test on an unexpected call and on an unused expectation', async () => {
    github.expect({ method: 'GET', path: '/never', respond: () => ({ json: {} }) });
    await expect(checks.write(target, { status: 'in_progress' })).rejects.toThrow();
    expect(() => github.verify()).toThrow(/unexpected GET .*check-runs.*unused expectation GET \/never/);
  });

  it("fails a test on a body that GitHub's REST description refuses, and on a path it does not have", async () => {
    github.expect({
      method: 'POST',
      path: '/repos/:owner/:repo/check-runs',
      respond: () => ({ json: { id: 1 } }),
    });
    github.expect({ method: 'GET', path: '/no/such/endpoint', respond: () => ({ json: {} }) });
    const octokit = testOctokit(github.url);
    await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'cs101',
      repo: 'hw1-alice',
      name: 'gradebot: hw1',
      head_sha: 'a'.repeat(40),
      status: 'finished',
    } as never);
    await octokit.request('GET /no/such/endpoint');
    expect(() => github.verify()).toThrow(
      /\/status must be equal to one of the allowed values.*GET \/no\/such\/endpoint is not an operation/,
    );
  });
});
