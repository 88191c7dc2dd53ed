/**
 * The bot is away (stopped, or restarting: Swarm restarts it while its Redis is unreachable) when a
 * runner takes queued GitHub jobs, whose fetch tokens only the bot hands out. The jobs wait for the
 * bot without using up attempts (three attempts 5 and 10 s apart used to fail them for good), and
 * once it is back every job is graded once, with one completed check run each. Real processes,
 * Redis and Docker; GitHub is the fake.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { pushPayload, signedWebhook, startGitHubWorld, type GitHubWorld } from '../helpers/github-world.js';
import { eventually, openQueues, REDIS_URL, testPrefix } from '../helpers/queue.js';
import {
  startRunner,
  startServe,
  tearDownQueueTest,
  type GradebotProcess,
} from '../helpers/runner-process.js';
import { answerCourse } from '../helpers/answer-course.js';

const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
const STUDENTS = ['ada', 'bob', 'cy'];

const COURSE_FILE = answerCourse({ time: '60s' });

const prefix = testPrefix();
let world: GitHubWorld;
let redis: Redis;
let queues: GradingQueues;
let serve: GradebotProcess & { url: string };
let runner: GradebotProcess | null = null;
const shas = new Map<string, string>();

beforeAll(async () => {
  world = await startGitHubWorld();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = openQueues(redis, prefix);
  const course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
  for (const student of STUDENTS) {
    const repo = await world.repo(`hw1-${student}`);
    shas.set(student, await repo.commit({ 'answer.txt': '42\n', 'name.txt': `${student}\n` }));
  }
  serve = await startServe(prefix, botEnv());
}, 120_000);

afterAll(async () => {
  if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  await serve?.exited;
  await tearDownQueueTest({ runners: [runner], queues, redis, prefix });
  await world?.close();
});

function botEnv(port?: string): Record<string, string> {
  return {
    ...world.appEnv,
    WEBHOOK_SECRET,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
    ...(port ? { PORT: port } : {}),
  };
}

function deliver(student: string) {
  const payload = pushPayload(world, `hw1-${student}`, shas.get(student)!);
  const { headers, body } = signedWebhook('push', payload, WEBHOOK_SECRET);
  return fetch(`${serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
}

function logged(process: GradebotProcess, message: string): number {
  return process.logs.filter((line) => line.msg === message).length;
}

/**
 * What answers on the bot's port while it is away, as a proxy in front of it would: 503 to every
 * request. Counts the fetch-token requests per job.
 */
async function standIn(port: number): Promise<{ asked: Map<string, number>; close: () => Promise<void> }> {
  const asked = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const job = (JSON.parse(body || '{}') as { job?: string }).job ?? '?';
      asked.set(job, (asked.get(job) ?? 0) + 1);
      res.writeHead(503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { asked, close };
}

it('keeps jobs taken while the bot is away waiting for it, then grades each once', async () => {
  for (const student of STUDENTS) expect((await deliver(student)).status).toBeLessThan(300);
  const port = new URL(serve.url).port;
  serve.child.kill('SIGTERM');
  await serve.exited;
  const away = await standIn(Number(port));

  runner = startRunner(prefix, ['--concurrency', '2', '--no-prestart'], REDIS_URL, {
    GRADEBOT_BOT_URL: serve.url,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  // As often as a job has attempts: the old runner failed each job for good after this.
  await eventually(
    'every job asking the bot three times',
    async () =>
      (away.asked.size === STUDENTS.length && [...away.asked.values()].every((n) => n >= 3)) || undefined,
    120_000,
  );
  await away.close();

  serve = await startServe(prefix, botEnv(port));
  const results = new ResultsStore(redis, prefix);
  for (const student of STUDENTS) {
    const stored = await eventually(
      `hw1-${student} graded`,
      async () => {
        const list = await results.list(world.org, 'hw1', student);
        return list.length > 0 ? list : undefined;
      },
      90_000,
    );
    expect(stored.map((s) => [s.result.status, s.result.score])).toEqual([['graded', 1]]);
    const completed = await eventually(
      `the completed check run of hw1-${student}`,
      async () =>
        world.checkRuns.find(
          (r) => r.repo === `hw1-${student}` && r.head_sha === shas.get(student) && r.status === 'completed',
        ),
      // Seconds once graded. A bot stopped mid-write used to leave that request active until its lock
      // lapsed and the next bot found it stalled, holding this check run back a full minute.
      30_000,
    );
    expect(completed).toMatchObject({ conclusion: 'success' });
    expect(completed.writes.filter((w) => w.status === 'completed')).toHaveLength(1);
  }
  expect(logged(runner, 'the bot cannot hand out a fetch token; the job waits for it')).toBeGreaterThan(0);
  expect(logged(runner, 'infrastructure failure; will retry')).toBe(0);
  expect(logged(runner, 'infrastructure failure; no attempts left')).toBe(0);
}, 240_000);
