/**
 * GitHub writes as the bot's metrics see them, against the fake GitHub over HTTP: a write answered
 * with a secondary rate limit is counted as rate limited, retried by throttling, and counted once as
 * a write that succeeded, its time observed once; reads are not writes.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ProbotOctokit } from 'probot';
import { countingRateLimits, countWrites } from '../../src/bot/github-write-metrics.js';
import { createBotMetrics } from '../../src/metrics/bot-metrics.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { Scrape } from '../helpers/prometheus-metrics.js';

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub();
});

afterEach(async () => {
  await github.close();
  github.verify();
});

it('counts a rate-limited write once as a write and once as rate limited', async () => {
  const metrics = createBotMetrics({ queues: async () => [], reportBacklog: async () => 0 });
  const quiet = () => undefined;
  const Octokit = countingRateLimits(ProbotOctokit, metrics.githubRateLimited);
  const octokit = countWrites(
    new Octokit({
      baseUrl: github.url,
      auth: { token: 'test-token' },
      retry: { enabled: false },
      // Probot's own handlers retry; these do the same, at once (Retry-After 0 would mean 60 s).
      throttle: {
        onRateLimit: () => true,
        onSecondaryRateLimit: () => true,
        fallbackSecondaryRateRetryAfter: 0,
      },
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    }),
    metrics,
  );
  const status = '/repos/:owner/:repo/statuses/:sha';
  github.expect({
    method: 'POST',
    path: status,
    respond: () => ({
      status: 403,
      headers: { 'retry-after': '0' },
      json: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    }),
  });
  github.expect({
    method: 'POST',
    path: status,
    respond: () => ({ status: 201, json: { id: 1, state: 'success' } }),
  });
  github.expect({ method: 'GET', path: '/repos/:owner/:repo', respond: () => ({ json: { id: 1 } }) });

  await octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
    owner: 'cs101',
    repo: 'hw1-alice',
    sha: 'a'.repeat(40),
    state: 'success',
  });
  await octokit.request('GET /repos/{owner}/{repo}', { owner: 'cs101', repo: 'hw1-alice' });

  const scrape = new Scrape(await metrics.registry.metrics());
  expect(scrape.value('gradebot_github_rate_limited_total', { limit: 'secondary' })).toBe(1);
  expect(scrape.value('gradebot_github_rate_limited_total', { limit: 'primary' })).toBe(0);
  expect(scrape.labelsOf('gradebot_github_writes_total')).toEqual([{ kind: 'status', outcome: 'ok' }]);
  expect(scrape.value('gradebot_github_writes_total')).toBe(1);
  expect(scrape.value('gradebot_github_write_seconds', { kind: 'status' })).toBe(1);
});
