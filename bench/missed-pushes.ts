/**
 * Pushes missed while the bot was down, caught up by redelivery:
 *
 *   npm run bench:missed -- [pushes] [runners]   (default 100 pushes, 2 runners of one slot each)
 *
 * `gradebot serve` and the runners run in their own processes against the fake GitHub (Enterprise
 * Server layout) on loopback, with Octokit's throttling on as in service. The bot is stopped; that
 * many pushes, one student each, are sent through the fake GitHub's delivery log and fail; the bot
 * is started again on the same address, and its first pass asks GitHub to redeliver them. Measured
 * from the bot's start: the last redelivery asked for, the last missed push graded (its job done)
 * and reported (its check run completed). Compared, in the same run, with grading the same
 * submissions alone: their jobs enqueued directly again (regrade queue, so they are new jobs).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { GradingQueues } from '../src/queue/grading-queues.js';
import { pushPayload, startGitHubWorld, type GitHubWorld } from '../test/helpers/github-world.js';
import { dropPrefix, openQueues } from '../test/helpers/queue.js';
import { startRunner, startServe, type GradebotProcess } from '../test/helpers/runner-process.js';
import { describeMachine } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pushes = Number(process.argv[2] ?? 100);
const runnerCount = Number(process.argv[3] ?? 2);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  console.log(await describeMachine());
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  const world = await startGitHubWorld();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `bench-missed-${Date.now()}`;
  const queues = openQueues(redis, prefix);
  const env = {
    ...world.appEnv,
    WEBHOOK_SECRET,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
    GRADEBOT_REDELIVERY_INTERVAL: '5',
  };
  const course = await world.repo('gradebot-course');
  await course.commit({
    'gradebot.yml': await readFile(path.join(here, 'course/gradebot.yml'), 'utf8'),
    'one/README.txt': 'one test\n',
  });
  const shas: string[] = [];
  for (let i = 0; i < pushes; i++) {
    const repo = await world.repo(`one-s${i}`);
    shas.push(await repo.commit({ 'hello.txt': `hello ${i}\n` }));
  }
  const warmup = await (await world.repo('one-warmup')).commit({ 'hello.txt': 'hello\n' });

  let serve = await startServe(prefix, env, url);
  world.deliveries.webhook = { url: `${serve.url}/api/github/webhooks`, secret: WEBHOOK_SECRET };
  const runners: GradebotProcess[] = [];
  try {
    for (let i = 0; i < runnerCount; i++) {
      runners.push(
        startRunner(prefix, ['--concurrency', '1'], url, {
          GRADEBOT_BOT_URL: serve.url,
          GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
        }),
      );
    }
    await Promise.all(runners.map((r) => r.waitForLog('runner started', 60_000)));
    // The first push loads the course and warms the runners' sandboxes up; not part of the figures.
    await world.deliveries.send('push', pushPayload(world, 'one-warmup', warmup));
    await until(() => completed(world, [warmup]));

    const address = new URL(serve.url);
    serve.child.kill('SIGTERM');
    await serve.exited;
    for (let i = 0; i < pushes; i++) {
      const attempt = await world.deliveries.send('push', pushPayload(world, `one-s${i}`, shas[i]!));
      if (attempt.status_code !== 0)
        throw new Error(`push ${i} reached a stopped bot: ${attempt.status_code}`);
    }
    console.log(
      `\n${pushes} pushes sent while the bot was down (all failed to connect); ${runnerCount} runners`,
    );

    const start = performance.now();
    serve = await startServe(prefix, { ...env, PORT: address.port }, url);
    const listening = performance.now() - start;
    let redelivered = NaN;
    let graded = NaN;
    await until(async () => {
      if (Number.isNaN(redelivered) && world.deliveries.attempts.filter((a) => a.redelivery).length >= pushes)
        redelivered = performance.now() - start;
      if (Number.isNaN(graded) && (await finished(queues, 'live')) >= pushes + 1)
        graded = performance.now() - start;
      return !Number.isNaN(redelivered) && !Number.isNaN(graded);
    });
    await until(() => completed(world, shas));
    const reported = performance.now() - start;

    const jobIds = shas.map((sha) => world.checkRuns.find((r) => r.head_sha === sha)!.external_id!);
    const payloads = await Promise.all(jobIds.map(async (id) => (await queues.jobState('live', id)).payload));
    const aloneStart = performance.now();
    for (const payload of payloads)
      await queues.enqueue({ ...(payload as object), queue: 'regrade', requestId: 'bench-alone' });
    await until(async () => (await finished(queues, 'regrade')) >= pushes);
    const alone = performance.now() - aloneStart;

    const failed = Object.values(await queues.counts()).reduce((sum, c) => sum + c.failed, 0);
    const writes = world.checkRuns.reduce((sum, r) => sum + r.writes.length, 0);
    console.log(`  bot listening again after        ${seconds(listening)}`);
    console.log(
      `  last redelivery asked for after  ${seconds(redelivered)} (${world.deliveries.attempts.filter((a) => a.redelivery).length} redeliveries)`,
    );
    console.log(`  last missed push graded after    ${seconds(graded)}`);
    console.log(
      `  last check run completed after   ${seconds(reported)} (${writes} check-run writes in all)`,
    );
    console.log(`  the same ${pushes} graded alone (enqueued directly): ${seconds(alone)}`);
    console.log(`  catch-up / grading alone: ${(graded / alone).toFixed(2)}; failed jobs: ${failed}`);
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
  } finally {
    for (const runner of runners) runner.child.kill('SIGTERM');
    serve.child.kill('SIGTERM');
    await Promise.all([...runners.map((r) => r.exited), serve.exited]);
    await queues.close();
    await dropPrefix(redis, prefix);
    redis.disconnect();
    await world.close();
  }
}

async function finished(queues: GradingQueues, queue: 'live' | 'regrade'): Promise<number> {
  const counts = (await queues.counts())[queue];
  return counts.completed + counts.failed;
}

function completed(world: GitHubWorld, shas: string[]): boolean {
  return shas.every((sha) => world.checkRuns.some((r) => r.head_sha === sha && r.status === 'completed'));
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the benchmark timed out');
    await sleep(20);
  }
}

await main();
