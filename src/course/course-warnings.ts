/**
 * What a course file may leave out but rarely means to: `gradebot validate` warns about it, and the
 * course loads all the same.
 */
import type { PathProblem } from './course-error.js';

/** Warnings about the course file as written (`raw`, before defaults are applied). */
export function courseWarnings(raw: Record<string, unknown>): PathProblem[] {
  if (raw.timezone !== undefined) return [];
  return [
    {
      path: ['timezone'],
      message:
        "missing: add the course's IANA time zone, like timezone: America/Toronto; without it, due dates " +
        'and --submitted-at times written without an offset are read in UTC',
    },
  ];
}
