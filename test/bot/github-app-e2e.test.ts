/**
 * The GitHub App end to end, through the real pieces: a signed webhook POSTed over HTTP to
 * `gradebot serve` → real Redis → a real `gradebot runner` process → real Docker, with GitHub
 * (Enterprise Server layout, so GHE_HOST is exercised) faked on loopback, serving the course and
 * student repositories over git's smart HTTP protocol and recording the check runs.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { commentMarker } from '../../src/reporters/pr-comment.js';
import { CourseRegistry } from '../../src/store/course-registry.js';
import {
  installationPayload,
  pullRequestPayload,
  pushPayload,
  rerunPayload,
  rerunSuitePayload,
  signedWebhook,
  startGitHubWorld,
  type CheckRun,
  type GitHubWorld,
} from '../helpers/github-world.js';
import type { TestRepo } from '../helpers/git-server.js';
import { gradebot } from '../helpers/cli.js';
import {
  connect,
  dropPrefix,
  eventually,
  jobCount,
  openQueues,
  REDIS_URL,
  testPrefix,
} from '../helpers/queue.js';
import { startRunner, startServe, type GradebotProcess } from '../helpers/runner-process.js';
import { ANSWER_TEST, hw1CourseFile } from '../helpers/hw1-course.js';

const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');

const COURSE_FILE = hw1CourseFile({
  course: 'cs101',
  tests: [ANSWER_TEST, `{ name: greeting, run: 'cat hello.txt', stdout: 'hello', points: 1 }`],
});

let world: GitHubWorld;
let redis: Redis;
let prefix: string;
let serve: GradebotProcess & { url: string };
let runner: GradebotProcess;
let course: TestRepo;
let student: TestRepo;
let queues: GradingQueues;
/** The commit of the one badly signed push, which no line may name. */
let badlySignedSha: string;

const SIGNATURE_WARNING =
  "webhook signature does not match: the App's webhook secret (App settings, Webhook) must be the value of WEBHOOK_SECRET";

