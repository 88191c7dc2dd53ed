/**
 * The queue dashboard over real HTTP against `startBot`, real Redis and real BullMQ jobs, with a
 * fake GitHub for sign-in and membership: anonymous visitors are sent to sign in, a signed-in
 * non-staff visitor gets 403, staff see the page and jobs by student and assignment with no
 * credential of the payload, retry and remove a failed job (logged with who), and may not change
 * anything else or from another origin; in Chromium the page renders under its CSP and its own
 * retry button works.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotServer } from '../../../src/bot/bot-server.js';
import { submissionPayload } from '../../../src/jobs/submission-payload.js';
import { createLogger } from '../../../src/log/logger.js';
import { JobLeases } from '../../../src/queue/job-leases.js';
import { launchChromium } from '../../helpers/chromium.js';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.js';
import { connect, dropPrefix, eventually, openQueues, testPrefix } from '../../helpers/queue.js';
import { expectStaffSignIn, signIn, startStaffBot } from '../../helpers/staff-bot.js';

const SECRET = 'ghs_neverShown';
const BASE = '/staff/queues';

let github: FakeGitHub;
let bot: BotServer;
const redis = connect();
const prefix = testPrefix();
const queues = openQueues(redis, prefix);
const logLines: string[] = [];
let installationLists = 0;
let prof = '';
let eve = '';
/** The job retried, then removed. */
let bob = '';

function payload(student: string, origin: 'push' | 're-run') {
  return submissionPayload({
    origin,
    org: 'cs101',
    repo: `hw1-${student}`,
    assignment: 'hw1',
    student,
    submittedAt: new Date('2026-12-01T10:00:00Z'),
    // Credentials in a URL would be a mistake upstream; the dashboard must not show them even so.
    submission: {
      kind: 'git',
      url: `https://x-access-token:${SECRET}@github.example/cs101/hw1-${student}.git`,
      commit: 'a'.repeat(40),
    },
    courseDigest: 'b'.repeat(64),
    installation: 7,
    ...(origin === 're-run' ? { requestId: `rerun-${student}` } : {}),
  });
}

beforeAll(async () => {
  github = await startFakeGitHub({ apiPrefix: '/api/v3' });
  expectStaffSignIn(github);
  github.expect({
    method: 'GET',
    path: '/app/installations',
    times: 'any',
    // The first list is the catch-up at start: nothing to catch up. Then cs101 is the deployment.
    respond: () => ({ json: installationLists++ === 0 ? [] : [{ id: 7, account: { login: 'cs101' } }] }),
  });
  github.expect({
    method: 'POST',
    path: '/app/installations/7/access_tokens',
    times: 'any',
    respond: () => ({ status: 201, json: { token: 'ghs_x', expires_at: '2099-01-01T00:00:00Z' } }),
  });
  github.expect({
    method: 'GET',
    path: '/repos/cs101/gradebot-course/commits/HEAD',
    times: 'any',
    respond: () => ({ status: 404, json: { message: 'Not Found' } }),
  });
  github.expect({
    method: 'GET',
    path: '/orgs/cs101/memberships/:username',
    times: 'any',
    respond: ({ params }) =>
      params.username === 'prof'
        ? { json: { state: 'active', role: 'admin' } }
        : { status: 404, json: { message: 'Not Found' } },
  });
  bot = await startStaffBot(
    github,
    prefix,
    createLogger('bot', (line) => logLines.push(line), 'info'),
  );
  await eventually('the catch-up at start', async () => installationLists > 0);
  prof = await signIn(bot.url, 'prof');
  eve = await signIn(bot.url, 'eve');
});

afterAll(async () => {
  await bot?.close();
  await github?.close();
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

const get = (path: string, cookie?: string) =>
  fetch(`${bot.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const put = (path: string, cookie: string, origin = bot.url) =>
  fetch(`${bot.url}${path}`, { method: 'PUT', redirect: 'manual', headers: { cookie, origin } });

/** The regrade queue's next job, which must be `jobId`, failed for good as a runner fails a job it cannot run. */
async function failNext(jobId: string): Promise<void> {
  const connection = connect();
  const leases = new JobLeases(connection, { prefix, queues: ['regrade'] });
  try {
    const lease = await leases.next(() => false);
    expect(lease?.id).toBe(jobId);
    await lease?.reject('the sandbox could not start');
  } finally {
    await leases.close();
    connection.disconnect();
  }
  expect((await queues.jobState('regrade', jobId)).state).toBe('failed');
}

/** The bot logged that prof changed the job of the regrade queue. */
function expectLogged(action: 'retried' | 'removed', jobId: string) {
  const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged).toContainEqual(
    expect.objectContaining({
      msg: `queue dashboard: job ${action}`,
      by: 'prof',
      queue: 'regrade',
      job: jobId,
    }),
  );
}

it('sends an anonymous visitor to sign in, and shows no data', async () => {
  for (const path of [BASE, `${BASE}/api/queues`]) {
    const response = await get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/staff/login?back=${encodeURIComponent(path)}`);
  }
  const change = await fetch(`${bot.url}${BASE}/api/queues/live/x/retry`, {
    method: 'PUT',
    headers: { origin: bot.url },
  });
  expect(change.status).toBe(401);
});

