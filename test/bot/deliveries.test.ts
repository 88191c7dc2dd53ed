/**
 * The delivery dedupe that keeps a redelivered webhook from doing its work twice (a redelivery keeps
 * `X-GitHub-Delivery`), with a real Redis of its own: only a delivery whose handling succeeded is
 * remembered, so one that failed does its work when GitHub redelivers it.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Deliveries } from '../../src/bot/deliveries.js';
import { testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { openStores } from '../../src/store/open-stores.js';

let server: OwnRedis;
let redis: Redis;

beforeAll(async () => {
  server = await ownRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

it('does the work of a delivery once, and again only if it failed', async () => {
  const deliveries = new Deliveries(openStores(redis, testPrefix()).deliveries);
  const guid = randomUUID();
  let done = 0;
  const work = async () => {
    done += 1;
  };

  await expect(
    deliveries.once(guid, async () => {
      throw new Error('Redis went away');
    }),
  ).rejects.toThrow('Redis went away');
  expect(await deliveries.once(guid, work)).toBe('handled');
  expect(await deliveries.once(guid, work)).toBe('duplicate');
  expect(await deliveries.once(randomUUID(), work)).toBe('handled');
  expect(done).toBe(2);
});
