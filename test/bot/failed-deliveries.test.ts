/**
 * Which deliveries the bot asks GitHub to redeliver: failed events that never succeeded since,
 * within GitHub's 3-day window, newest attempt only, and not those already asked for too often.
 */
import { describe, expect, it } from 'vitest';
import {
  deliveryPageSchema,
  planRetries,
  unrecoveredDeliveries,
  type Delivery,
} from '../../src/bot/failed-deliveries.js';

const NOW = new Date('2030-03-10T12:00:00Z');
let nextId = 1;

function delivery(guid: string, at: string, statusCode: number, redelivery = false): Delivery {
  return {
    id: nextId++,
    guid,
    delivered_at: at,
    redelivery,
    status_code: statusCode,
    event: 'push',
    action: null,
  };
}

describe('unrecoveredDeliveries', () => {
  it('keeps failed events (no answer, 4xx, 5xx, 3xx), oldest first', () => {
    const refused = delivery('a', '2030-03-10T11:00:00Z', 0);
    const unavailable = delivery('b', '2030-03-10T11:30:00Z', 503);
    const redirected = delivery('c', '2030-03-10T10:00:00Z', 302);
    const ok = delivery('d', '2030-03-10T11:45:00Z', 200);
    const accepted = delivery('e', '2030-03-10T11:50:00Z', 202);
    expect(unrecoveredDeliveries([accepted, ok, unavailable, refused, redirected], NOW)).toEqual([
      redirected,
      refused,
      unavailable,
    ]);
  });

  it('drops an event once any attempt at it succeeded, earlier or later', () => {
    const failed = delivery('a', '2030-03-10T09:00:00Z', 0);
    const redelivered = delivery('a', '2030-03-10T09:05:00Z', 200, true);
    const succeededFirst = delivery('b', '2030-03-10T09:00:00Z', 200);
    const failedLater = delivery('b', '2030-03-10T09:10:00Z', 500, true);
    expect(unrecoveredDeliveries([failedLater, redelivered, succeededFirst, failed], NOW)).toEqual([]);
  });

  it('asks for the newest failed attempt of an event, once', () => {
    const first = delivery('a', '2030-03-10T09:00:00Z', 0);
    const second = delivery('a', '2030-03-10T10:00:00Z', 502, true);
    const third = delivery('a', '2030-03-10T10:00:00Z', 0, true); // same second, later id
    expect(unrecoveredDeliveries([first, third, second], NOW)).toEqual([third]);
  });

  it('leaves what GitHub no longer keeps (3 days) alone', () => {
    const inside = delivery('a', '2030-03-07T12:00:01Z', 0);
    const atTheEdge = delivery('b', '2030-03-07T12:00:00Z', 0);
    const older = delivery('c', '2030-03-01T00:00:00Z', 0);
    expect(unrecoveredDeliveries([inside, atTheEdge, older], NOW)).toEqual([inside]);
  });
});

describe('planRetries', () => {
  it('gives up on an event asked for the maximum number of times', () => {
    const fresh = delivery('a', '2030-03-10T11:00:00Z', 0);
    const again = delivery('b', '2030-03-10T11:00:00Z', 0);
    const exhausted = delivery('c', '2030-03-10T11:00:00Z', 0);
    const attempts = new Map([
      ['b', 4],
      ['c', 5],
    ]);
    expect(planRetries([fresh, again, exhausted], attempts, 5)).toEqual({
      redeliver: [fresh, again],
      givenUp: [exhausted],
    });
  });
});

describe('deliveryPageSchema', () => {
  const item = {
    id: 42,
    guid: '58474f00-b361-11eb-836d-0e4f3503ccbe',
    delivered_at: '2021-05-12T20:33:44Z',
    redelivery: false,
    duration: 0.03,
    status: 'failed to connect',
    status_code: 502,
    event: 'issues',
    action: 'opened',
    installation_id: 123,
    repository_id: 123,
    throttled_at: null,
  };

  it("reads GitHub's documented example, keeping only what it uses", () => {
    expect(deliveryPageSchema.parse([item])).toEqual([
      {
        id: 42,
        guid: item.guid,
        delivered_at: item.delivered_at,
        redelivery: false,
        status_code: 502,
        event: 'issues',
        action: 'opened',
      },
    ]);
  });

  it('refuses pages that are too long or deliveries that are not as documented', () => {
    expect(deliveryPageSchema.safeParse(Array.from({ length: 101 }, () => item)).success).toBe(false);
    expect(deliveryPageSchema.safeParse([{ ...item, guid: 'x'.repeat(101) }]).success).toBe(false);
    expect(deliveryPageSchema.safeParse([{ ...item, delivered_at: 'yesterday' }]).success).toBe(false);
    expect(deliveryPageSchema.safeParse([{ ...item, status_code: '200' }]).success).toBe(false);
  });
});
