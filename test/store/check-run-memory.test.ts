/**
 * The check-run memory against real Redis: the `id` and `written` fields of `p:check-run:<job id>`,
 * kept 60 days from the last write.
 */
import { expect, it } from 'vitest';
import { CheckRunMemory } from '../../src/store/check-run-memory.js';
import { redisPerTest } from '../helpers/redis-per-test.js';

const SIXTY_DAYS = 60 * 24 * 3600;
const t = redisPerTest();

it('remembers the check run id and the state written for each job', async () => {
  const memory = new CheckRunMemory(t.redis, t.prefix);
  expect(await memory.get('live:j1', 'id')).toBeNull();

  await memory.set('live:j1', 'id', '1234');
  await memory.set('live:j1', 'written', 'queued');
  await memory.set('live:j1', 'written', 'completed');

  expect(await memory.get('live:j1', 'id')).toBe('1234');
  expect(await memory.get('live:j1', 'written')).toBe('completed');
  expect(await memory.get('live:j2', 'written')).toBeNull();
  const key = `${t.prefix}:check-run:live:j1`;
  expect(await t.redis.hgetall(key)).toEqual({ id: '1234', written: 'completed' });
  const ttl = await t.redis.ttl(key);
  expect(ttl).toBeLessThanOrEqual(SIXTY_DAYS);
  expect(ttl).toBeGreaterThan(SIXTY_DAYS - 60);
});
