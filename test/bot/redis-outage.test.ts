/**
 * Redis goes away for longer than a job's lock under a running bot and runner (real processes, a
 * Redis of the test's own, the fake GitHub), with jobs queued and one being graded: both processes
 * stay up, say so once each way, refuse what they cannot record, and afterwards every job completes
 * once with one check run each, completed once. A stop during an outage still ends.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { LABELS } from '../../src/runner/sandbox/docker/container-config.js';
import { pushPayload, signedWebhook, startGitHubWorld, type GitHubWorld } from '../helpers/github-world.js';
import { gradebot } from '../helpers/cli.js';
import { eventually, openQueues, testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { startRunner, startServe, type GradebotProcess } from '../helpers/runner-process.js';
import { answerCourse } from '../helpers/answer-course.js';

const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
/** Longer than the runner's lock (30 s), so the job being graded loses it. */
const OUTAGE_MS = 31_000;
const STUDENTS = ['ada', 'bob', 'cy'];
const run = promisify(execFile);

// Each test takes a few seconds, so the outage starts while the first job is in its sandbox.
const COURSE_FILE = answerCourse({ run: 'sleep 6; cat answer.txt', time: '60s', testTimeout: '30s' });

let server: OwnRedis;
let world: GitHubWorld;
let redis: Redis;
let queues: GradingQueues;
let serve: GradebotProcess & { url: string };
let runner: GradebotProcess;
const prefix = testPrefix();
const shas = new Map<string, string>();

beforeAll(async () => {
  server = await ownRedis();
  world = await startGitHubWorld();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined); // the test's own connection also sees the outage
  queues = openQueues(redis, prefix);
  const course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
  for (const student of [...STUDENTS, 'dee']) {
    const repo = await world.repo(`hw1-${student}`);
    shas.set(student, await repo.commit({ 'answer.txt': '42\n', 'name.txt': `${student}\n` }));
  }
  serve = await startServe(
    prefix,
    { ...world.appEnv, WEBHOOK_SECRET, GRADEBOT_RUNNER_SECRET: RUNNER_SECRET },
    server.url,
  );
  runner = startRunner(prefix, ['--concurrency', '1', '--no-prestart'], server.url, {
    GRADEBOT_BOT_URL: serve.url,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  await runner.waitForLog('runner started');
}, 120_000);

afterAll(async () => {
  for (const process of [runner, serve]) {
    if (process && process.child.exitCode === null && process.child.signalCode === null) {
      process.child.kill('SIGKILL');
    }
  }
  await Promise.all([runner?.exited, serve?.exited]);
  await queues?.close();
  redis?.disconnect();
  await server?.stop();
  await world?.close();
  world?.github.verify();
});

function deliver(student: string, delivery = randomUUID()) {
  const payload = pushPayload(world, `hw1-${student}`, shas.get(student)!);
  const { headers, body } = signedWebhook('push', payload, WEBHOOK_SECRET, delivery);
  return fetch(`${serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
}

function runsOf(student: string) {
  return world.checkRuns.filter((r) => r.repo === `hw1-${student}` && r.head_sha === shas.get(student));
}

/** This test's sandboxes running now (the runner prestarts none, so one runs only for a job). */
async function runningSandboxes(): Promise<number> {
  const { stdout } = await run('docker', [
    'ps',
    '-q',
    '--filter',
    `label=${LABELS.deployment}=${prefix}`,
    '--filter',
    'status=running',
  ]);
  return stdout.split('\n').filter(Boolean).length;
}

function healthz(): Promise<number> {
  return fetch(`${serve.url}/healthz`).then((r) => r.status);
}

function alive(process: GradebotProcess): boolean {
  return process.child.exitCode === null && process.child.signalCode === null;
}

function logged(process: GradebotProcess, message: string): number {
  return process.logs.filter((line) => line.msg === message).length;
}

it('rides out a Redis outage longer than the lock: every job completes once, each check run is written once', async () => {
  for (const student of STUDENTS) expect((await deliver(student)).status).toBeLessThan(300);
  await eventually('the first job in its sandbox', async () => (await runningSandboxes()) > 0 || undefined);

  await server.crash();
  const down = Date.now();
  expect(await eventually('/healthz to say 503', async () => (await healthz()) === 503 || undefined)).toBe(
    true,
  );
  // `gradebot health`, Swarm's check, says so too: the orchestrator decides, not a crash.
  const health = await gradebot('health', '--url', `${serve.url}/healthz`);
  expect(health).toMatchObject({ code: 1, stderr: expect.stringContaining('503') });
  // A push that cannot be recorded is refused, so GitHub shows the delivery failed.
  const refusedDelivery = randomUUID();
  expect((await deliver('dee', refusedDelivery)).status).toBeGreaterThanOrEqual(500);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - down))));
  expect(alive(serve) && alive(runner)).toBe(true);
  await server.start();
  const back = Date.now();

  await eventually('/healthz to say 200', async () => (await healthz()) === 200 || undefined);
  // The refused delivery, redelivered, is taken.
  expect((await deliver('dee', refusedDelivery)).status).toBeLessThan(300);

  const all = [...STUDENTS, 'dee'];
  await eventually(
    'every check run completed',
    async () => all.every((s) => runsOf(s).some((r) => r.status === 'completed')) || undefined,
    180_000,
  );
  await eventually('the queue settled', async () => {
    const { live } = await queues.counts();
    return live.active + live.waiting + live.delayed === 0 || undefined;
  });
  const { live } = await queues.counts();
  const downMs = [serve, runner].map(
    (p) => p.logs.find((l) => String(l.msg).startsWith('Redis reachable'))?.down_ms,
  );
  console.info(
    `redis outage: bot and runner saw ${JSON.stringify(downMs)} ms down; every job completed ` +
      `${((Date.now() - back) / 1000).toFixed(1)} s after Redis was back`,
  );
  expect(live).toMatchObject({ completed: all.length, failed: 0 });

  for (const student of all) {
    const runs = runsOf(student);
    expect(runs, student).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe('success');
    expect(
      runs[0]!.writes.filter((w) => w.status === 'completed'),
      student,
    ).toHaveLength(1);
  }
  // The job in its sandbox when Redis went away lost its lock: its first result was dropped.
  expect(logged(runner, 'lost the lock while grading; dropping this result, the job runs again')).toBe(1);
  const graded = runner.logs.filter((line) => line.msg === 'graded').map((line) => line.job);
  expect(graded).toHaveLength(all.length);
  expect(new Set(graded).size).toBe(all.length);

  for (const process of [serve, runner]) {
    expect(alive(process)).toBe(true);
    expect(logged(process, `Redis unreachable at ${server.url}; retrying`)).toBe(1);
    expect(logged(process, `Redis reachable again at ${server.url}`)).toBe(1);
    // Nothing but the JSON log lines: no ioredis or BullMQ retries printed to stderr.
    expect(process.logs.filter((line) => line.raw)).toEqual([]);
  }
}, 300_000);

it('stops on SIGTERM while Redis is unreachable', async () => {
  const warning = `Redis unreachable at ${server.url}; retrying`;
  const before = [serve, runner].map((process) => logged(process, warning));
  await server.crash();
  for (const [i, process] of [serve, runner].entries()) {
    await eventually('the outage noticed', async () => logged(process, warning) > before[i]! || undefined);
    process.child.kill('SIGTERM');
  }
  const stopping = Date.now();
  expect(await serve.exited).toBe(0);
  expect(await runner.exited).toBe(0);
  console.info(`redis outage: both stopped ${((Date.now() - stopping) / 1000).toFixed(1)} s after SIGTERM`);
  await server.start();
}, 60_000);
