/**
 * `--submitted-at` of `grade` and `submit`: when the submission counts as made; default now. Written
 * as due dates are (`2026-12-01 23:59`), it is read in the course's time zone, as the due date it is
 * compared with; a time with its own offset (`2026-12-01T23:59:00-05:00`, `…Z`) means that instant.
 */
import { DueDateError, parseDueDate } from '../course/due-date.js';
import type { Terminal } from './terminal.js';

const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The time given, or now; null (after saying why on stderr) when the text is not a date. */
export function submittedAtOption(
  text: string | undefined,
  timezone: string,
  terminal: Terminal,
): Date | null {
  if (text === undefined) return new Date();
  try {
    return parseDueDate(text, timezone);
  } catch (error) {
    if (!(error instanceof DueDateError)) throw error;
    const instant = new Date(text.trim());
    if (EXPLICIT_OFFSET.test(text.trim()) && !Number.isNaN(instant.getTime())) return instant;
    // A time the clocks skip is well written; saying which forms are accepted would not help.
    const skipped = /does not exist/.test(error.message);
    terminal.err(
      skipped
        ? `gradebot: --submitted-at: ${error.message}`
        : `gradebot: --submitted-at: expected a date like 2026-12-01 23:59 (in the course's time zone, ` +
            `${timezone}) or 2026-12-01T23:59:00-05:00, got ${JSON.stringify(text)}`,
    );
    return null;
  }
}