it('refuses a signed-in visitor who is not staff', async () => {
  const page = await get(BASE, eve);
  expect(page.status).toBe(403);
  expect(await page.text()).toContain(
    'You are signed in as eve, who is not staff of every organisation here.',
  );
  const api = await get(`${BASE}/api/queues`, eve);
  expect(api.status).toBe(403);
  expect(await api.text()).not.toContain('queues');
});

it('shows staff the page and each waiting job by student and assignment, never its credentials', async () => {
  const page = await get(BASE, prof);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'none'");
  const html = await page.text();
  expect(html).toContain(`<base href="${BASE}/"`);
  const script = /src="(static\/js\/main[^"]+)"/.exec(html)?.[1] ?? '';
  const asset = await get(`${BASE}/${script}`, prof);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);

  const { jobId } = await queues.enqueue(payload('alice', 'push'));
  const api = await get(`${BASE}/api/queues?activeQueue=live&status=waiting&page=1&jobsPerPage=10`, prof);
  expect(api.status).toBe(200);
  const text = await api.text();
  const body = JSON.parse(text) as {
    queues: { name: string; jobs: { id: string; name: string; data: unknown }[] }[];
  };
  expect(body.queues.map((q) => q.name).sort()).toEqual(['live', 'regrade', 'reports']);
  // Retry buttons for failed jobs only.
  for (const queue of body.queues) {
    expect(queue).toMatchObject({ readOnlyMode: false, allowRetries: true, allowCompletedRetries: false });
  }
  const job = body.queues.find((q) => q.name === 'live')?.jobs.find((j) => j.id === jobId);
  expect(job?.name).toBe('hw1 · alice (cs101)');
  expect(job?.data).toEqual({
    org: 'cs101',
    assignment: 'hw1',
    student: 'alice',
    repo: 'hw1-alice',
    submission: 'a'.repeat(40),
    submittedAt: '2026-12-01T10:00:00.000Z',
  });
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('x-access-token');
  const one = await get(`${BASE}/api/queues/live/${jobId}`, prof);
  expect(one.status).toBe(200);
  expect(await one.text()).not.toContain(SECRET);
  // Only failed jobs may be changed: a waiting one cannot be removed.
  expect((await put(`${BASE}/api/queues/live/${jobId}/clean`, prof)).status).toBe(403);
  expect((await queues.jobState('live', jobId)).state).toBe('waiting');
});

it('lets staff retry a failed job, and refuses the same request from another origin', async () => {
  const { jobId } = await queues.enqueue(payload('bob', 're-run'));
  await failNext(jobId);
  bob = jobId;
  const forged = await put(`${BASE}/api/queues/regrade/${jobId}/retry`, prof, 'https://evil.example');
  expect(forged.status).toBe(403);
  expect((await queues.jobState('regrade', jobId)).state).toBe('failed');

  const retried = await put(`${BASE}/api/queues/regrade/${jobId}/retry`, prof);
  expect(retried.status).toBe(204);
  expect((await queues.jobState('regrade', jobId)).state).toBe('waiting');
  expectLogged('retried', jobId);
});

it('lets staff remove a failed job, and nothing else changes', async () => {
  // The job retried above fails again.
  const jobId = bob;
  await failNext(jobId);
  const removed = await put(`${BASE}/api/queues/regrade/${jobId}/clean`, prof);
  expect(removed.status).toBe(204);
  expect((await queues.jobState('regrade', jobId)).state).toBe('unknown');
  expectLogged('removed', jobId);
  // bull-board could empty or pause a queue; here it may not.
  expect((await put(`${BASE}/api/queues/live/empty`, prof)).status).toBe(403);
  expect((await put(`${BASE}/api/queues/live/pause`, prof)).status).toBe(403);
  expect((await queues.counts()).live.waiting).toBe(1);
});

it('works in Chromium under its CSP: the waiting job by student and assignment, and a retry from the page', async () => {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const [name, value] = prof.split('=') as [string, string];
    await context.addCookies([{ name, value, url: bot.url }]);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    await page.goto(`${bot.url}${BASE}/queue/live?status=waiting`);
    await page.getByText('hw1 · alice (cs101)').first().waitFor({ timeout: 15_000 });
    // Retried from the page itself: the browser's own PUT passes the origin check.
    const { jobId } = await queues.enqueue(payload('dave', 're-run'));
    await failNext(jobId);
    await page.goto(`${bot.url}${BASE}/queue/regrade?status=failed`);
    await page.getByText('hw1 · dave (cs101)').first().waitFor({ timeout: 15_000 });
    // The job card's retry icon, after the queue's "Retry all".
    await page.locator('button:has(svg.lucide-refresh-cw)').last().click();
    const confirm = page.getByRole('button', { name: 'Confirm' });
    if (await confirm.isVisible()) await confirm.click();
    await eventually(
      'the retried job',
      async () => (await queues.jobState('regrade', jobId)).state === 'waiting',
      10_000,
    );
    expectLogged('retried', jobId);
    // Nothing is blocked but bull-board's web fonts from Google, left out on purpose (docs).
    expect(blocked.length).toBeGreaterThan(0);
    for (const line of blocked)
      expect(line).toMatch(/^Loading the stylesheet 'https:\/\/fonts\.googleapis\.com\//);
    await context.close();
  } finally {
    await browser.close();
  }
  github.verify();
});
