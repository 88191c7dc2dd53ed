import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore, CorruptBlobError, InvalidDigestError } from '../../src/store/blob-store.js';

let redis: Redis;
let prefix: string;
const extraKeys: string[] = [];

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = `gbtest-${randomUUID()}:blob:`;
});
afterEach(async () => {
  const keys = [...(await redis.keys(`${prefix}*`)), ...extraKeys.splice(0)];
  if (keys.length > 0) await redis.del(...keys);
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('BlobStore', () => {
  it('stores binary data under its sha256 and gives it back', async () => {
    const blobs = new BlobStore(redis, { prefix });
    const data = randomBytes(100_000);
    const digest = await blobs.put(data);
    expect(digest).toBe(sha256(data));
    expect((await blobs.get(digest))?.equals(data)).toBe(true);
    expect(await redis.keys(`${prefix}*`)).toEqual([prefix + digest]);
  });

  it('stores the same data once, giving it a full TTL again but never a shorter one', async () => {
    const data = Buffer.from(`hello ${randomUUID()}`);
    const blobs = new BlobStore(redis, { prefix, ttlSeconds: 1000 });
    const digest = await blobs.put(data);
    const key = prefix + digest;
    expect(await redis.ttl(key)).toBeGreaterThan(990);
    await redis.expire(key, 10);
    expect(await blobs.put(data)).toBe(digest);
    expect(await redis.ttl(key)).toBeGreaterThan(990);
    await new BlobStore(redis, { prefix, ttlSeconds: 5 }).put(data);
    expect(await redis.ttl(key)).toBeGreaterThan(990);
    expect(await redis.keys(`${prefix}*`)).toEqual([key]);
  });

  it('uses gradebot:blob: and seven days by default', async () => {
    const data = Buffer.from(`default ${randomUUID()}`);
    const digest = await new BlobStore(redis).put(data);
    extraKeys.push(`gradebot:blob:${digest}`);
    expect(await redis.ttl(`gradebot:blob:${digest}`)).toBeGreaterThan(7 * 24 * 3600 - 10);
  });

  it('answers null for a digest it does not hold', async () => {
    expect(await new BlobStore(redis, { prefix }).get(sha256(Buffer.from(randomUUID())))).toBeNull();
  });

  it.each(['', 'abc', 'A'.repeat(64), 'g'.repeat(64), '*', `../${'a'.repeat(61)}`, `${'a'.repeat(64)}\n`])(
    'refuses the digest %j',
    async (digest) => {
      await expect(new BlobStore(redis, { prefix }).get(digest)).rejects.toBeInstanceOf(InvalidDigestError);
    },
  );

  it('refuses content that does not hash to its digest', async () => {
    const digest = sha256(Buffer.from('the real thing'));
    await redis.set(prefix + digest, 'something else');
    await expect(new BlobStore(redis, { prefix }).get(digest)).rejects.toBeInstanceOf(CorruptBlobError);
  });
});
