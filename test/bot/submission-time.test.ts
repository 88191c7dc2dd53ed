import { describe, expect, it } from 'vitest';
import { recordedTime, submissionTime } from '../../src/bot/submission-time.js';

const now = new Date('2026-12-03T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600_000);

describe('when a push counts as submitted', () => {
  it("takes a webhook's pushed_at, in seconds or as an ISO time, within the redelivery window", () => {
    expect(submissionTime(daysAgo(2).getTime() / 1000, now)).toEqual(daysAgo(2));
    expect(submissionTime(daysAgo(1).toISOString(), now)).toEqual(daysAgo(1));
    expect(submissionTime(daysAgo(4).toISOString(), now)).toEqual(now);
  });

  it('takes a time read from the API however old it is', () => {
    expect(recordedTime(daysAgo(40).toISOString(), now)).toEqual(daysAgo(40));
  });

  it('means now for a missing, unreadable or future time', () => {
    for (const pushedAt of [null, undefined, 'soon', new Date(now.getTime() + 3600_000).toISOString()]) {
      expect(submissionTime(pushedAt, now)).toEqual(now);
      expect(recordedTime(pushedAt, now)).toEqual(now);
    }
    // Within a minute of clock skew, a time ahead of ours is ours.
    expect(recordedTime(new Date(now.getTime() + 30_000).toISOString(), now)).toEqual(now);
  });
});
