/**
 * The one way a time is written for students and staff: in the course's time zone, with the zone's
 * abbreviation (or offset) shown, so `2026-12-01 23:59 EST` is never read as UTC or as the reader's.
 */
import { DateTime } from 'luxon';

/** `2026-12-01 23:59 EST`; with `seconds`, `2026-12-01 23:59:30 EST`. */
export function formatCourseTime(at: Date, timezone: string, options: { seconds?: boolean } = {}): string {
  const format = options.seconds ? 'yyyy-LL-dd HH:mm:ss ZZZZ' : 'yyyy-LL-dd HH:mm ZZZZ';
  return DateTime.fromJSDate(at, { zone: timezone }).setLocale('en-US').toFormat(format);
}
