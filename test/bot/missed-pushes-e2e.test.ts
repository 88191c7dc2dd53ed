/**
 * Pushes the bot never heard of are graded anyway: pushes made while the bot was down are caught up
 * when it starts, submitted when GitHub recorded the push; a push that came while the course file
 * was invalid gets a neutral check run, then is graded when a valid course file is pushed; and
 * `gradebot reconcile` asks the running bot to catch up, grading nothing twice. Real `gradebot
 * serve` and `gradebot runner` processes, real Redis and Docker, GitHub faked at HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobPayload } from '../../src/jobs/job-payload.js';
import { deploy, deliverPush, tearDown, type Deployment } from '../helpers/bot-deployment.js';
import { gradebot } from '../helpers/cli.js';
import type { TestRepo } from '../helpers/git-server.js';
import { startGitHubWorld, type CheckRun } from '../helpers/github-world.js';
import { connect, dropPrefix, eventually, REDIS_URL } from '../helpers/queue.js';

/** The course file, written as JSON (which YAML reads as it is); `points` may be made invalid. */
function courseFile(points: number | string = 2): string {
  return JSON.stringify({
    course: 'cs101',
    timezone: 'UTC',
    defaults: { image: 'gradebot/base:latest', limits: { time: '30s', memory: '64MiB', disk: '16MiB' } },
    assignments: {
      hw1: {
        repos: 'hw1-*',
        dir: 'hw1',
        tests: [{ name: 'answer', run: 'cat answer.txt', stdout: '42', points }],
      },
    },
  });
}
const COURSE_FILE = courseFile();
const INVALID_COURSE_FILE = courseFile('many');

function gradingRuns(d: Deployment, sha: string): CheckRun[] {
  return d.world.checkRuns.filter((r) => r.head_sha === sha && r.name === 'gradebot: hw1');
}

async function graded(d: Deployment, sha: string): Promise<CheckRun> {
  return eventually(
    `the completed check run of ${sha.slice(0, 7)}`,
    async () => gradingRuns(d, sha).find((r) => r.status === 'completed'),
    90_000,
  );
}

/** The submission time the job of a check run was queued with. */
async function submittedAt(d: Deployment, run: CheckRun): Promise<string> {
  const state = await d.queues.jobState('live', run.external_id!);
  const parsed = parseJobPayload(state.payload);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.payload.submittedAt;
}

async function liveJobs(d: Deployment): Promise<number> {
  const c = (await d.queues.counts()).live;
  return c.waiting + c.active + c.delayed + c.completed + c.failed;
}

/** A time GitHub could have recorded for a push this long ago, to the second as GitHub gives it. */
function ago(ms: number): Date {
  return new Date(Math.floor((Date.now() - ms) / 1000) * 1000);
}

describe('pushes made while the bot was down', () => {
  let d: Deployment;
  const heads: Record<string, string> = {};
  const repos: Record<string, TestRepo> = {};
  // Alice pushed to main four days ago (longer than GitHub redelivers) and to another branch an
  // hour ago, which moved her repository's pushed_at; bob's push is older than the activity GitHub
  // keeps, so only pushed_at tells.
  const aliceOnMain = ago(4 * 24 * 3600_000);
  const anHourAgo = ago(3600_000);

  beforeAll(async () => {
    const world = await startGitHubWorld();
    const course = await world.repo('gradebot-course');
    await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
    for (const [student, answer] of [
      ['alice', '42'],
      ['bob', '41'],
    ] as const) {
      const repo = (repos[student] = await world.repo(`hw1-${student}`));
      heads[student] = await repo.commit({ 'answer.txt': `${answer}\n` });
      world.pushedAt.set(`hw1-${student}`, anHourAgo);
    }
    world.activity.get('hw1-alice')![0]!.timestamp = aliceOnMain;
    world.activity.set('hw1-bob', []);
    await world.repo('hw1-carol'); // never pushed to: nothing to grade
    await world.repo('notes'); // no assignment's repository
    d = await deploy(world);
  });

  afterAll(() => tearDown(d));

  it('are graded once at bot start, submitted when GitHub recorded the push to main', async () => {
    const alice = await graded(d, heads.alice!);
    const bob = await graded(d, heads.bob!);
    expect(alice.output?.title).toBe('2 / 2 points');
    expect(bob.output?.title).toBe('0 / 2 points');
    expect(await submittedAt(d, alice)).toBe(aliceOnMain.toISOString());
    expect(await submittedAt(d, bob)).toBe(anHourAgo.toISOString());
    const caughtUp = await d.serve.waitForLog('catch-up done');
    expect(caughtUp).toMatchObject({ org: 'cs101', why: 'start', repositories: 5, checked: 2, queued: 2 });
  });

  it('grades nothing again when the late webhook arrives after all', async () => {
    const response = await deliverPush(d, 'hw1-alice', heads.alice!);
    expect(response.status).toBeLessThan(300);
    await d.serve.waitForLog('submission already queued');
    expect(await liveJobs(d)).toBe(2);
    expect(gradingRuns(d, heads.alice!)).toHaveLength(1);
  });

  it('gradebot reconcile asks the running bot, which grades what was missed since and nothing twice', async () => {
    const newer = await repos.bob!.commit({ 'answer.txt': '42\n' });
    const first = await gradebot('reconcile', '--org', 'cs101', '--prefix', d.prefix, '--redis', REDIS_URL);
    expect(first).toMatchObject({
      code: 0,
      stdout: 'cs101: 2 of 5 repositories checked, 1 missed submission queued\n',
    });
    expect((await graded(d, newer)).output?.title).toBe('2 / 2 points');

    const second = await gradebot('reconcile', '--org', 'cs101', '--prefix', d.prefix, '--redis', REDIS_URL);
    expect(second).toMatchObject({
      code: 0,
      stdout: 'cs101: 2 of 5 repositories checked, 0 missed submissions queued\n',
    });
    expect(await liveJobs(d)).toBe(3);
    for (const sha of [heads.alice!, heads.bob!, newer]) expect(gradingRuns(d, sha)).toHaveLength(1);
  });
});

