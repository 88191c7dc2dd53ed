/**
 * Submission limits (`limit: { submissions: N, per: 24h }`): at most N counted submissions in any
 * window of `per` that ends at a submission. Times are when submissions were made, never when they
 * were graded, so a backlog of jobs costs nobody a place. Which submissions count (graded ones, and
 * those being graded) is the ledger's business; this only decides. Pure.
 */
import { formatCourseTime } from '../text/format-time.js';
import type { SubmissionLimit } from '../course/types.js';

export type LimitDecision = { allowed: true } | { allowed: false; nextAt: Date };

/**
 * Whether a submission made at `submittedAt` may be graded, given the times of the student's counted
 * submissions (any order); when not, the first instant from which a submission would be. A window
 * is `(end - per, end]`, so a submission exactly `per` after another no longer shares its window.
 */
export function checkSubmissionLimit(
  submittedAt: Date,
  counted: readonly Date[],
  limit: SubmissionLimit | null,
): LimitDecision {
  if (limit === null) return { allowed: true };
  const times = counted.map((date) => date.getTime()).sort((a, b) => a - b);
  const at = submittedAt.getTime();
  if (fits(at, times, limit)) return { allowed: true };
  // A submission fits again only once a counted one leaves the windows: at its time + per. (Moving
  // past a later counted submission does not help by itself: the window ending at the new one then
  // holds everything that made the later one's window full.)
  const candidates = times.map((time) => time + limit.perMs).filter((time) => time > at);
  // The last candidate always fits: every counted submission has left its window.
  const next = candidates.find((time) => fits(time, times, limit)) ?? candidates.at(-1) ?? at;
  return { allowed: false, nextAt: new Date(next) };
}

/** A submission at `at` keeps every window that ends at it, or at a later counted one, within N. */
function fits(at: number, times: readonly number[], limit: SubmissionLimit): boolean {
  const countedIn = (end: number) => times.filter((time) => time > end - limit.perMs && time <= end).length;
  const ends = [at, ...times.filter((time) => time > at && time - limit.perMs < at)];
  return ends.every((end) => countedIn(end) < limit.submissions);
}

/**
 * What a student is told when a submission is over the limit: how many per what period, and when the
 * next graded submission is possible, in the course's time zone and as an ISO instant. The local
 * time is rounded up to the second, so trusting it is never too early.
 */
export function limitReachedMessage(limit: SubmissionLimit, nextAt: Date, timezone: string): string {
  const local = formatCourseTime(new Date(Math.ceil(nextAt.getTime() / 1000) * 1000), timezone, {
    seconds: true,
  });
  const count = `${limit.submissions} graded submission${limit.submissions === 1 ? '' : 's'}`;
  return (
    `This assignment grades at most ${count} per ${formatWindow(limit.perMs)}, and you have reached ` +
    'that limit, so this submission was not graded. It does not count against the limit.\n' +
    `Your next graded submission is possible from ${local} (${timezone}), that is ${nextAt.toISOString()}.`
  );
}

/** `24 hours`, `2 days`, `90 minutes`, `hour`: a window in words, to follow "per". */
export function formatWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  // Whole days read better from two on; a single day is what people call 24 hours.
  for (const [size, name] of units) {
    if (ms % size !== 0 || (name === 'day' && ms < 2 * size)) continue;
    const n = ms / size;
    return n === 1 ? name : `${n} ${name}s`;
  }
  return `${ms} milliseconds`;
}
