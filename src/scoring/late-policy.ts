/**
 * Late submissions. A day late is any started 24-hour period after the due instant, so a submission
 * one second late is one day late; wall-clock days, not calendar days, so daylight-saving changes do
 * not make one day 23 or 25 hours long.
 */
import type { LatePolicy } from '../course/types.js';
import type { LateInfo } from '../results/results.js';
import { roundScore } from './total.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function computeLate(submittedAt: Date, due: Date | null, late: LatePolicy | null): LateInfo | null {
  if (due === null) return null;
  const lateMs = submittedAt.getTime() - due.getTime();
  if (lateMs <= 0) return { days: 0, penalty: 0, past_until: false };
  const days = Math.ceil(lateMs / DAY_MS);
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
