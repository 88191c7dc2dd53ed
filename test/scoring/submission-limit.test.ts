/**
 * The submission-limit rule: at most N counted submissions in any window of `per` that ends at a
 * submission, and when the next one is possible.
 */
import { describe, expect, it } from 'vitest';
import {
  checkSubmissionLimit,
  formatWindow,
  limitReachedMessage,
} from '../../src/scoring/submission-limit.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Date.parse('2026-12-01T12:00:00Z');
const at = (ms: number) => new Date(start + ms);
const twoPerDay = { submissions: 2, perMs: DAY };
const onePerDay = { submissions: 1, perMs: DAY };
const allowed = { allowed: true };
const nextAt = (ms: number) => ({ allowed: false, nextAt: at(ms) });

describe('checkSubmissionLimit', () => {
  it('allows everything without a limit', () => {
    expect(checkSubmissionLimit(at(0), [at(0), at(1), at(2)], null)).toEqual(allowed);
  });

  it('allows up to N in the window, then names when the oldest leaves it', () => {
    expect(checkSubmissionLimit(at(0), [], twoPerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(HOUR), [at(0)], twoPerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(2 * HOUR), [at(0), at(HOUR)], twoPerDay)).toEqual(nextAt(DAY));
  });

  it('treats exactly `per` apart as outside the window, a millisecond less as inside', () => {
    expect(checkSubmissionLimit(at(DAY), [at(0), at(HOUR)], twoPerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(DAY - 1), [at(0), at(HOUR)], twoPerDay)).toEqual(nextAt(DAY));
    expect(checkSubmissionLimit(at(DAY), [at(0)], onePerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(DAY - 1), [at(0)], onePerDay)).toEqual(nextAt(DAY));
  });

  it('with N=1, waits `per` after the last counted submission', () => {
    expect(checkSubmissionLimit(at(HOUR), [at(0)], onePerDay)).toEqual(nextAt(DAY));
    expect(checkSubmissionLimit(at(30 * HOUR), [at(0), at(DAY + HOUR)], onePerDay)).toEqual(
      nextAt(2 * DAY + HOUR),
    );
  });

  it('rolls: only the counted submissions still in the window matter', () => {
    const counted = [at(0), at(HOUR), at(DAY + 2 * HOUR)];
    // At 25 h both of the first day have left the window (1 h, 25 h].
    expect(checkSubmissionLimit(at(DAY + HOUR), counted.slice(0, 2), twoPerDay)).toEqual(allowed);
    // At 26 h 30 min the window holds only the one at 26 h; two there make the next wait for 50 h.
    expect(checkSubmissionLimit(at(DAY + 2.5 * HOUR), counted, twoPerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(DAY + 3 * HOUR), [...counted, at(DAY + 2.5 * HOUR)], twoPerDay)).toEqual(
      nextAt(2 * DAY + 2 * HOUR),
    );
  });

  it('names the submission that keeps the window full when more than N are in it', () => {
    // Four in the window (a limit lowered from 5 to 2): the third oldest must leave first.
    const counted = [at(0), at(HOUR), at(2 * HOUR), at(3 * HOUR)];
    expect(checkSubmissionLimit(at(4 * HOUR), counted, twoPerDay)).toEqual(nextAt(DAY + 2 * HOUR));
  });

  it('ignores the order the times come in', () => {
    const times = [at(3 * HOUR), at(0), at(2 * HOUR), at(HOUR)];
    expect(checkSubmissionLimit(at(4 * HOUR), times, twoPerDay)).toEqual(nextAt(DAY + 2 * HOUR));
    expect(checkSubmissionLimit(at(4 * HOUR), [at(HOUR), at(0)], twoPerDay)).toEqual(nextAt(DAY));
  });

  it('keeps the window ending at a later submission within N when an earlier one arrives late', () => {
    // Counted at 10 h; a push made at 5 h is graded after it (it waited in a queue).
    expect(checkSubmissionLimit(at(5 * HOUR), [at(10 * HOUR)], onePerDay)).toEqual(nextAt(10 * HOUR + DAY));
    // With room for two, it fits beside the later one, and a third made between them does not.
    expect(checkSubmissionLimit(at(5 * HOUR), [at(10 * HOUR)], twoPerDay)).toEqual(allowed);
    expect(checkSubmissionLimit(at(5 * HOUR), [at(0), at(10 * HOUR)], twoPerDay)).toEqual(nextAt(DAY));
    // Only the window ending at the later one is full: wait until the one at -1 h leaves it.
    expect(
      checkSubmissionLimit(at(5 * HOUR), [at(-20 * HOUR), at(-HOUR), at(10 * HOUR)], {
        submissions: 2,
        perMs: 12 * HOUR,
      }),
    ).toEqual(nextAt(11 * HOUR));
  });

  it('agrees with a brute-force reading of the rule on random histories', () => {
    // Minutes as the unit; a small seeded generator, so a failure is reproducible.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const holds = (times: number[], n: number, per: number) =>
      times.every((end) => times.filter((t) => t > end - per && t <= end).length <= n);
    for (let round = 0; round < 300; round++) {
      const n = 1 + random(3);
      const per = 5 + random(30);
      const counted: number[] = [];
      for (let i = random(6); i > 0; i--) {
        const time = random(60);
        if (holds([...counted, time], n, per)) counted.push(time);
      }
      const t = random(60);
      const decision = checkSubmissionLimit(
        at(t * 60_000),
        counted.map((m) => at(m * 60_000)),
        { submissions: n, perMs: per * 60_000 },
      );
      expect(decision.allowed).toBe(holds([...counted, t], n, per));
      if (decision.allowed) continue;
      const next = (decision.nextAt.getTime() - start) / 60_000;
      expect(holds([...counted, next], n, per)).toBe(true);
      for (let earlier = t; earlier < next; earlier++) {
        expect(holds([...counted, earlier], n, per)).toBe(false);
      }
    }
  });

  it('counts submissions at the same instant as in the window', () => {
    expect(checkSubmissionLimit(at(0), [at(0)], onePerDay)).toEqual(nextAt(DAY));
  });
});

