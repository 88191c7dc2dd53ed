/**
 * Deadlines as a student meets them: on time, late by started days, past `until`, in the course's
 * time zone, across daylight-saving changes, and never made worse by waiting in a queue.
 */
import { describe, expect, it } from 'vitest';
import { parseDueDate } from '../../src/course/due-date.js';
import type { LatePolicy } from '../../src/course/types.js';
import type { TestResult } from '../../src/results/results.js';
import { assembleResult } from '../../src/runner/grade/assemble-result.js';
import { applyLate, computeLate } from '../../src/scoring/late-policy.js';
import { testsAssignment } from '../helpers/tests-assignment.js';

const due = new Date('2026-12-01T23:59:00-05:00');
const after = (ms: number) => new Date(due.getTime() + ms);
const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;
const policy: LatePolicy = { until: after(2 * DAY), penaltyPerDay: 0.1 };
const onTime = { days: 0, penalty: 0, past_until: false };
const lateBy = (days: number, penalty = Math.round(days * 0.1 * 1e6) / 1e6) => ({
  days,
  penalty,
  past_until: false,
});
const past = (days: number) => ({ days, penalty: 1, past_until: true });

describe('computeLate', () => {
  it('is null without a due date', () => {
    expect(computeLate(after(5 * DAY), null, policy)).toBeNull();
  });

  it('is on time up to and including the due instant', () => {
    expect(computeLate(after(-DAY), due, policy)).toEqual(onTime);
    expect(computeLate(after(-SECOND), due, policy)).toEqual(onTime);
    expect(computeLate(due, due, policy)).toEqual(onTime);
    expect(computeLate(due, due, null)).toEqual(onTime);
  });

  it('counts every started day: a second late is a day, a day and a second two', () => {
    expect(computeLate(after(1), due, policy)).toEqual(lateBy(1));
    expect(computeLate(after(SECOND), due, policy)).toEqual(lateBy(1));
    expect(computeLate(after(DAY), due, policy)).toEqual(lateBy(1));
    expect(computeLate(after(DAY + SECOND), due, policy)).toEqual(lateBy(2));
  });

  it('is still late, not past, exactly at `until`', () => {
    expect(computeLate(policy.until, due, policy)).toEqual(lateBy(2));
  });

  it('is past `until` one second later: graded, scored 0, marked', () => {
    expect(computeLate(after(2 * DAY + SECOND), due, policy)).toEqual(past(3));
    expect(computeLate(after(40 * DAY), due, policy)).toEqual(past(40));
  });

  it('treats the due date as the only deadline without a late policy', () => {
    expect(computeLate(after(-SECOND), due, null)).toEqual(onTime);
    expect(computeLate(after(SECOND), due, null)).toEqual(past(1));
    expect(computeLate(after(3 * DAY), due, null)).toEqual(past(3));
  });

  it('caps the penalty at the whole score and avoids float noise', () => {
    const long: LatePolicy = { until: after(30 * DAY), penaltyPerDay: 0.1 };
    expect(computeLate(after(3 * DAY), due, long)).toEqual(lateBy(3, 0.3));
    expect(computeLate(after(10 * DAY), due, long)).toEqual(lateBy(10, 1));
    expect(computeLate(after(12 * DAY), due, long)).toEqual(lateBy(12, 1));
    const steep: LatePolicy = { until: after(30 * DAY), penaltyPerDay: 0.35 };
    expect(computeLate(after(2 * DAY), due, steep)).toEqual(lateBy(2, 0.7));
    expect(computeLate(after(3 * DAY), due, steep)).toEqual(lateBy(3, 1));
  });
});

