/**
 * Due dates as instructors write them (`2026-12-01 23:59`), read in the course's time zone unless the
 * text carries its own offset.
 */
import { DateTime, IANAZone } from 'luxon';
import { SubmissionFault } from '../faults.js';
import type { PathProblem, PathSegment } from './course-error.js';

export class DueDateError extends SubmissionFault {
  override name = 'DueDateError';
  override readonly counts = false;
}

/** The accepted forms; also used as the JSON Schema pattern so editors flag typos early. */
export const DUE_DATE_PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$/;

export const DUE_DATE_EXAMPLE = '2026-12-01 23:59';

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export function checkTimeZone(name: string): void {
  if (!isValidTimeZone(name)) {
    throw new DueDateError(`expected an IANA time zone like America/Toronto, got ${JSON.stringify(name)}`);
  }
}

/**
 * A date alone means the last second of that day. A wall-clock time that falls in a daylight-saving
 * gap does not exist and is rejected; one that occurs twice (fall back) means the later instant,
 * which is the reading that never cuts a student short.
 */
export function parseDueDate(text: string, timezone: string): Date {
  checkTimeZone(timezone);
  const fail = (why = '') =>
    new DueDateError(`expected a date like ${DUE_DATE_EXAMPLE}, got ${JSON.stringify(text)}${why}`);
  const match = DUE_DATE_PATTERN.exec(text.trim());
  if (!match) throw fail();
  const [, day = '', hour = '23', minute = '59', second = match[2] === undefined ? '59' : '00', offset] =
    match;
  const iso = `${day}T${hour}:${minute}:${second}${offset === undefined ? '' : normalizeOffset(offset)}`;
  const parsed = DateTime.fromISO(iso, { zone: timezone });
  if (!parsed.isValid) throw fail();
  if (offset === undefined) {
    const wall = parsed.toFormat("yyyy-MM-dd'T'HH:mm:ss");
    if (wall !== iso) {
      throw new DueDateError(
        `${day} ${hour}:${minute} does not exist in ${timezone} (the clocks skip it for daylight saving time)`,
      );
    }
    return later(parsed, timezone).toJSDate();
  }
  return parsed.toJSDate();
}

/** A date of the course file, or null with the problem added to `problems` at `path`. */
export function courseFileDate(
  text: string,
  timezone: string,
  path: PathSegment[],
  problems: PathProblem[],
): Date | null {
  try {
    return parseDueDate(text, timezone);
  } catch (error) {
    problems.push({ path, at: 'value', message: (error as Error).message });
    return null;
  }
}

function normalizeOffset(offset: string): string {
  return offset === 'Z' || offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** During a fall-back hour the same wall time exists twice; pick the later one. */
function later(parsed: DateTime, timezone: string): DateTime {
  const hourLater = parsed.plus({ hours: 1 }).setZone(timezone);
  const sameWall = hourLater.toFormat('yyyy-MM-dd HH:mm:ss') === parsed.toFormat('yyyy-MM-dd HH:mm:ss');
  return sameWall ? hourLater : parsed;
}
