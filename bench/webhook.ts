/**
 * The GitHub App under load, against the fake GitHub (Enterprise Server layout) on loopback, with
 * `gradebot serve` in its own process, Octokit's throttling on as in service:
 *
 *   npm run bench:webhook -- [rate] [seconds] [burst]   (default 100 webhooks/s for 10 s; burst 0)
 *
 * 1. Webhook → enqueue: signed push webhooks at a fixed rate, each for another student; p50/p99 of
 *    the time to the 2xx answer and to the job being in the queue (BullMQ's own timestamp).
 * 2. Push → completed check run on an idle runner, for a one-test assignment, next to bare
 *    `docker run` of the same image measured in the same run.
 * 3. With `burst` > 0: that many pushes at once to one runner of 2 slots; when each student's
 *    check run completes, and how many writes GitHub received.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { GradingQueues } from '../src/queue/grading-queues.js';
import {
  pushPayload,
  signedWebhook,
  startGitHubWorld,
  type GitHubWorld,
} from '../test/helpers/github-world.js';
import { dropPrefix, openQueues } from '../test/helpers/queue.js';
import { startRunner, startServe, type GradebotProcess } from '../test/helpers/runner-process.js';
import { bareDockerRun, describeMachine, median, percentile } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rate = Number(process.argv[2] ?? 100);
const seconds = Number(process.argv[3] ?? 10);
const burst = Number(process.argv[4] ?? 0);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  console.log(await describeMachine());
  const world = await startGitHubWorld();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `bench-webhook-${Date.now()}`;
  const queues = openQueues(redis, prefix);
  const course = await world.repo('gradebot-course');
  await course.commit({
    'gradebot.yml': await readFile(path.join(here, 'course/gradebot.yml'), 'utf8'),
    'one/README.txt': 'one test\n',
  });
  const serve = await startServe(prefix, {
    ...world.appEnv,
    WEBHOOK_SECRET,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
  });
  let runner: GradebotProcess | null = null;
  try {
    await webhookToEnqueue(world, serve.url, queues);
    await queues.close();
    await dropPrefix(redis, prefix);
    runner = startRunner(prefix, ['--concurrency', '2'], url, {
      GRADEBOT_BOT_URL: serve.url,
      GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
    });
    await runner.waitForLog('runner started');
    await pushToCheckRun(world, serve.url);
    if (burst > 0) await burstOfPushes(world, serve.url, burst);
  } finally {
    runner?.child.kill('SIGTERM');
    serve.child.kill('SIGTERM');
    await Promise.all([runner?.exited, serve.exited]);
    await dropPrefix(redis, prefix);
    redis.disconnect();
    await world.close();
  }
}

async function deliver(serveUrl: string, payload: unknown): Promise<Response> {
  const { headers, body } = signedWebhook('push', payload, WEBHOOK_SECRET);
  return fetch(`${serveUrl}/api/github/webhooks`, { method: 'POST', headers, body });
}

async function webhookToEnqueue(world: GitHubWorld, serveUrl: string, queues: GradingQueues): Promise<void> {
  const total = rate * seconds;
  console.log(`\nwebhook → enqueue: ${total} signed push webhooks at ${rate}/s, one student each`);
  // The first push of an organisation loads its course (one tarball); it is not part of the figures.
  await deliver(serveUrl, pushPayload(world, 'one-warmup', randomSha()));
  const sent = new Map<string, number>();
  const answered: number[] = [];
  const failures: number[] = [];
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const repo = `one-s${i}`;
    const payload = pushPayload(world, repo, randomSha());
    const at = Date.now();
    const t0 = performance.now();
    sent.set(repo, at);
    inFlight.push(
      deliver(serveUrl, payload).then(async (response) => {
        await response.arrayBuffer();
        if (response.ok) answered.push(performance.now() - t0);
        else failures.push(response.status);
      }),
    );
  }
  await Promise.all(inFlight);
  const achieved = total / ((performance.now() - start) / 1000);
  const jobs = await queues.jobsOf('live', ['waiting', 'active', 'delayed', 'prioritized']);
  const enqueued = jobs.flatMap((job) => {
    const at = sent.get(String((job.data as { repo?: unknown }).repo));
    return at === undefined ? [] : [job.timestamp - at];
  });
  console.log(`  sent at ${achieved.toFixed(0)}/s; ${answered.length} answered 2xx, ${failures.length} not`);
  console.log(
    `  to the 2xx answer:  p50 ${median(answered).toFixed(1)} ms, p99 ${percentile(answered, 99).toFixed(1)} ms (aim: p99 < 50 ms)`,
  );
  console.log(
    `  to the job queued:  p50 ${median(enqueued).toFixed(1)} ms, p99 ${percentile(enqueued, 99).toFixed(1)} ms (${enqueued.length} jobs)`,
  );
}

async function pushToCheckRun(world: GitHubWorld, serveUrl: string): Promise<void> {
  const rounds = 8;
  console.log(
    `\npush → completed check run, idle runner (2 prestarted slots), one-test assignment, ${rounds} pushes 1 s apart`,
  );
  const repo = await world.repo('one-alice');
  const times: number[] = [];
  for (let i = 0; i < rounds + 1; i++) {
    const sha = await repo.commit({ 'hello.txt': `hello ${i}\n` });
    const t0 = performance.now();
    const response = await deliver(serveUrl, pushPayload(world, 'one-alice', sha));
    if (!response.ok) throw new Error(`push answered ${response.status}`);
    while (!world.checkRuns.some((r) => r.head_sha === sha && r.status === 'completed')) await sleep(5);
    if (i > 0) times.push(performance.now() - t0); // the first warms the runner's sandboxes up
    await sleep(1000);
  }
  const bare: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await bareDockerRun('gradebot/base:latest', 'echo hello');
    bare.push(performance.now() - t0);
  }
  console.log(
    `  push → completed: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (aim < 2 s)`,
  );
  console.log(`  bare docker run --rm of the same image: median ${median(bare).toFixed(0)} ms`);
}

async function burstOfPushes(world: GitHubWorld, serveUrl: string, count: number): Promise<void> {
  console.log(`\nburst: ${count} pushes at once, one runner of 2 slots, throttled writes as in service`);
  const writesBefore = world.github.received.filter((r) => r.method !== 'GET').length;
  const shas: string[] = [];
  for (let i = 0; i < count; i++) {
    shas.push(await (await world.repo(`one-burst${i}`)).commit({ 'hello.txt': `hello ${i}\n` }));
  }
  const t0 = performance.now();
  await Promise.all(shas.map((sha, i) => deliver(serveUrl, pushPayload(world, `one-burst${i}`, sha))));
  const pushedMs = performance.now() - t0;
  const done = new Map<string, number>();
  for (;;) {
    for (const run of world.checkRuns) {
      if (run.status === 'completed' && shas.includes(run.head_sha) && !done.has(run.head_sha)) {
        done.set(run.head_sha, performance.now() - t0);
      }
    }
    if (done.size === count) break;
    await sleep(200);
  }
  const waits = [...done.values()];
  const writes = world.github.received.filter((r) => r.method !== 'GET').length - writesBefore;
  console.log(`  all ${count} webhooks answered in ${(pushedMs / 1000).toFixed(1)} s`);
  console.log(
    `  push → completed check run: p50 ${(median(waits) / 1000).toFixed(0)} s, p90 ${(percentile(waits, 90) / 1000).toFixed(0)} s, last ${(Math.max(...waits) / 1000).toFixed(0)} s`,
  );
  console.log(`  writes to GitHub: ${writes} (${(writes / count).toFixed(2)} per submission)`);
}

function randomSha(): string {
  return randomBytes(20).toString('hex');
}

await main();
