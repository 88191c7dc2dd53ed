/**
 * The supersede ledger against real Redis: the newest submission of a scope wins whatever order
 * they are recorded in, and an older job learns which one supersedes it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SupersedeLedger } from '../../src/store/supersede-ledger.js';
import { connect, dropPrefix, testPrefix } from '../helpers/queue.js';

describe('supersede ledger', () => {
  const [redis, prefix] = [connect(), testPrefix()];
  const ledger = new SupersedeLedger(redis, prefix);
  afterEach(() => dropPrefix(redis, prefix));
  afterAll(() => redis.disconnect());
  const earlier = new Date('2026-12-01T12:00:00Z');
  const later = new Date('2026-12-01T12:05:00Z');

  it('keeps the newest submission even when an older one is recorded after it', async () => {
    expect(await ledger.record('scope', 'live:new', later)).toBe(true);
    expect(await ledger.record('scope', 'live:old', earlier)).toBe(false);
    expect(await ledger.supersededBy('scope', 'live:old', earlier)).toBe('live:new');
    expect(await ledger.supersededBy('scope', 'live:new', later)).toBeNull();
  });

  it('supersedes nothing in a scope with no record, nor in another scope', async () => {
    expect(await ledger.supersededBy('scope', 'live:old', earlier)).toBeNull();
    await ledger.record('other', 'live:new', later);
    expect(await ledger.supersededBy('scope', 'live:old', earlier)).toBeNull();
  });

  it('stores the record under the scope, for a week', async () => {
    await ledger.record('scope', 'live:new', later);
    expect(await redis.get(`${prefix}:latest:scope`)).toBe(`${later.getTime()} live:new`);
    const ttl = await redis.ttl(`${prefix}:latest:scope`);
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
  });
});
