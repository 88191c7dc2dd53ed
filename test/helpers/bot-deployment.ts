/**
 * A bot deployment for end-to-end tests: `gradebot serve` against a fake GitHub world and one
 * `gradebot runner`, on a Redis prefix of their own, with fresh secrets; and the signed push
 * webhooks GitHub would send it.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { pushPayload, signedWebhook, type GitHubWorld } from './github-world.js';
import { connect, dropPrefix, openQueues, testPrefix } from './queue.js';
import { startRunner, startServe, type GradebotProcess } from './runner-process.js';

/** One organisation's GitHub, a bot and a runner on their own Redis prefix. */
export interface Deployment {
  webhookSecret: string;
  world: GitHubWorld;
  redis: Redis;
  prefix: string;
  queues: GradingQueues;
  serve: GradebotProcess & { url: string };
  runner: GradebotProcess;
}

/**
 * Starts the bot on the world, then a runner (concurrency 1) that gets its tokens from it.
 * @param runnerArgs more flags for the runner (`--metrics-port 0`, say)
 */
export async function deploy(world: GitHubWorld, runnerArgs: string[] = []): Promise<Deployment> {
  const redis = connect();
  const prefix = testPrefix();
  const queues = openQueues(redis, prefix);
  const webhookSecret = randomBytes(20).toString('hex');
  const runnerSecret = randomBytes(20).toString('hex');
  const serve = await startServe(prefix, {
    ...world.appEnv,
    WEBHOOK_SECRET: webhookSecret,
    GRADEBOT_RUNNER_SECRET: runnerSecret,
  });
  const runner = startRunner(prefix, ['--concurrency', '1', ...runnerArgs], undefined, {
    GRADEBOT_BOT_URL: serve.url,
    GRADEBOT_RUNNER_SECRET: runnerSecret,
  });
  return { webhookSecret, world, redis, prefix, queues, serve, runner };
}

/** Stops both processes, drops the prefix, and fails the test on any call GitHub would refuse. */
export async function tearDown(d: Deployment | undefined): Promise<void> {
  if (!d) return;
  d.runner.child.kill('SIGTERM');
  d.serve.child.kill('SIGTERM');
  await Promise.all([d.runner.exited, d.serve.exited]);
  await d.queues.close();
  await dropPrefix(d.redis, d.prefix);
  d.redis.disconnect();
  await d.world.close();
  d.world.github.verify();
}

/** A signed push webhook for `sha` on `repo`, POSTed to the bot. */
export async function deliverPush(d: Deployment, repo: string, sha: string): Promise<Response> {
  return deliverEvent(d, 'push', pushPayload(d.world, repo, sha));
}

/** A signed webhook of any event, POSTed to the bot. */
export async function deliverEvent(d: Deployment, event: string, payload: unknown): Promise<Response> {
  const { headers, body } = signedWebhook(event, payload, d.webhookSecret);
  return fetch(`${d.serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
}
