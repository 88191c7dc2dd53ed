import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { openStores } from '../../src/store/open-stores.js';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/queue.js';

let redis: Redis;
const prefix = testPrefix();

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterEach(async () => {
  await dropPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

it('opens stores that write under the one prefix, each under its own key', async () => {
  const stores = openStores(redis, prefix);
  const digest = await stores.blobs.put(Buffer.from('folder'));
  await stores.roster.add('org', 'hello-ann');
  await stores.commitJobs.record('org', 'hello-ann', 'c0ffee', 'hello', 'live:j1');
  await stores.waitingPushes.add('org', 'hello-ann', 'c0ffee');
  await stores.limits.reserve({ org: 'org', assignment: 'hello', student: 'ann' }, 'live:j1', new Date(), {
    submissions: 1,
    perMs: 60_000,
  });
  expect((await redis.keys(`${prefix}:*`)).sort()).toEqual(
    [
      `${prefix}:blob:${digest}`,
      `${prefix}:commit-jobs:org/hello-ann/c0ffee`,
      `${prefix}:limit:org:hello:ann`,
      `${prefix}:limit:org:hello:ann:version`,
      `${prefix}:repos:org`,
      `${prefix}:waiting-push:org/hello-ann/c0ffee`,
    ].sort(),
  );
});

it('opens the bot stores under the same prefix', async () => {
  const stores = openStores(redis, prefix);
  await stores.deliveries.remember('d1');
  await stores.redeliveries.countAttempt('g1', 60);
  await stores.checkRuns.set('live:j1', 'id', '1234');
  await stores.courses.setPointer('org', 'c0ffee');
  expect((await redis.keys(`${prefix}:*`)).sort()).toEqual(
    [
      `${prefix}:check-run:live:j1`,
      `${prefix}:course-in-force:org`,
      `${prefix}:delivery:d1`,
      `${prefix}:redelivery:attempts:g1`,
    ].sort(),
  );
});

it('opens the supersede ledger, fair share and runner registry under the same prefix', async () => {
  const stores = openStores(redis, prefix);
  await stores.supersede.record('scope', 'live:j1', new Date());
  expect(await stores.fairShare(1).claim('ann', 'live:j1')).toBe(true);
  expect(await stores.fairShare(1).claim('ann', 'live:j2')).toBe(false);
  await stores.runners.beat({
    id: 'r-1',
    host: 'box',
    pid: 7,
    queues: ['live'],
    concurrency: 1,
    startedAt: '',
    running: [],
    draining: false,
  });
  expect((await redis.keys(`${prefix}:*`)).sort()).toEqual(
    [
      `${prefix}:latest:scope`,
      `${prefix}:running:ann`,
      `${prefix}:runner:r-1`,
      `${prefix}:runners`,
      `${prefix}:runners:seen`,
    ].sort(),
  );
});