describe('limitReachedMessage', () => {
  const next = new Date('2026-12-02T14:30:17.250Z');

  it('says how many per what period, and when, in the course time zone and as an ISO instant', () => {
    expect(limitReachedMessage(twoPerDay, next, 'America/Toronto')).toEqual(
      'This assignment grades at most 2 graded submissions per 24 hours, and you have reached that ' +
        'limit, so this submission was not graded. It does not count against the limit.\n' +
        'Your next graded submission is possible from 2026-12-02 09:30:18 EST ' +
        '(America/Toronto), that is 2026-12-02T14:30:17.250Z.',
    );
  });

  it('writes other zones and windows as people read them', () => {
    const text = limitReachedMessage({ submissions: 1, perMs: HOUR }, next, 'Asia/Kolkata');
    expect(text).toContain('at most 1 graded submission per hour,');
    expect(text).toContain('from 2026-12-02 20:00:18 GMT+5:30 (Asia/Kolkata)');
    expect(limitReachedMessage(twoPerDay, new Date('2026-12-02T14:30:00Z'), 'UTC')).toContain(
      'from 2026-12-02 14:30:00 UTC (UTC), that is 2026-12-02T14:30:00.000Z.',
    );
  });
});

describe('formatWindow', () => {
  it('uses the largest whole unit', () => {
    expect(
      [DAY, 2 * DAY, 7 * DAY, 36 * HOUR, HOUR, 90 * 60_000, 60_000, 45_000, 1500].map(formatWindow),
    ).toEqual([
      '24 hours',
      '2 days',
      '7 days',
      '36 hours',
      'hour',
      '90 minutes',
      'minute',
      '45 seconds',
      '1500 milliseconds',
    ]);
  });
});