describe('due dates in different time zones', () => {
  // The same words in the course file are different instants in different courses.
  const written = '2026-12-01 23:59';
  const submitted = new Date('2026-12-01T20:00:00Z');

  it('reads a date without an offset in the course time zone', () => {
    expect(parseDueDate(written, 'America/Toronto')).toEqual(new Date('2026-12-02T04:59:00Z'));
    expect(parseDueDate(written, 'Asia/Kolkata')).toEqual(new Date('2026-12-01T18:29:00Z'));
    expect(parseDueDate(written, 'UTC')).toEqual(new Date('2026-12-01T23:59:00Z'));
  });

  it('lets an explicit offset win over the course time zone', () => {
    const explicit = new Date('2026-12-01T14:59:00Z');
    expect(parseDueDate('2026-12-01T23:59+09:00', 'America/Toronto')).toEqual(explicit);
    expect(parseDueDate('2026-12-01 23:59 +0900', 'UTC')).toEqual(explicit);
  });

  it('decides lateness against the instant, so one push is late in one course and on time in another', () => {
    const lateness = (zone: string, text = written) =>
      computeLate(submitted, parseDueDate(text, zone), null, zone);
    expect(lateness('America/Toronto')).toEqual(onTime);
    expect(lateness('UTC')).toEqual(onTime);
    expect(lateness('Asia/Kolkata')).toEqual(past(1));
    expect(lateness('America/Toronto', '2026-12-01T23:59+09:00')).toEqual(past(1));
  });

  it('counts days from the due instant in every zone, half-hour offsets included', () => {
    const zone = 'Asia/Kolkata';
    const kolkataDue = parseDueDate(written, zone);
    const late: LatePolicy = { until: parseDueDate('2026-12-05 23:59', zone), penaltyPerDay: 0.1 };
    const at = (text: string) => computeLate(new Date(text), kolkataDue, late, zone);
    expect(at('2026-12-01T23:59:00+05:30')).toEqual(onTime);
    expect(at('2026-12-01T23:59:01+05:30')).toEqual(lateBy(1));
    expect(at('2026-12-02T23:59:00+05:30')).toEqual(lateBy(1));
    expect(at('2026-12-02T23:59:01+05:30')).toEqual(lateBy(2));
  });
});

describe('days late across daylight-saving changes (America/Toronto)', () => {
  // A day late ends 24 hours after the previous one or at the due time on the next calendar day,
  // whichever is later: nobody loses the hour the clocks go back, nobody is cut short when they jump.
  const zone = 'America/Toronto';

  describe('clocks fall back (Sunday 1 November 2026, 02:00 → 01:00): the day after has 25 hours', () => {
    const fallDue = parseDueDate('2026-10-31 23:59', zone);
    const late: LatePolicy = { until: parseDueDate('2026-11-03 23:59', zone), penaltyPerDay: 0.1 };
    const at = (text: string) => computeLate(new Date(text), fallDue, late, zone);

    it('is due at 23:59 EDT', () => {
      expect(fallDue).toEqual(new Date('2026-11-01T03:59:00Z'));
      expect(at('2026-10-31T23:59:00-04:00')).toEqual(onTime);
    });

    it('is one day late until 23:59 on the clock the next day, 25 hours later', () => {
      expect(at('2026-10-31T23:59:01-04:00')).toEqual(lateBy(1));
      // 24 hours after the due instant the clock says 22:59: still the first day late.
      expect(at('2026-11-01T22:59:01-05:00')).toEqual(lateBy(1));
      expect(at('2026-11-01T23:30:00-05:00')).toEqual(lateBy(1));
      expect(at('2026-11-01T23:59:00-05:00')).toEqual(lateBy(1));
      expect(at('2026-11-01T23:59:01-05:00')).toEqual(lateBy(2));
    });

    it('keeps every later day boundary at 23:59 on the clock', () => {
      expect(at('2026-11-02T23:59:00-05:00')).toEqual(lateBy(2));
      expect(at('2026-11-02T23:59:01-05:00')).toEqual(lateBy(3));
      expect(at('2026-11-03T23:59:00-05:00')).toEqual(lateBy(3));
      expect(at('2026-11-03T23:59:01-05:00')).toEqual(past(4));
    });

    it('would charge the 23:30 submission two days if days were counted in UTC', () => {
      expect(computeLate(new Date('2026-11-01T23:30:00-05:00'), fallDue, late)).toEqual(lateBy(2));
    });
  });

  describe('clocks spring forward (Sunday 8 March 2026, 02:00 → 03:00): the day after has 23 hours', () => {
    const springDue = parseDueDate('2026-03-07 23:59', zone);
    const late: LatePolicy = { until: parseDueDate('2026-03-10 23:59', zone), penaltyPerDay: 0.1 };
    const at = (text: string) => computeLate(new Date(text), springDue, late, zone);

    it('is due at 23:59 EST', () => {
      expect(springDue).toEqual(new Date('2026-03-08T04:59:00Z'));
      expect(at('2026-03-07T23:59:00-05:00')).toEqual(onTime);
    });

    it('still gives the first day late its full 24 hours: until 00:59 on the clock', () => {
      expect(at('2026-03-07T23:59:01-05:00')).toEqual(lateBy(1));
      expect(at('2026-03-08T23:59:00-04:00')).toEqual(lateBy(1));
      expect(at('2026-03-09T00:30:00-04:00')).toEqual(lateBy(1));
      expect(at('2026-03-09T00:59:00-04:00')).toEqual(lateBy(1));
      expect(at('2026-03-09T00:59:01-04:00')).toEqual(lateBy(2));
    });

    it('then counts 24-hour days, which now end at 00:59 EDT', () => {
      expect(at('2026-03-10T00:59:00-04:00')).toEqual(lateBy(2));
      expect(at('2026-03-10T00:59:01-04:00')).toEqual(lateBy(3));
    });

    it('ends the late period at `until` as written, 23:59 EDT', () => {
      expect(at('2026-03-10T23:59:00-04:00')).toEqual(lateBy(3));
      // 71 hours and a second after the due instant: the clocks lost an hour, the student did not.
      expect(at('2026-03-10T23:59:01-04:00')).toEqual(past(3));
    });
  });
});