beforeAll(async () => {
  world = await startGitHubWorld();
  redis = connect();
  prefix = testPrefix();
  queues = openQueues(redis, prefix);
  course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42 and say hello.\n' });
  student = await world.repo('hw1-alice');
  serve = await startServe(prefix, {
    ...world.appEnv,
    WEBHOOK_SECRET,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  runner = startRunner(prefix, ['--concurrency', '1'], undefined, {
    GRADEBOT_BOT_URL: serve.url,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  await runner.waitForLog('runner started');
});

afterAll(async () => {
  runner?.child.kill('SIGTERM');
  serve?.child.kill('SIGTERM');
  await Promise.all([runner?.exited, serve?.exited]);
  await queues?.close();
  if (redis) {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  }
  await world?.close();
  world?.github.verify();
});

async function deliver(
  event: string,
  payload: unknown,
  options: { secret?: string; delivery?: string } = {},
) {
  const { headers, body } = signedWebhook(event, payload, options.secret ?? WEBHOOK_SECRET, options.delivery);
  return fetch(`${serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
}

function completedRun(sha: string, jobPrefix = 'live-'): CheckRun | undefined {
  return world.checkRuns.find(
    (r) => r.head_sha === sha && r.status === 'completed' && r.external_id?.startsWith(jobPrefix),
  );
}

describe('gradebot serve, end to end', () => {
  let firstSha: string;
  let firstDelivery: string;

  it('grades a signed push and records the completed check run with the score', async () => {
    firstSha = await student.commit({ 'answer.txt': '42\n', 'hello.txt': 'goodbye\n' });
    firstDelivery = crypto.randomUUID();
    const response = await deliver('push', pushPayload(world, 'hw1-alice', firstSha), {
      delivery: firstDelivery,
    });
    expect(response.status).toBeLessThan(300);

    const run = await eventually('the completed check run', async () => completedRun(firstSha), 60_000);
    expect(run.name).toBe('gradebot: hw1');
    expect(run.conclusion).toBe('failure');
    expect(run.output?.title).toBe('2 / 3 points');
    expect(run.output?.summary).toContain('| greeting | ❌ failed | 0 / 1 |');

    // The runner fetched with a token the bot minted for that one repository, read-only.
    const fetchToken = world.tokens.find((t) => t.repositories !== undefined);
    expect(fetchToken).toMatchObject({ repositories: ['hw1-alice'], permissions: { contents: 'read' } });
    expect(
      world.git.requests.some((r) => r.status === 200 && r.url.startsWith('/cs101/hw1-alice.git/')),
    ).toBe(true);
    const logged = JSON.stringify([...runner.logs, ...serve.logs]);
    for (const { token } of world.tokens) expect(logged).not.toContain(token);
  });

  it('answers the same delivery twice with one job', async () => {
    const before = await jobCount(queues);
    const again = await deliver('push', pushPayload(world, 'hw1-alice', firstSha), {
      delivery: firstDelivery,
    });
    expect(again.status).toBeLessThan(300);
    expect(await jobCount(queues)).toBe(before);
    expect(world.checkRuns.filter((r) => r.head_sha === firstSha)).toHaveLength(1);
  });

  it('refuses a webhook with a bad signature, queues nothing, and says once what to check, without the payload', async () => {
    const before = await jobCount(queues);
    const from = serve.logs.length;
    badlySignedSha = await student.commit({ 'answer.txt': '41\n' });
    const delivery = crypto.randomUUID();
    const response = await deliver('push', pushPayload(world, 'hw1-alice', badlySignedSha), {
      secret: 'not-the-secret',
      delivery,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await jobCount(queues)).toBe(before);
    expect(world.checkRuns.some((r) => r.head_sha === badlySignedSha)).toBe(false);

    const warning = await serve.waitForLog(SIGNATURE_WARNING);
    expect(warning).toMatchObject({ level: 'warn', component: 'bot', delivery, event: 'push' });
    expect(warning.msg).toContain('WEBHOOK_SECRET');
    // The line is written before the answer is sent: nothing else about the delivery follows it.
    const since = serve.logs.slice(from);
    expect(since.filter((l) => l.level === 'warn' || l.level === 'error' || l.level === 'fatal')).toEqual([
      warning,
    ]);
    expect(JSON.stringify(since)).not.toContain(badlySignedSha);
  });

  it('regrades a commit when its check run is re-run, keeping the original check run', async () => {
    const original = completedRun(firstSha)!;
    const response = await deliver('check_run', rerunPayload(world, 'hw1-alice', original));
    expect(response.status).toBeLessThan(300);
    const regraded = await eventually(
      'the regrade check run',
      async () => completedRun(firstSha, 'regrade-'),
      60_000,
    );
    expect(regraded.id).not.toBe(original.id);
    expect(regraded.output?.title).toBe('2 / 3 points');
  });

  it('regrades every assignment of a commit on "re-run all checks"', async () => {
    const before = world.checkRuns.filter((r) => r.head_sha === firstSha).length;
    const response = await deliver('check_suite', rerunSuitePayload(world, 'hw1-alice', firstSha));
    expect(response.status).toBeLessThan(300);
    await eventually(
      'a second regrade check run',
      async () =>
        world.checkRuns.filter((r) => r.head_sha === firstSha && r.status === 'completed').length ===
        before + 1,
      60_000,
    );
    const runs = world.checkRuns.filter((r) => r.head_sha === firstSha);
    expect(runs.filter((r) => r.external_id?.startsWith('regrade-'))).toHaveLength(2);
  });

  it('reports an invalid course file on its commit, every problem with file:line:col, and keeps the last valid one', async () => {
    const broken = COURSE_FILE.replace('points: 2 }', 'points: many }').replace('time: 30s', 'time: soon');
    const bad = await course.commit({ 'gradebot.yml': broken, 'hw1/README.txt': 'x\n' });
    const response = await deliver('push', pushPayload(world, 'gradebot-course', bad));
    expect(response.status).toBeLessThan(300);
    const check = await eventually('the course check run', async () =>
      world.checkRuns.find((r) => r.head_sha === bad && r.name === 'gradebot: course configuration'),
    );
    expect(check.conclusion).toBe('failure');
    expect(check.output?.title).toBe('Invalid: 2 problems');
    expect(check.output?.summary).toMatch(/gradebot\.yml:5:\d+: defaults\.limits\.time: /);
    expect(check.output?.summary).toMatch(/gradebot\.yml:11:\d+: assignments\.hw1\.tests\[0\]\.points: /);
    expect(check.output?.annotations).toHaveLength(2);

    // Students keep being graded with the configuration that was valid.
    const sha = await student.commit({ 'answer.txt': '42\n', 'hello.txt': 'hello\n' });
    expect((await deliver('push', pushPayload(world, 'hw1-alice', sha))).status).toBeLessThan(300);
    const run = await eventually(
      'the check run after the bad course push',
      async () => completedRun(sha),
      60_000,
    );
    expect(run.conclusion).toBe('success');
    expect(run.output?.title).toBe('3 / 3 points');
  });

  it('keeps one comment per assignment current on the open pull request', async () => {
    const sha = await student.commit({ 'answer.txt': '42\n', 'hello.txt': 'hullo\n' });
    world.pulls.set(sha, 1);
    expect(
      (await deliver('pull_request', pullRequestPayload(world, 'hw1-alice', 1, sha))).status,
    ).toBeLessThan(300);
    expect((await deliver('push', pushPayload(world, 'hw1-alice', sha))).status).toBeLessThan(300);
    const posted = await eventually(
      'the comment',
      async () => world.comments.find((c) => c.pull === 1),
      60_000,
    );
    expect(posted.body.startsWith(commentMarker('hw1'))).toBe(true);
    expect(posted.body).toContain('2 / 3 points');
    // It links to the check run, whose text says how to reproduce the failed test.
    const run = world.checkRuns.find((r) => r.head_sha === sha && r.status === 'completed')!;
    expect(posted.body).toContain(
      `[Details in the check run](${world.github.url}/cs101/hw1-alice/runs/${run.id})`,
    );
    expect(run.output?.text).toContain('**To reproduce**');

    // A new push to the pull request's branch edits the same comment.
    const next = await student.commit({ 'answer.txt': '42\n', 'hello.txt': 'hello\n' });
    world.pulls.set(next, 1);
    expect((await deliver('push', pushPayload(world, 'hw1-alice', next))).status).toBeLessThan(300);
    await eventually(
      'the edited comment',
      async () => posted.edits > 0 && posted.body.includes('3 / 3 points'),
      60_000,
    );
    expect(world.comments.filter((c) => c.pull === 1)).toHaveLength(1);

    // Reopening or moving the pull request to a graded commit posts nothing new: the comment is current.
    expect(
      (await deliver('pull_request', pullRequestPayload(world, 'hw1-alice', 1, next))).status,
    ).toBeLessThan(300);
    await eventually('the comment rewritten', async () => posted.edits > 1, 30_000);
    expect(world.comments.filter((c) => c.pull === 1)).toHaveLength(1);
  });

  it('takes an installation event in its stride and reloads the course', async () => {
    const loads = serve.logs.filter((l) => l.msg === 'course configuration in force').length;
    expect((await deliver('installation', installationPayload(world))).status).toBeLessThan(300);
    await eventually(
      'the course reloaded',
      async () =>
        serve.logs.filter((l) => l.msg === 'invalid course configuration; the last valid one stays in force')
          .length > 1 || serve.logs.filter((l) => l.msg === 'course configuration in force').length > loads,
    );
  });

  it('regrades the assignment with a fixed course: new check runs, the comment and the gradebook follow', async () => {
    // bob's only push says "Hello", which the greeting test does not yet accept.
    const bob = await world.repo('hw1-bob');
    const sha = await bob.commit({ 'answer.txt': '42\n', 'hello.txt': 'Hello\n' });
    world.pulls.set(sha, 2);
    expect((await deliver('pull_request', pullRequestPayload(world, 'hw1-bob', 2, sha))).status).toBeLessThan(
      300,
    );
    expect((await deliver('push', pushPayload(world, 'hw1-bob', sha))).status).toBeLessThan(300);
    const graded = await eventually('the check run', async () => completedRun(sha), 60_000);
    expect(graded.output?.title).toBe('2 / 3 points');
    const comment = await eventually(
      'the comment',
      async () => world.comments.find((c) => c.pull === 2 && c.body.includes('2 / 3 points')),
      60_000,
    );

    // The instructor meant the greeting in any case, and pushes the fixed course.
    const fixedFile = COURSE_FILE.replace("run: 'cat hello.txt'", "run: 'tr A-Z a-z < hello.txt'");
    const fixed = await course.commit({ 'gradebot.yml': fixedFile, 'hw1/README.txt': 'Answer 42, greet.\n' });
    expect((await deliver('push', pushPayload(world, 'gradebot-course', fixed))).status).toBeLessThan(300);
    await eventually(
      'the fixed course in force',
      async () => (await new CourseRegistry(redis, prefix).get('cs101'))?.commit === fixed,
      30_000,
    );

    // alice's latest push (3 / 3 already) and bob's.
    const regrade = await gradebot(
      'regrade',
      '--org',
      'cs101',
      '--assignment',
      'hw1',
      '--prefix',
      prefix,
      '--redis',
      REDIS_URL,
    );
    expect(regrade).toMatchObject({ code: 0, stderr: '' });
    expect(regrade.stdout).toBe(
      'regraded 2 of 2 submissions of cs101/hw1\n1 score(s) changed:\n  bob: 2 → 3 / 3\n',
    );

    // The runner announced the regrade job; the bot wrote a check run of its own on the same commit.
    const regraded = await eventually(
      'the regrade check run',
      async () => completedRun(sha, 'regrade-'),
      60_000,
    );
    expect(regraded.id).not.toBe(graded.id);
    expect(regraded.name).toBe('gradebot: hw1');
    expect(regraded.conclusion).toBe('success');
    expect(regraded.output?.title).toBe('3 / 3 points');
    await eventually('the comment edited', async () => comment.body.includes('3 / 3 points'), 60_000);
    expect(world.comments.filter((c) => c.pull === 2)).toHaveLength(1);

    // The pull request moving to that commit again shows the regraded result, not the first one.
    const edits = comment.edits;
    expect((await deliver('pull_request', pullRequestPayload(world, 'hw1-bob', 2, sha))).status).toBeLessThan(
      300,
    );
    await eventually('the comment rewritten', async () => comment.edits > edits, 30_000);
    expect(comment.body).toContain('3 / 3 points');

    const exported = await gradebot(
      'export',
      '--org',
      'cs101',
      '--assignment',
      'hw1',
      '--format',
      'csv',
      '--prefix',
      prefix,
      '--redis',
      REDIS_URL,
    );
    expect(exported.code).toBe(0);
    const row = exported.stdout.split('\r\n').find((line) => line.startsWith('bob,'));
    // Then the student's own due date (none here) and no extension or override: empty columns.
    expect(row?.split(',')).toEqual([
      'bob',
      '3',
      '3',
      '3',
      '1',
      sha,
      expect.any(String),
      '0',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }, 180_000);

  // Last: it stops both processes, so that every line they wrote has been read.
  it("wrote every line, Probot's included, as one JSON object with time, level by name, component and msg", async () => {
    runner.child.kill('SIGTERM');
    serve.child.kill('SIGTERM');
    expect(await Promise.all([runner.exited, serve.exited])).toEqual([0, 0]);
    const lines = [...serve.logs, ...runner.logs];
    expect(lines.filter((line) => line.raw)).toEqual([]);
    const names = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    const malformed = lines.filter(
      (line) =>
        typeof line.time !== 'string' ||
        Number.isNaN(Date.parse(line.time)) ||
        !names.includes(line.level as string) ||
        typeof line.component !== 'string' ||
        typeof line.msg !== 'string',
    );
    expect(malformed).toEqual([]);
    const components = new Set(lines.map((line) => line.component));
    expect([...components].sort()).toEqual(['bot', 'probot', 'runner']);
    // Every line about a graded job names it fully, with its durations.
    const graded = runner.logs.filter((line) => line.msg === 'graded');
    expect(graded.length).toBeGreaterThan(0);
    for (const line of graded) {
      expect(line).toMatchObject({
        job: expect.any(String),
        org: 'cs101',
        assignment: 'hw1',
        student: expect.any(String),
        queued_ms: expect.any(Number),
        grading_ms: expect.any(Number),
      });
    }
    // And the bot's line for each result it reported, with the durations the runner recorded.
    const reported = serve.logs.filter((line) => line.msg === 'reported');
    expect(reported.map((line) => line.job)).toEqual(expect.arrayContaining([graded[0]!.job]));
    expect(reported.find((line) => line.job === graded[0]!.job)).toMatchObject({
      org: 'cs101',
      assignment: 'hw1',
      student: graded[0]!.student,
      queued_ms: graded[0]!.queued_ms,
      grading_ms: graded[0]!.grading_ms,
    });
    expect(serve.logs.filter((line) => line.msg === SIGNATURE_WARNING)).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(badlySignedSha);
  }, 60_000);
});
