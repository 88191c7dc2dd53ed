/**
 * The staff pages in a real browser (headless Chromium through playwright-core) against `startBot`
 * on loopback, with real Redis and a fake GitHub for sign-in and membership: an anonymous visitor
 * ends at GitHub's authorize page with no data; a signed-in non-staff visitor gets 403 without a
 * hidden test in sight; an owner sees the hidden test, its output and the staff output; a tampered
 * session cookie counts as no session.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotServer } from '../../../src/bot/bot-server.js';
import { createLogger } from '../../../src/log/logger.js';
import { openStores } from '../../../src/store/open-stores.js';
import { launchChromium } from '../../helpers/chromium.js';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.js';
import { connect, dropPrefix, testPrefix } from '../../helpers/queue.js';
import { expectStaffSignIn, startStaffBot } from '../../helpers/staff-bot.js';
import { storedResult } from '../../helpers/stored-result.js';

const HIDDEN = 'hidden: handles <b>empty</b> input';
const STAFF_OUTPUT = 'grader note for staff only';
/** A staff command as written, with markup that must stay text. */
const COMMAND = '/override 3 <img src=x> late by a day';

let github: FakeGitHub;
let bot: BotServer;
let browser: Browser;
const redis = connect();
const prefix = testPrefix();
/** Who the next sign-in is. */
let signingIn = 'prof';

