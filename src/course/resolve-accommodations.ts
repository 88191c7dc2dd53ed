/**
 * The course file's `extensions:` and `overrides:` checked against the assignments they name and
 * resolved into `Extension`s and `ScoreOverride`s. Shape errors are the schema's; here are the ones
 * that need the assignments: unknown ids, dates in the course's time zone, an extension that would
 * shorten a deadline, a student listed twice, a score above what the assignment is out of.
 */
import type { PathProblem, PathSegment } from './course-error.js';
import { extensionSchema, overrideSchema, type ExtensionFields } from './accommodations-schema.js';
import { courseFileDate } from './due-date.js';
import { studentKey } from './repo-pattern.js';
import type { Assignment, Extension, ScoreOverride } from './types.js';

export interface Accommodations {
  extensions: Map<string, Extension[]>;
  overrides: ScoreOverride[];
  problems: PathProblem[];
}

export function resolveAccommodations(
  rawExtensions: unknown,
  rawOverrides: unknown,
  assignments: readonly Assignment[],
  timezone: string,
): Accommodations {
  const problems: PathProblem[] = [];
  const report = (path: PathSegment[], message: string, at: 'key' | 'value' = 'value') =>
    problems.push({ path, at, message });
  const byId = new Map(assignments.map((assignment) => [assignment.id, assignment]));
  const known = [...byId.keys()].join(', ') || 'none';
  const date = (text: string, path: PathSegment[]) => courseFileDate(text, timezone, path, problems);

  const extensions = new Map<string, Extension[]>();
  for (const [id, entries] of Object.entries(isRecord(rawExtensions) ? rawExtensions : {})) {
    const assignment = byId.get(id);
    if (assignment === undefined) {
      report(['extensions', id], `no assignment "${id}"; known assignments: ${known}`, 'key');
      continue;
    }
    const granted: Extension[] = [];
    (Array.isArray(entries) ? entries : []).forEach((entry, index) => {
      const parsed = extensionSchema.safeParse(entry);
      if (!parsed.success) return; // the course schema reports it
      const at = ['extensions', id, index];
      const extension = resolveExtension(parsed.data, assignment, at, date, report);
      if (extension === null) return;
      if (granted.some((other) => other.student === extension.student)) {
        report(
          [...at, 'student'],
          `${parsed.data.student} already has an extension of ${id}; give one entry`,
        );
        return;
      }
      granted.push(extension);
    });
    extensions.set(id, granted);
  }

  const overrides: ScoreOverride[] = [];
  (Array.isArray(rawOverrides) ? rawOverrides : []).forEach((entry, index) => {
    const parsed = overrideSchema.safeParse(entry);
    if (!parsed.success) return; // the course schema reports it
    const at = ['overrides', index];
    const fields = parsed.data;
    const assignment = byId.get(fields.assignment);
    const when = date(fields.at, [...at, 'at']);
    if (assignment === undefined) {
      report([...at, 'assignment'], `no assignment "${fields.assignment}"; known assignments: ${known}`);
      return;
    }
    const most = maximumScore(assignment);
    if (most !== null && fields.score > most) {
      report(
        [...at, 'score'],
        `expected a score from 0 to ${most}, what ${assignment.id} is out of; got ${fields.score}`,
      );
      return;
    }
    const student = studentKey(fields.student);
    if (overrides.some((other) => other.student === student && other.assignment === assignment.id)) {
      report(
        [...at, 'student'],
        `${fields.student} already has an override of ${assignment.id}; give one entry`,
      );
      return;
    }
    if (when === null) return;
    const { score, reason, by } = fields;
    overrides.push({ student, assignment: assignment.id, score, reason, by, at: when, source: 'course' });
  });
  return { extensions, overrides, problems };
}

function resolveExtension(
  fields: ExtensionFields,
  assignment: Assignment,
  at: PathSegment[],
  date: (text: string, path: PathSegment[]) => Date | null,
  report: (path: PathSegment[], message: string) => void,
): Extension | null {
  if (fields.due === undefined && fields.late_until === undefined) {
    report(at, 'expected due, late_until or both, got neither');
    return null;
  }
  if (assignment.due === null) {
    report(at, `${assignment.id} has no due date to extend; give it one first`);
    return null;
  }
  const due = fields.due === undefined ? null : date(fields.due, [...at, 'due']);
  const lateUntil = fields.late_until === undefined ? null : date(fields.late_until, [...at, 'late_until']);
  if ((fields.due !== undefined && due === null) || (fields.late_until !== undefined && lateUntil === null))
    return null;
  // An extension that shortens a deadline is a typo far more often than a decision: refuse it.
  if (due !== null && due < assignment.due) {
    report([...at, 'due'], `expected a date no earlier than the assignment's due date, got "${fields.due}"`);
    return null;
  }
  const ownDue = due ?? assignment.due;
  if (lateUntil !== null && lateUntil <= ownDue) {
    report([...at, 'late_until'], `expected a date after the student's due date, got "${fields.late_until}"`);
    return null;
  }
  return { student: studentKey(fields.student), due, lateUntil, reason: fields.reason, source: 'course' };
}

/** What a score may reach; null when only the grader knows (a grader assignment without points). */
export function maximumScore(assignment: Assignment): number | null {
  if (assignment.kind === 'tests') return assignment.tests.reduce((sum, test) => sum + test.points, 0);
  return assignment.points === null ? null : assignment.points + assignment.extraCredit;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
