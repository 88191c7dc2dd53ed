/**
 * When a push counts as submitted: the time GitHub recorded for it, which the student cannot set
 * (unlike commit dates), so a slow webhook, a redelivery or a catch-up costs nobody. A missing
 * time, or one in the future, means now.
 */
import { REDELIVERY_WINDOW_MS } from '../jobs/redelivery-window.js';

const CLOCK_SKEW_MS = 60 * 1000;

/**
 * For a webhook: its payload's `repository.pushed_at` (seconds, or an ISO time). One older than
 * GitHub redelivers cannot belong to this delivery, so it means now too.
 */
export function submissionTime(pushedAt: unknown, now: Date): Date {
  const recorded = recordedTime(pushedAt, now);
  return recorded.getTime() < now.getTime() - REDELIVERY_WINDOW_MS ? now : recorded;
}

/**
 * For a time read from the API now (the catch-up's): taken as it is, however old, since a push
 * the bot missed for days still counts when it was made.
 */
export function recordedTime(pushedAt: unknown, now: Date): Date {
  const ms =
    typeof pushedAt === 'number'
      ? pushedAt * 1000
      : typeof pushedAt === 'string'
        ? Date.parse(pushedAt)
        : NaN;
  if (!Number.isFinite(ms) || ms > now.getTime() + CLOCK_SKEW_MS) return now;
  return new Date(Math.min(ms, now.getTime()));
}