beforeAll(async () => {
  github = await startFakeGitHub({ apiPrefix: '/api/v3' });
  const any = 'any' as const;
  github.expect({
    method: 'GET',
    path: '/login/oauth/authorize',
    times: any,
    respond: ({ query }) => {
      // Nobody signing in: the visitor stays on GitHub's sign-in page.
      if (!signingIn) return { json: { page: 'GitHub sign-in' } };
      const back = new URL(query.get('redirect_uri') ?? '');
      back.searchParams.set('code', `code-${signingIn}`);
      back.searchParams.set('state', query.get('state') ?? '');
      return { status: 302, json: {}, headers: { location: back.toString() } };
    },
  });
  expectStaffSignIn(github);
  // Catch-up at start lists the App's installations: none here.
  github.expect({ method: 'GET', path: '/app/installations', times: any, respond: () => ({ json: [] }) });
  github.expect({
    method: 'GET',
    path: '/orgs/cs101/installation',
    times: any,
    respond: () => ({ json: { id: 7, account: { login: 'cs101' } } }),
  });
  github.expect({
    method: 'POST',
    path: '/app/installations/7/access_tokens',
    times: any,
    respond: () => ({ status: 201, json: { token: 'ghs_x', expires_at: '2099-01-01T00:00:00Z' } }),
  });
  github.expect({
    method: 'GET',
    path: '/repos/cs101/gradebot-course/commits/HEAD',
    times: any,
    respond: () => ({ status: 404, json: { message: 'Not Found' } }),
  });
  github.expect({
    method: 'GET',
    path: '/orgs/cs101/memberships/:username',
    times: any,
    respond: ({ params }) =>
      params.username === 'prof'
        ? { json: { state: 'active', role: 'admin' } }
        : { status: 404, json: { message: 'Not Found' } },
  });

  const stores = openStores(redis, prefix);
  await stores.results.save(
    'cs101',
    'job-1',
    storedResult('job-1', {
      score: 5,
      tests: [
        {
          name: 'prints hello',
          score: 5,
          max_score: 5,
          status: 'passed',
          output: '',
          visibility: 'visible',
          duration_ms: 3,
        },
        {
          name: HIDDEN,
          score: 0,
          max_score: 5,
          status: 'failed',
          output: 'expected 0, got 1',
          visibility: 'hidden',
          duration_ms: 4,
        },
      ],
      staff_output: STAFF_OUTPUT,
    }).result,
  );
  await stores.results.save(
    'cs101',
    'job-2',
    storedResult('job-2', {
      score: 0,
      tests: [
        {
          name: 'sums numbers',
          score: 0,
          max_score: 5,
          status: 'failed',
          output: 'wrong output',
          visibility: 'visible',
          duration_ms: 5,
          feedback: {
            command: './sum',
            image: 'gradebot/c:12',
            input: { file: 'inputs/sum.in', excerpt: '1 2', lines: 1, complete: true },
            exit: { expected: 0, actual: 0 },
            diff: { from_line: 1, lines: ['- 3', '+ 4'] },
            reproduce: ['./sum < inputs/sum.in'],
          },
        },
      ],
    }).result,
  );
  await stores.staffCommands.record({
    comment: 7,
    org: 'cs101',
    repo: 'hw1-alice',
    pull: 1,
    installation: 1,
    assignment: 'hw1',
    student: 'alice',
    command: COMMAND,
    by: 'prof',
    at: '2026-12-02T10:00:00.000Z',
    outcome: 'applied',
    detail: 'score 3 of 10',
    reply: 'done',
  });
  bot = await startStaffBot(github, prefix, createLogger('bot', undefined, 'error'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bot?.close();
  await github?.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** A fresh browser profile; it asks nobody for a favicon (the fake GitHub would count that as a call). */
async function visitor() {
  const context = await browser.newContext();
  await context.route('**/favicon.ico', (route) => route.abort());
  return context;
}

it('sends an anonymous visitor to GitHub without showing any data', async () => {
  const context = await visitor();
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('request', (request) => seen.push(request.url()));
  signingIn = '';
  await page.goto(`${bot.url}/staff/cs101/hw1`);
  expect(page.url()).toContain(`${github.url}/login/oauth/authorize?client_id=Iv1.test`);
  expect(await page.content()).not.toContain('hello');
  expect(seen.some((url) => url.includes('/staff/callback'))).toBe(false);
  await context.close();
});

it('refuses a signed-in visitor who is not staff, with no hidden test in the page', async () => {
  const context = await visitor();
  const page = await context.newPage();
  signingIn = 'eve';
  const response = await page.goto(`${bot.url}/staff/cs101/hw1/alice`);
  expect(response?.status()).toBe(403);
  const text = await page.textContent('body');
  expect(text).toContain('You are signed in as eve, who is not staff of cs101.');
  expect(text).not.toContain('empty');
  expect(text).not.toContain(STAFF_OUTPUT);
  await context.close();
});

it('shows staff the hidden test, its details and the staff output; a tampered cookie is no session', async () => {
  const context = await visitor();
  const page = await context.newPage();
  signingIn = 'prof';
  const response = await page.goto(`${bot.url}/staff/cs101/hw1/alice`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('no-store');
  const text = (await page.textContent('body')) ?? '';
  expect(text).toContain('Signed in as prof');
  expect(text).toContain(HIDDEN);
  expect(text).toContain('expected 0, got 1');
  expect(text).toContain(STAFF_OUTPUT);
  expect(await page.locator('b', { hasText: 'empty' }).count()).toBe(0);
  // A failed visible test's feedback, and the audit log of staff commands, markup kept as text.
  const feedback = (await page.locator('pre.feedback').textContent()) ?? '';
  expect(feedback.split('\n')).toEqual([
    '$ ./sum    (exit 0, expected 0)',
    'input from inputs/sum.in (1 lines):',
    '1 2',
    'expected (-) and actual (+) from line 1:',
    '- 3',
    '+ 4',
    'to reproduce:',
    './sum < inputs/sum.in',
  ]);
  const audit = page.locator('section.commands tbody tr td');
  expect(await audit.allTextContents()).toEqual([
    '2026-12-02T10:00:00.000Z',
    'prof',
    'alice',
    COMMAND,
    'applied',
    'score 3 of 10',
  ]);
  expect(await page.locator('img').count()).toBe(0);

  const [session] = (await context.cookies()).filter((c) => c.name === 'gradebot_staff');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  const [body = '', mac = ''] = (session?.value ?? '').split('.');
  const forged = Buffer.from(JSON.stringify({ p: { login: 'prof' }, e: Date.parse('2099-01-01') })).toString(
    'base64url',
  );
  const tampered = await fetch(`${bot.url}/staff/cs101/hw1/alice`, {
    headers: { cookie: `gradebot_staff=${forged}.${mac}` },
    redirect: 'manual',
  });
  expect(tampered.status).toBe(302);
  expect(tampered.headers.get('location')).toMatch(/^\/staff\/login/);
  expect(body).not.toBe(forged);
  await context.close();
  github.verify();
});
