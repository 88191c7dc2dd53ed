/**
 * The deadline of one student on one assignment: the assignment's due date and late period, or the
 * student's own where they were granted an extension. Grading (lateness), the scoreboard (when
 * hidden results show), the gradebook and regrades all ask here; nothing else reads `extensions`.
 */
import { studentKey } from './repo-pattern.js';
import type { Assignment, Extension, LatePolicy } from './types.js';

export interface Deadline {
  due: Date | null;
  late: LatePolicy | null;
  /** The extension that applies, or null when the student has the assignment's deadline. */
  extension: Extension | null;
}

export type Deadlines = Pick<Assignment, 'due' | 'late' | 'extensions'>;

export function deadlineFor(assignment: Deadlines, student: string): Deadline {
  const key = studentKey(student);
  const extension = assignment.extensions.find((candidate) => candidate.student === key) ?? null;
  if (extension === null) return { due: assignment.due, late: assignment.late, extension };
  return { ...extended(assignment, extension), extension };
}

/**
 * A new due date alone moves the late period with it, so it keeps its length; a new end of the late
 * period without a late policy grants one without penalty.
 */
function extended(assignment: Deadlines, extension: Extension): Omit<Deadline, 'extension'> {
  const due = extension.due ?? assignment.due;
  const shift = due !== null && assignment.due !== null ? due.getTime() - assignment.due.getTime() : 0;
  const until =
    extension.lateUntil ??
    (assignment.late === null ? null : new Date(assignment.late.until.getTime() + shift));
  const late = until === null ? null : { until, penaltyPerDay: assignment.late?.penaltyPerDay ?? 0 };
  return { due, late };
}

/** The latest instant any student's deadline falls on: when every hidden result may show. */
export function latestDue(assignment: Deadlines): Date | null {
  let latest = assignment.due;
  for (const extension of assignment.extensions) {
    const due = deadlineFor(assignment, extension.student).due;
    if (due !== null && (latest === null || due > latest)) latest = due;
  }
  return latest;
}
