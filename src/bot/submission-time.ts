/**
 * When a push counts as submitted: the time GitHub recorded for it (`repository.pushed_at`, which
 * the student cannot set, unlike commit dates), so a slow webhook or a redelivery costs nobody.
 * A missing or implausible value (in the future, or older than GitHub redelivers) means now.
 */
const REDELIVERY_WINDOW_MS = 3 * 24 * 3600 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;

export function submissionTime(pushedAt: unknown, now: Date): Date {
  const ms =
    typeof pushedAt === 'number'
      ? pushedAt * 1000
      : typeof pushedAt === 'string'
        ? Date.parse(pushedAt)
        : NaN;
  if (!Number.isFinite(ms)) return now;
  if (ms > now.getTime() + CLOCK_SKEW_MS || ms < now.getTime() - REDELIVERY_WINDOW_MS) return now;
  return new Date(Math.min(ms, now.getTime()));
}
