/**
 * The redelivery book against real Redis: one hold per event at a time (NX), attempts counted and
 * kept for the given time, and "given up" said once; each under its `p:redelivery:<kind>:<guid>` key.
 */
import { expect, it } from 'vitest';
import { RedeliveryBook } from '../../src/store/redelivery-book.js';
import { redisPerTest } from '../helpers/redis-per-test.js';

const WINDOW = 3 * 24 * 3600;
const t = redisPerTest();
const book = () => new RedeliveryBook(t.redis, t.prefix);
const ttlOf = (key: string) => t.redis.ttl(`${t.prefix}:${key}`);

it('gives one hold per event until it is released, naming the delivery asked for', async () => {
  expect(await book().hold('g1', 41, 300)).toBe(true);
  expect(await book().hold('g1', 42, 300)).toBe(false);
  expect(await book().hold('g2', 43, 300)).toBe(true);
  expect(await t.redis.get(`${t.prefix}:redelivery:hold:g1`)).toBe('41');
  expect(await ttlOf('redelivery:hold:g1')).toBeGreaterThan(300 - 60);

  await book().release('g1');

  expect(await t.redis.exists(`${t.prefix}:redelivery:hold:g1`)).toBe(0);
  expect(await book().hold('g1', 44, 300)).toBe(true);
});

it('counts attempts per event, 0 for an event never asked for', async () => {
  expect(await book().attempts([])).toEqual(new Map());
  await book().countAttempt('g1', WINDOW);
  await book().countAttempt('g1', WINDOW);
  await book().countAttempt('g2', WINDOW);

  expect(await book().attempts(['g1', 'g2', 'g3'])).toEqual(
    new Map([
      ['g1', 2],
      ['g2', 1],
      ['g3', 0],
    ]),
  );
  const ttl = await ttlOf('redelivery:attempts:g1');
  expect(ttl).toBeLessThanOrEqual(WINDOW);
  expect(ttl).toBeGreaterThan(WINDOW - 60);
});

it('gives up on an event once', async () => {
  expect(await book().giveUp('g1', WINDOW)).toBe(true);
  expect(await book().giveUp('g1', WINDOW)).toBe(false);
  expect(await t.redis.get(`${t.prefix}:redelivery:given-up:g1`)).toBe('1');
  expect(await ttlOf('redelivery:given-up:g1')).toBeGreaterThan(WINDOW - 60);
});
