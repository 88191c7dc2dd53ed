/**
 * The bot's queue metrics against real BullMQ queues on real Redis: jobs queued and superseded as
 * the intake counts them, and the depth and the oldest waiting job's age read at scrape time, by the
 * clock the metrics are given.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { Intake } from '../../src/jobs/intake.js';
import { createBotMetrics } from '../../src/metrics/bot-metrics.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { openStores } from '../../src/store/open-stores.js';
import { Scrape } from '../helpers/prometheus-metrics.js';
import { connect, dropPrefix, makePayload, openQueues, testPrefix } from '../helpers/queue.js';

let redis: Redis;
let prefix: string;
let queues: GradingQueues;

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  queues = openQueues(redis, prefix);
});

afterEach(async () => {
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

it('counts a newer push that makes a waiting one obsolete, and ages the oldest waiting job', async () => {
  let now = 0;
  const metrics = createBotMetrics({
    queues: () => queues.depths(),
    reportBacklog: async () => 0,
    now: () => now,
  });
  const intake = new Intake({ stores: openStores(redis, prefix), queues, metrics });
  const first = await makePayload(redis, prefix, { student: 'alice', submittedAt: new Date(1_000) });
  const second = await makePayload(redis, prefix, { student: 'alice', submittedAt: new Date(2_000) });
  const other = await makePayload(redis, prefix, { student: 'bob', submittedAt: new Date(3_000) });
  const queued = await intake.enqueue('submit', first);
  await intake.enqueue('submit', second);
  await intake.enqueue('submit', other);
  await intake.enqueue('submit', other); // the same submission again: nothing new

  const { queuedAt } = await queues.jobState('live', queued.jobId);
  now = queuedAt! + 90_000;
  const scrape = new Scrape(await metrics.registry.metrics());
  expect(scrape.value('gradebot_jobs_enqueued_total', { queue: 'live', origin: 'submit' })).toBe(3);
  expect(scrape.value('gradebot_jobs_superseded_total', { queue: 'live' })).toBe(1);
  expect(scrape.value('gradebot_queue_jobs', { queue: 'live', state: 'waiting' })).toBe(3);
  expect(scrape.value('gradebot_queue_jobs', { queue: 'regrade', state: 'waiting' })).toBe(0);
  expect(scrape.value('gradebot_queue_oldest_waiting_seconds', { queue: 'live' })).toBe(90);
  expect(scrape.value('gradebot_queue_oldest_waiting_seconds', { queue: 'regrade' })).toBe(0);
  expect(scrape.value('gradebot_report_backlog')).toBe(0);
});
