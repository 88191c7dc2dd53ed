/**
 * Late submissions. A day late is any started day after the due instant, so a submission one second
 * late is one day late and one a day and a second late is two days late.
 *
 * A day ends 24 hours after the previous one, or at the due date's wall-clock time on the next
 * calendar day in the course's time zone, whichever is later. The two agree except across a
 * daylight-saving change: when the clocks fall back, the calendar day has 25 hours and a student who
 * submits at 23:30 the day after a 23:59 deadline is one day late, not two; when they spring forward,
 * the day still lasts 24 hours, so it ends at 00:59 on the clock. Either way nobody loses an hour.
 */
import { DateTime } from 'luxon';
import type { LatePolicy } from '../course/types.js';
import type { LateInfo } from '../results/results.js';
import { roundScore } from './total.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param timezone the course's IANA time zone, where calendar days are counted (default UTC, which
 *   has no daylight saving, so every day is 24 hours)
 */
export function computeLate(
  submittedAt: Date,
  due: Date | null,
  late: LatePolicy | null,
  timezone = 'UTC',
): LateInfo | null {
  if (due === null) return null;
  const lateMs = submittedAt.getTime() - due.getTime();
  if (lateMs <= 0) return { days: 0, penalty: 0, past_until: false };
  const days = daysLate(submittedAt, due, lateMs, timezone);
  // Without a `late:` policy the due date is the only deadline: graded, scored 0, marked.
  if (late === null || submittedAt.getTime() > late.until.getTime()) {
    return { days, penalty: 1, past_until: true };
  }
  // Rounded so that 3 days at 10% is 0.3, not 0.30000000000000004.
  const penalty = Math.min(1, Math.round(days * late.penaltyPerDay * 1e6) / 1e6);
  return { days, penalty, past_until: false };
}

export function applyLate(rawScore: number, late: LateInfo | null): number {
  if (late === null) return roundScore(rawScore);
  if (late.past_until) return 0;
  return roundScore(rawScore * (1 - late.penalty));
}

/**
 * Started days in 24-hour steps, one fewer when the calendar day in the course's zone ends later than
 * 24 hours would (clocks fell back). Daylight saving moves the clocks by hours, never a whole day, so
 * the calendar count is never more than one below the 24-hour one.
 */
function daysLate(submittedAt: Date, due: Date, lateMs: number, timezone: string): number {
  const days = Math.ceil(lateMs / DAY_MS);
  if (days === 1) return 1;
  const previousDayEnds = DateTime.fromJSDate(due, { zone: timezone }).plus({ days: days - 1 });
  return submittedAt.getTime() <= previousDayEnds.toMillis() ? days - 1 : days;
}
