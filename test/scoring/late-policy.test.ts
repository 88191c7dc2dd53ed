import { describe, expect, it } from 'vitest';
import type { LatePolicy } from '../../src/course/types.js';
import { applyLate, computeLate } from '../../src/scoring/late-policy.js';

const due = new Date('2026-12-01T23:59:00-05:00');
const after = (ms: number) => new Date(due.getTime() + ms);
const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
const policy: LatePolicy = { until: after(2 * DAY), penaltyPerDay: 0.1 };

describe('computeLate', () => {
  it('is null without a due date', () => {
    expect(computeLate(after(5 * DAY), null, policy)).toBeNull();
  });

  it('is on time up to and including the due instant', () => {
    const onTime = { days: 0, penalty: 0, past_until: false };
    expect(computeLate(after(-DAY), due, policy)).toEqual(onTime);
    expect(computeLate(due, due, policy)).toEqual(onTime);
    expect(computeLate(due, due, null)).toEqual(onTime);
  });

  it('counts every started day', () => {
    expect(computeLate(after(SECOND), due, policy)).toEqual({ days: 1, penalty: 0.1, past_until: false });
    expect(computeLate(after(1), due, policy)).toEqual({ days: 1, penalty: 0.1, past_until: false });
    expect(computeLate(after(DAY), due, policy)).toEqual({ days: 1, penalty: 0.1, past_until: false });
    expect(computeLate(after(DAY + SECOND), due, policy)).toEqual({
      days: 2,
      penalty: 0.2,
      past_until: false,
    });
  });

  it('is still late, not past, exactly at `until`', () => {
    expect(computeLate(policy.until, due, policy)).toEqual({ days: 2, penalty: 0.2, past_until: false });
  });

  it('is past `until` one second later', () => {
    expect(computeLate(after(2 * DAY + SECOND), due, policy)).toEqual({
      days: 3,
      penalty: 1,
      past_until: true,
    });
  });

  it('treats the due date as final without a late policy', () => {
    expect(computeLate(after(SECOND), due, null)).toEqual({ days: 1, penalty: 1, past_until: true });
  });

  it('caps the penalty at the whole score and avoids float noise', () => {
    const long: LatePolicy = { until: after(30 * DAY), penaltyPerDay: 0.1 };
    expect(computeLate(after(3 * DAY), due, long)).toEqual({ days: 3, penalty: 0.3, past_until: false });
    expect(computeLate(after(12 * DAY), due, long)).toEqual({ days: 12, penalty: 1, past_until: false });
  });
});

describe('applyLate', () => {
  it('keeps the raw score when on time or without a due date', () => {
    expect(applyLate(15, null)).toBe(15);
    expect(applyLate(15, { days: 0, penalty: 0, past_until: false })).toBe(15);
  });

  it('removes the penalty fraction, rounded to two decimals', () => {
    expect(applyLate(15, { days: 1, penalty: 0.1, past_until: false })).toBe(13.5);
    expect(applyLate(7, { days: 3, penalty: 0.3, past_until: false })).toBe(4.9);
    expect(applyLate(10, { days: 1, penalty: 1 / 3, past_until: false })).toBe(6.67);
  });

  it('scores 0 past `until`', () => {
    expect(applyLate(20, { days: 5, penalty: 1, past_until: true })).toBe(0);
  });
});
