/**
 * Issue 19's metrics test: after one real grading (a signed push webhook to `gradebot serve`, a
 * `gradebot runner` process, real Redis, BullMQ and Docker, GitHub faked at HTTP), the /metrics of
 * the bot and of the runner parse as Prometheus text and every counter moved by exactly what that
 * one grading did.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerCourse } from '../helpers/answer-course.js';
import { deliverPush, deploy, tearDown, type Deployment } from '../helpers/bot-deployment.js';
import { pushPayload, signedWebhook, startGitHubWorld } from '../helpers/github-world.js';
import { scrape } from '../helpers/prometheus-metrics.js';
import { eventually } from '../helpers/queue.js';

let d: Deployment;
let runnerUrl: string;

beforeAll(async () => {
  const world = await startGitHubWorld();
  const course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': answerCourse(), 'hw1/README.txt': 'Answer 42.\n' });
  d = await deploy(world, ['--metrics-port', '0']);
  const listening = await d.runner.waitForLog('metrics listening');
  runnerUrl = `http://127.0.0.1:${String(listening.port)}`;
  await d.runner.waitForLog('runner started');
});

afterAll(async () => {
  await tearDown(d);
});

it('counts one push graded, on the bot and on the runner', async () => {
  const student = await d.world.repo('hw1-alice');
  const sha = await student.commit({ 'answer.txt': '42\n' });
  const bot0 = await scrape(d.serve.url);
  const runner0 = await scrape(runnerUrl);
  expect(runner0.value('gradebot_runner_slots')).toBe(1);

  expect((await deliverPush(d, 'hw1-alice', sha)).status).toBeLessThan(300);
  await eventually(
    'the completed check run',
    async () => d.world.checkRuns.find((r) => r.head_sha === sha && r.status === 'completed'),
    60_000,
  );
  // The push-to-result time is observed once the final check run is written.
  const bot = await eventually('the push-to-result time', async () => {
    const now = await scrape(d.serve.url);
    return now.value('gradebot_push_to_result_seconds') > bot0.value('gradebot_push_to_result_seconds')
      ? now
      : undefined;
  });
  const runner = await scrape(runnerUrl);
  const moved = (name: string, labels: Record<string, string> = {}) =>
    bot.value(name, labels) - bot0.value(name, labels);
  const ran = (name: string, labels: Record<string, string> = {}) =>
    runner.value(name, labels) - runner0.value(name, labels);

  expect(moved('gradebot_webhooks_total')).toBe(1);
  expect(moved('gradebot_webhooks_total', { event: 'push', outcome: 'handled' })).toBe(1);
  expect(moved('gradebot_jobs_enqueued_total')).toBe(1);
  expect(moved('gradebot_jobs_enqueued_total', { queue: 'live', origin: 'push' })).toBe(1);
  expect(moved('gradebot_jobs_superseded_total')).toBe(0);
  expect(moved('gradebot_push_to_result_seconds', { queue: 'live' })).toBe(1);
  const checkRunWrites = d.world.checkRuns.reduce((sum, run) => sum + run.writes.length, 0);
  expect(moved('gradebot_github_writes_total', { kind: 'check_run', outcome: 'ok' })).toBe(checkRunWrites);
  expect(moved('gradebot_github_writes_total', { outcome: 'client_error' })).toBe(0);
  expect(moved('gradebot_github_write_seconds', { kind: 'check_run' })).toBe(checkRunWrites);
  expect(bot.value('gradebot_queue_jobs', { queue: 'live', state: 'waiting' })).toBe(0);
  expect(bot.value('gradebot_queue_oldest_waiting_seconds', { queue: 'live' })).toBe(0);
  expect(bot.value('gradebot_redis_reconnects_total')).toBe(0);

  expect(ran('gradebot_runner_jobs_started_total', { queue: 'live' })).toBe(1);
  expect(ran('gradebot_runner_jobs_completed_total')).toBe(1);
  expect(runner.labelsOf('gradebot_runner_jobs_completed_total')).toEqual([
    { queue: 'live', status: 'graded' },
  ]);
  expect(ran('gradebot_runner_queue_seconds', { queue: 'live' })).toBe(1);
  expect(ran('gradebot_runner_grading_seconds', { queue: 'live' })).toBe(1);
  expect(ran('gradebot_prestart_total')).toBe(1);
  expect(ran('gradebot_sandbox_seconds', { operation: 'exec' })).toBeGreaterThanOrEqual(1);
  expect(runner.value('gradebot_sandbox_seconds', { operation: 'create' })).toBeGreaterThanOrEqual(1);
  expect(runner.value('gradebot_runner_slots_busy')).toBe(0);
  expect(runner.value('gradebot_runner_slots')).toBe(1);
});

it('counts the same delivery again as a duplicate, and queues nothing', async () => {
  const sha = await (await d.world.repo('hw1-bob')).commit({ 'answer.txt': '41\n' });
  const delivery = crypto.randomUUID();
  const deliver = () => {
    const { headers, body } = signedWebhook(
      'push',
      pushPayload(d.world, 'hw1-bob', sha),
      d.webhookSecret,
      delivery,
    );
    return fetch(`${d.serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
  };
  const before = await scrape(d.serve.url);
  expect((await deliver()).status).toBeLessThan(300);
  expect((await deliver()).status).toBeLessThan(300);
  const after = await eventually('both deliveries counted', async () => {
    const now = await scrape(d.serve.url);
    return now.value('gradebot_webhooks_total') - before.value('gradebot_webhooks_total') === 2
      ? now
      : undefined;
  });
  const moved = (name: string, labels: Record<string, string>) =>
    after.value(name, labels) - before.value(name, labels);
  expect(moved('gradebot_webhooks_total', { event: 'push', outcome: 'handled' })).toBe(1);
  expect(moved('gradebot_webhooks_total', { event: 'push', outcome: 'duplicate' })).toBe(1);
  expect(moved('gradebot_jobs_enqueued_total', {})).toBe(1);
});

it('counts a webhook signed with the wrong secret as bad_signature, and queues nothing', async () => {
  const before = await scrape(d.serve.url);
  const { headers, body } = signedWebhook(
    'push',
    pushPayload(d.world, 'hw1-alice', 'a'.repeat(40)),
    'x'.repeat(32),
  );
  const response = await fetch(`${d.serve.url}/api/github/webhooks`, { method: 'POST', headers, body });
  expect(response.status).toBeGreaterThanOrEqual(400);
  const after = await eventually('the refused webhook counted', async () => {
    const now = await scrape(d.serve.url);
    return now.value('gradebot_webhooks_total') > before.value('gradebot_webhooks_total') ? now : undefined;
  });
  const moved = (labels: Record<string, string>) =>
    after.value('gradebot_webhooks_total', labels) - before.value('gradebot_webhooks_total', labels);
  expect(moved({})).toBe(1);
  expect(moved({ event: 'push', outcome: 'bad_signature' })).toBe(1);
  expect(after.value('gradebot_jobs_enqueued_total')).toBe(before.value('gradebot_jobs_enqueued_total'));
});
