/**
 * A job queued before Redis crashes is still there after it restarts (AOF, fsync always), and a
 * runner started afterwards grades it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkRedisPolicy } from '../../src/queue/redis-connection.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { startRunner } from '../helpers/runner-process.js';

let server: OwnRedis;

beforeAll(async () => {
  server = await ownRedis();
});
afterAll(async () => {
  await server.stop();
});

it('loses no queued job when Redis crashes between enqueue and pickup', async () => {
  const prefix = testPrefix();
  const before = new Redis(server.url, { maxRetriesPerRequest: null });
  expect(await checkRedisPolicy(before)).toEqual([]);
  const queues = openQueues(before, prefix);
  const { jobId } = await queues.enqueue(await makePayload(before, prefix, { student: 'ola' }));
  await queues.close();
  before.disconnect();

  await server.crash();
  await server.start();

  const runner = startRunner(prefix, [], server.url);
  const after = new Redis(server.url, { maxRetriesPerRequest: null });
  try {
    const results = new ResultsStore(after, prefix);
    const stored = await eventually(
      'the result',
      async () => (await results.list('test-org', 'quick', 'ola'))[0],
      60_000,
    );
    expect(stored).toMatchObject({ jobId, result: { status: 'graded', score: 1 } });
  } finally {
    runner.child.kill('SIGTERM');
    await runner.exited;
    after.disconnect();
  }
});

it('warns when Redis could evict jobs or lose them on restart', async () => {
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  try {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await redis.config('SET', 'appendonly', 'no');
    expect(await checkRedisPolicy(redis)).toEqual([
      'Redis maxmemory-policy is allkeys-lru; set it to noeviction or queued jobs can be evicted',
      'Redis appendonly is off; queued jobs are lost if Redis restarts',
    ]);
  } finally {
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    await redis.config('SET', 'appendonly', 'yes');
    redis.disconnect();
  }
});
