/**
 * No push is lost while the bot is down: webhooks GitHub sends then fail (nothing listens), and
 * once `gradebot serve` is back it asks GitHub to redeliver them, and each is graded once, through
 * the real pieces: the fake GitHub's delivery log → `gradebot serve` → a Redis of its own → a real
 * `gradebot runner` → Docker.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import type { TestRepo } from '../helpers/git-server.js';
import { pushPayload, startGitHubWorld, type GitHubWorld } from '../helpers/github-world.js';
import { eventually, jobCount, openQueues, testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import {
  startRunner,
  startServe,
  tearDownQueueTest,
  type GradebotProcess,
} from '../helpers/runner-process.js';
import { answerCourse } from '../helpers/answer-course.js';

const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
const COURSE_FILE = answerCourse();

let server: OwnRedis;
let redis: Redis;
let world: GitHubWorld;
let prefix: string;
let queues: GradingQueues;
let serve: (GradebotProcess & { url: string }) | null = null;
let runner: GradebotProcess | null = null;
const students: Record<string, TestRepo> = {};

const serveEnv = () => ({
  ...world.appEnv,
  WEBHOOK_SECRET,
  GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  GRADEBOT_REDELIVERY_INTERVAL: '1',
});

beforeAll(async () => {
  server = await ownRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  prefix = testPrefix();
  queues = openQueues(redis, prefix);
  world = await startGitHubWorld();
  const course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
  for (const name of ['alice', 'bob', 'carol']) students[name] = await world.repo(`hw1-${name}`);
  serve = await startServe(prefix, serveEnv(), server.url);
  world.deliveries.webhook = { url: `${serve.url}/api/github/webhooks`, secret: WEBHOOK_SECRET };
  runner = startRunner(prefix, ['--concurrency', '2'], server.url, {
    GRADEBOT_BOT_URL: serve.url,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  await runner.waitForLog('runner started');
});

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await serve?.exited;
  if (queues) await tearDownQueueTest({ runners: [runner], queues, redis, prefix });
  await server?.stop();
  await world?.close();
  world?.github.verify();
});

// By repository too: the same files make the same commit in two students' repositories.
const runsOf = ({ repo, sha }: Push) => world.checkRuns.filter((r) => r.repo === repo && r.head_sha === sha);
interface Push {
  repo: string;
  sha: string;
}
const passes = () => serve?.logs.filter((l) => l.msg === 'redelivery pass') ?? [];

it('webhooks sent while the bot is stopped fail; once it is back they are redelivered and graded, each once', async () => {
  // While the bot is up, a push is delivered and graded; no pass finds anything to redeliver.
  const first = { repo: 'hw1-alice', sha: await students.alice!.commit({ 'answer.txt': '42\n' }) };
  const delivered = await world.deliveries.send('push', pushPayload(world, first.repo, first.sha));
  expect(delivered).toMatchObject({ status_code: 200, redelivery: false });
  await eventually(
    'the first check run completed',
    async () => runsOf(first)[0]?.status === 'completed',
    60_000,
  );

  // The bot stops; three pushes are sent to nobody.
  const url = new URL(serve!.url);
  serve!.child.kill('SIGTERM');
  await serve!.exited;
  const missed: Push[] = [];
  for (const [name, answer] of [
    ['alice', '41'],
    ['bob', '42'],
    ['carol', '43'],
  ] as const) {
    const push = { repo: `hw1-${name}`, sha: await students[name]!.commit({ 'answer.txt': `${answer}\n` }) };
    const attempt = await world.deliveries.send('push', pushPayload(world, push.repo, push.sha));
    expect(attempt).toMatchObject({ status_code: 0, status: 'failed to connect' });
    missed.push(push);
  }
  for (const push of missed) expect(runsOf(push)).toEqual([]);

  // Back on the same address: its first pass asks for the three again, and each is graded.
  serve = await startServe(prefix, { ...serveEnv(), PORT: url.port }, server.url);
  expect(serve.url).toBe(url.origin);
  for (const push of missed)
    await eventually(`${push.repo} graded`, async () => runsOf(push)[0]?.status === 'completed', 90_000);
  expect(missed.map((push) => runsOf(push)[0]?.output?.title)).toEqual([
    '0 / 1 points',
    '1 / 1 points',
    '0 / 1 points',
  ]);
  const redelivered = world.deliveries.attempts.filter((a) => a.redelivery);
  expect(redelivered.map((a) => a.status_code)).toEqual([200, 200, 200]);
  expect(redelivered.map((a) => a.guid).sort()).toEqual(
    world.deliveries.attempts
      .filter((a) => a.status_code === 0)
      .map((a) => a.guid)
      .sort(),
  );

  // Passes after the redeliveries landed find every event recovered; nothing is graded twice.
  await world.deliveries.settled();
  const seen = passes().length;
  await eventually('two more passes', async () => passes().length >= seen + 2, 30_000);
  expect(passes().at(-1)).toMatchObject({ failed: 0, redelivered: 0, givenUp: 0, errors: 0 });
  expect(world.deliveries.attempts.filter((a) => a.redelivery)).toHaveLength(3);
  for (const push of [first, ...missed]) expect(runsOf(push)).toHaveLength(1);
  expect(await jobCount(queues)).toBe(4);
}, 240_000);