describe('a push while the course file is invalid', () => {
  let d: Deployment;
  let course: TestRepo;

  beforeAll(async () => {
    const world = await startGitHubWorld();
    course = await world.repo('gradebot-course');
    await course.commit({ 'gradebot.yml': INVALID_COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
    d = await deploy(world);
  });

  afterAll(() => tearDown(d));

  it('gets the neutral check run, then is graded when a valid course file is pushed', async () => {
    const student = await d.world.repo('hw1-dave');
    const sha = await student.commit({ 'answer.txt': '42\n' });
    expect((await deliverPush(d, 'hw1-dave', sha)).status).toBeLessThan(300);

    const waiting = await eventually('the neutral check run', async () =>
      d.world.checkRuns.find((r) => r.head_sha === sha && r.name === 'gradebot'),
    );
    expect(waiting).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(waiting.output?.title).toBe('Not graded yet');
    expect(waiting.output?.summary).toContain(
      'not graded yet: the course configuration is missing or invalid; staff have been told',
    );
    const warning = await d.serve.waitForLog(
      'push not graded: no valid course configuration; the catch-up grades it later',
    );
    expect(warning).toMatchObject({ level: 'warn', repo: 'cs101/hw1-dave', commit: sha });
    expect(await liveJobs(d)).toBe(0);

    const fixed = await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
    expect((await deliverPush(d, 'gradebot-course', fixed)).status).toBeLessThan(300);
    const run = await graded(d, sha);
    expect(run.output?.title).toBe('2 / 2 points');
    expect(await d.serve.waitForLog('missed push queued')).toMatchObject({ repo: 'hw1-dave', commit: sha });
    expect(gradingRuns(d, sha)).toHaveLength(1);
    // One check run, though the push could have been delivered again, which now says it is graded.
    expect(d.world.checkRuns.filter((r) => r.head_sha === sha && r.name === 'gradebot')).toHaveLength(1);
    await eventually(
      'the neutral check run updated',
      async () => waiting.output?.title === 'Graded after all',
    );
    expect(waiting).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(waiting.output?.summary).toContain('Its result: gradebot: hw1.');
  });
});

describe('gradebot reconcile without a bot', () => {
  it('says so and exits non-zero when Redis is unreachable', async () => {
    const run = await gradebot('reconcile', '--org', 'cs101', '--redis', 'redis://127.0.0.1:1');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^gradebot: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('says so and exits non-zero when no bot answers', async () => {
    const prefix = `gbtest-${randomUUID().slice(0, 8)}`;
    const redis = connect();
    try {
      const run = await gradebot(
        'reconcile',
        ...['--org', 'cs101', '--prefix', prefix, '--redis', REDIS_URL, '--timeout', '1'],
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('gradebot: the bot did not answer within 1 s');
    } finally {
      await dropPrefix(redis, prefix);
      redis.disconnect();
    }
  });
});