describe('applyLate', () => {
  it('keeps the raw score when on time or without a due date', () => {
    expect(applyLate(15, null)).toBe(15);
    expect(applyLate(15, onTime)).toBe(15);
  });

  it('removes the penalty fraction, rounded to two decimals', () => {
    expect(applyLate(15, lateBy(1))).toBe(13.5);
    expect(applyLate(7, lateBy(3))).toBe(4.9);
    expect(applyLate(10, lateBy(1, 1 / 3))).toBe(6.67);
    expect(applyLate(10, lateBy(12, 1))).toBe(0);
  });

  it('scores 0 past `until`', () => {
    expect(applyLate(20, past(5))).toBe(0);
  });
});

describe('a backlog costs nobody', () => {
  const assignment = testsAssignment({
    due: parseDueDate('2026-12-01 23:59', 'America/Toronto'),
    late: { until: parseDueDate('2026-12-03 23:59', 'America/Toronto'), penaltyPerDay: 0.1 },
  });
  const tests: TestResult[] = [
    {
      name: 'a',
      score: 10,
      max_score: 10,
      status: 'passed',
      output: '',
      visibility: 'visible',
      duration_ms: 5,
    },
    {
      name: 'b',
      score: 0,
      max_score: 10,
      status: 'failed',
      output: '',
      visibility: 'visible',
      duration_ms: 5,
    },
  ];
  const outcome = { status: 'graded' as const, tests, output: '' };
  const grade = (submittedAt: string, gradedAt: string) =>
    assembleResult(
      assignment,
      { student: 'alice', commit: null, submittedAt: new Date(submittedAt) },
      outcome,
      new Date(gradedAt),
      'America/Toronto',
    );

  it('judges a push made a second before the deadline on time, however long it waited', () => {
    const now = grade('2026-12-01T23:58:59-05:00', '2026-12-01T23:59:00-05:00');
    const days = grade('2026-12-01T23:58:59-05:00', '2026-12-05T12:00:00-05:00');
    expect(days).toEqual({ ...now, graded_at: '2026-12-05T17:00:00.000Z' });
    expect(days).toMatchObject({ late: onTime, score: 10, raw_score: 10, max_score: 20 });
  });

  it('charges a late push by when it was made, never by when it was graded', () => {
    const late = grade('2026-12-02T00:00:30-05:00', '2026-12-04T12:00:00-05:00');
    expect(late).toMatchObject({
      submitted_at: '2026-12-02T05:00:30.000Z',
      late: lateBy(1),
      score: 9,
      raw_score: 10,
    });
    const beforeUntil = grade('2026-12-03T23:59:00-05:00', '2026-12-09T00:00:00-05:00');
    expect(beforeUntil).toMatchObject({ late: lateBy(2), score: 8 });
  });

  it('scores 0 past `until` but still grades, with the raw score kept', () => {
    expect(grade('2026-12-03T23:59:01-05:00', '2026-12-03T23:59:02-05:00')).toMatchObject({
      status: 'graded',
      late: past(3),
      score: 0,
      raw_score: 10,
      tests,
    });
  });
});
