/**
 * The delivery log against real Redis: a delivery is seen only once remembered, under its key
 * `p:delivery:<id>`, for GitHub's 3-day redelivery window.
 */
import { expect, it } from 'vitest';
import { DeliveryLog } from '../../src/store/delivery-log.js';
import { redisPerTest } from '../helpers/redis-per-test.js';

const THREE_DAYS = 3 * 24 * 3600;
const t = redisPerTest();

it('sees a delivery only once it is remembered, for three days', async () => {
  const log = new DeliveryLog(t.redis, t.prefix);
  expect(await log.seen('d1')).toBe(false);

  await log.remember('d1');

  expect(await log.seen('d1')).toBe(true);
  expect(await log.seen('d2')).toBe(false);
  expect(await t.redis.get(`${t.prefix}:delivery:d1`)).toBe('1');
  const ttl = await t.redis.ttl(`${t.prefix}:delivery:d1`);
  expect(ttl).toBeLessThanOrEqual(THREE_DAYS);
  expect(ttl).toBeGreaterThan(THREE_DAYS - 60);
});
