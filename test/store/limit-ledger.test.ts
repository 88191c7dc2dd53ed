/**
 * The submission ledger against real Redis: reservations per student, redelivery counted once,
 * releases, and no lost race when runners reserve at the same moment.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LimitLedger } from '../../src/store/limit-ledger.js';
import { connect, dropPrefix, testPrefix } from '../helpers/queue.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Date.parse('2026-12-01T12:00:00Z');
const at = (ms: number) => new Date(start + ms);
const twoPerDay = { submissions: 2, perMs: DAY };
const alice = { org: 'test-org', assignment: 'hw1', student: 'alice' };

let redis: Redis;
let prefix: string;
let ledger: LimitLedger;

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  ledger = new LimitLedger(redis, prefix);
});

afterEach(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('LimitLedger', () => {
  it('reserves up to the limit, then refuses with the next possible time and records nothing', async () => {
    expect(await ledger.reserve(alice, 'job-1', at(0), twoPerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve(alice, 'job-2', at(HOUR), twoPerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve(alice, 'job-3', at(2 * HOUR), twoPerDay)).toEqual({
      allowed: false,
      nextAt: at(DAY),
    });
    expect(await ledger.reserved(alice)).toEqual([
      { jobId: 'job-1', submittedAt: at(0) },
      { jobId: 'job-2', submittedAt: at(HOUR) },
    ]);
    expect(await ledger.reserve(alice, 'job-4', at(DAY), twoPerDay)).toEqual({ allowed: true });
  });

  it('counts a job that reserves again (redelivered, retried) once', async () => {
    expect(await ledger.reserve(alice, 'job-1', at(0), twoPerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve(alice, 'job-1', at(0), twoPerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve(alice, 'job-2', at(HOUR), twoPerDay)).toEqual({ allowed: true });
    // Even with the window full, the jobs already counted may go on.
    expect(await ledger.reserve(alice, 'job-2', at(HOUR), twoPerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve(alice, 'job-1', at(0), twoPerDay)).toEqual({ allowed: true });
    expect((await ledger.reserved(alice)).map((r) => r.jobId)).toEqual(['job-1', 'job-2']);
  });

  it('gives a released place back, and releasing twice or an unknown job changes nothing', async () => {
    await ledger.reserve(alice, 'job-1', at(0), twoPerDay);
    await ledger.reserve(alice, 'job-2', at(HOUR), twoPerDay);
    await ledger.release(alice, 'job-2');
    await ledger.release(alice, 'job-2');
    await ledger.release(alice, 'never-reserved');
    expect(await ledger.reserved(alice)).toEqual([{ jobId: 'job-1', submittedAt: at(0) }]);
    expect(await ledger.reserve(alice, 'job-3', at(2 * HOUR), twoPerDay)).toEqual({ allowed: true });
    // Releasing for a student with no ledger creates no keys.
    await ledger.release({ ...alice, student: 'nobody' }, 'job-9');
    expect(await redis.keys(`${prefix}:limit:*nobody*`)).toEqual([]);
  });

  it('keeps students and assignments apart', async () => {
    const onePerDay = { submissions: 1, perMs: DAY };
    expect(await ledger.reserve(alice, 'a-1', at(0), onePerDay)).toEqual({ allowed: true });
    expect(await ledger.reserve({ ...alice, student: 'bob' }, 'b-1', at(0), onePerDay)).toEqual({
      allowed: true,
    });
    expect(await ledger.reserve({ ...alice, assignment: 'hw2' }, 'a-2', at(0), onePerDay)).toEqual({
      allowed: true,
    });
    expect(await ledger.reserve(alice, 'a-3', at(HOUR), onePerDay)).toEqual({
      allowed: false,
      nextAt: at(DAY),
    });
  });

  it('lets exactly N of many simultaneous reservations through', async () => {
    const others = Array.from({ length: 4 }, () => connect());
    try {
      const ledgers = [ledger, ...others.map((r) => new LimitLedger(r, prefix))];
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ledgers[i % ledgers.length]!.reserve(alice, `job-${i}`, at(i * 1000), twoPerDay),
        ),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(2);
      expect(await ledger.reserved(alice)).toHaveLength(2);
    } finally {
      for (const other of others) other.disconnect();
    }
  });

  it('expires its keys a week after the window', async () => {
    await ledger.reserve(alice, 'job-1', at(0), twoPerDay);
    const keys = (await redis.keys(`${prefix}:limit:*`)).sort();
    expect(keys).toEqual([
      `${prefix}:limit:test-org:hw1:alice`,
      `${prefix}:limit:test-org:hw1:alice:version`,
    ]);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(8 * 24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(8 * 24 * 3600);
    }
  });
});
