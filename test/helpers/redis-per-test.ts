/**
 * Real Redis for a store's tests: a connection and a fresh key prefix for each test, the prefix's
 * keys dropped and the connection closed after it.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import { connect, dropPrefix, testPrefix } from './queue.js';

export interface RedisPerTest {
  readonly redis: Redis;
  readonly prefix: string;
}

/** Call at the top of a test file; read `redis` and `prefix` inside tests only. */
export function redisPerTest(): RedisPerTest {
  let redis: Redis | null = null;
  let prefix = '';
  beforeEach(() => {
    redis = connect();
    prefix = testPrefix();
  });
  afterEach(async () => {
    if (!redis) return;
    await dropPrefix(redis, prefix);
    redis.disconnect();
    redis = null;
  });
  return {
    get redis() {
      if (!redis) throw new Error('redisPerTest: Redis is open only inside a test');
      return redis;
    },
    get prefix() {
      return prefix;
    },
  };
}
