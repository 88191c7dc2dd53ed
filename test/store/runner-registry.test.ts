/**
 * The runner registry against real Redis: runners alive by their heartbeat, dropped once it lapses
 * or they stop, and remembered as seen so their leftovers can be judged.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RunnerRegistry, type RunnerState } from '../../src/store/runner-registry.js';
import { connect, dropPrefix, testPrefix } from '../helpers/queue.js';

const state = (id: string): RunnerState => ({
  id,
  host: 'box',
  pid: 7,
  queues: ['live', 'regrade'],
  concurrency: 2,
  startedAt: '2026-12-01T12:00:00.000Z',
  running: [],
  draining: false,
});

const byId = (states: RunnerState[]) => [...states].sort((a, b) => a.id.localeCompare(b.id));

describe('runner registry', () => {
  const [redis, prefix] = [connect(), testPrefix()];
  const runners = new RunnerRegistry(redis, prefix);
  afterEach(() => dropPrefix(redis, prefix));
  afterAll(() => redis.disconnect());

  it('lists the runners that beat, as they last said, each for 15 s', async () => {
    expect(await runners.live()).toEqual([]);
    await runners.beat(state('r-1'));
    await runners.beat({ ...state('r-2'), running: ['live:j1'] });
    expect(byId(await runners.live())).toEqual([state('r-1'), { ...state('r-2'), running: ['live:j1'] }]);
    const ttl = await redis.ttl(`${prefix}:runner:r-1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15);
  });

  it('drops a runner whose heartbeat lapsed from the set, and judges it dead', async () => {
    await runners.beat(state('r-1'));
    await runners.beat(state('r-2'));
    await redis.del(`${prefix}:runner:r-2`); // what the expiry does after 15 s of silence
    expect(await runners.live()).toEqual([state('r-1')]);
    expect(await redis.smembers(`${prefix}:runners`)).toEqual(['r-1']);
    expect(await runners.isDead('r-2')).toBe(true);
    expect(await runners.isDead('r-1')).toBe(false);
  });

  it('forgets a stopped runner as alive but remembers it was seen', async () => {
    await runners.beat(state('r-1'));
    await runners.remove('r-1');
    expect(await runners.live()).toEqual([]);
    expect(await redis.zscore(`${prefix}:runners:seen`, 'r-1')).not.toBeNull();
    expect(await runners.isDead('r-1')).toBe(true);
  });

  it('never judges dead a runner it never saw', async () => {
    expect(await runners.isDead('stranger')).toBe(false);
  });
});
