/**
 * Students are kept in lower case; results and nicknames that earlier versions stored under a name
 * with capitals (the repository's own case) are read together with the new ones. Real Redis.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { connect, dropPrefix, testPrefix } from '../helpers/queue.js';
import { storedResult } from '../helpers/stored-result.js';

let redis: Redis;
let prefix: string;
let results: ResultsStore;

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  results = new ResultsStore(redis, prefix);
});

afterEach(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** A result saved as versions before lower-case students did: under `student` as it was. */
async function saveAsBefore(jobId: string, result: GradingResult): Promise<void> {
  const key = `${prefix}:results:cs101:hw1:${result.student}`;
  await redis
    .multi()
    .hset(key, jobId, JSON.stringify(result))
    .zadd(`${key}:order`, Date.parse(result.submitted_at), jobId)
    .sadd(`${prefix}:students:cs101:hw1`, result.student)
    .exec();
}

describe('results stored under two cases of one student', () => {
  it('are one student, in submission order, whoever stored them', async () => {
    const older = storedResult('j1', { student: 'Alice', submitted_at: '2026-12-01T10:00:00.000Z' }).result;
    const newer = storedResult('j2', { student: 'alice', submitted_at: '2026-12-01T11:00:00.000Z' }).result;
    const newest = storedResult('j3', { student: 'ALICE', submitted_at: '2026-12-01T12:00:00.000Z' }).result;
    await saveAsBefore('j1', older);
    await results.save('cs101', 'j3', newest);
    await results.save('cs101', 'j2', newer);

    expect(await results.students('cs101', 'hw1')).toEqual(['alice']);
    const all = await results.listAll('cs101', 'hw1');
    expect([...all.keys()]).toEqual(['alice']);
    expect(all.get('alice')?.map((entry) => entry.jobId)).toEqual(['j1', 'j2', 'j3']);
    expect((await results.list('cs101', 'hw1', 'Alice')).map((entry) => entry.jobId)).toEqual([
      'j1',
      'j2',
      'j3',
    ]);
    expect(await results.get('cs101', 'hw1', 'alice', 'j1')).toEqual(older);
    expect(await results.get('cs101', 'hw1', 'alice', 'j3')).toEqual(newest);
  });

  it('have one nickname, and clearing it does not bring back the older one', async () => {
    const key = `${prefix}:nicknames:cs101:hw1`;
    await redis.hset(key, 'Alice', 'Old Ada');
    expect(await results.nicknames('cs101', 'hw1')).toEqual(new Map([['alice', 'Old Ada']]));
    await results.setNickname('cs101', 'hw1', 'alice', 'Ada');
    expect(await results.nicknames('cs101', 'hw1')).toEqual(new Map([['alice', 'Ada']]));
    await results.setNickname('cs101', 'hw1', 'alice', null);
    expect(await results.nicknames('cs101', 'hw1')).toEqual(new Map());
  });
});
