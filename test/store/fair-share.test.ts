import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FairShare } from '../../src/store/fair-share.js';
import { connect, dropPrefix, eventually, testPrefix } from '../helpers/queue.js';

describe('fair share of runners per student', () => {
  let redis: Redis;
  const prefix = testPrefix();
  beforeAll(() => {
    redis = connect();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await dropPrefix(redis, prefix);
    await redis.quit();
  });

  it('lets one job of a student run at once, and the next once it is released', async () => {
    const share = new FairShare(redis, prefix, 1);
    expect(await share.claim('ann', 'job-1')).toBe(true);
    expect(await share.claim('ann', 'job-1')).toBe(true);
    expect(await share.claim('ann', 'job-2')).toBe(false);
    expect(await share.claim('bob', 'job-3')).toBe(true);
    await share.release('ann', 'job-1');
    expect(await share.claim('ann', 'job-2')).toBe(true);
  });

  it('frees the claim of a runner that died holding it, once it is stale', async () => {
    const share = new FairShare(redis, prefix, 1, 300);
    expect(await share.claim('cat', 'held-by-the-dead')).toBe(true);
    expect(await share.claim('cat', 'next')).toBe(false);
    await eventually('the claim stale', () => share.claim('cat', 'next'), 10_000);
  });

  it("judges staleness on Redis's clock, so a runner whose clock runs ahead takes nothing live", async () => {
    const share = new FairShare(redis, prefix, 1, 60_000);
    expect(await share.claim('dee', 'live-job')).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(await share.claim('dee', 'other-job')).toBe(false);
  });
});
