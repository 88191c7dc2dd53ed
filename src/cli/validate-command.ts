/**
 * `gradebot validate <course-dir>`: checks the course file and every file it refers to, and prints
 * either one line per assignment (and any warning, which does not fail it) or every problem with its
 * line and column.
 */
import { DateTime } from 'luxon';
import { CourseError, formatProblem, type CourseProblem } from '../course/course-error.js';
import { COURSE_FILE, loadCourseWithWarnings } from '../course/load-course.js';
import type { Assignment, Course } from '../course/types.js';
import type { Terminal } from './terminal.js';

export async function runValidate(courseDir: string, terminal: Terminal): Promise<number> {
  terminal.progress(`checking ${COURSE_FILE}`);
  let course: Course;
  let warnings: CourseProblem[];
  try {
    ({ course, warnings } = await loadCourseWithWarnings(courseDir));
  } catch (error) {
    if (!(error instanceof CourseError)) throw error;
    terminal.done();
    for (const problem of error.problems) terminal.err(formatProblem(problem));
    const count = error.problems.length;
    terminal.err(`${count} ${count === 1 ? 'problem' : 'problems'} in ${COURSE_FILE}`);
    return 1;
  }
  terminal.done();
  const rows = course.assignments.map((assignment) => describeAssignment(assignment, course.timezone));
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows) {
    terminal.out(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  }
  for (const warning of warnings) terminal.err(`warning: ${formatProblem(warning)}`);
  return 0;
}

/** id, kind, what is graded, image, due date: the columns of one line. */
export function describeAssignment(assignment: Assignment, timezone: string): string[] {
  const graded =
    assignment.kind === 'tests'
      ? `${plural(assignment.tests.length, 'test')}, ${plural(totalPoints(assignment.tests), 'point')}`
      : [
          `grader ${assignment.grader}`,
          ...(assignment.points === null ? [] : [plural(assignment.points, 'point')]),
          ...(assignment.extraCredit > 0 ? [`extra credit up to ${assignment.extraCredit}`] : []),
          // Root is the default, as on Gradescope; only the exception is worth a word.
          ...(assignment.user === 'sandbox' ? ['run as the sandbox user'] : []),
        ].join(', ');
  const due = assignment.due === null ? 'no due date' : `due ${formatDate(assignment.due, timezone)}`;
  return [assignment.id, assignment.kind, graded, assignment.image, due];
}

function totalPoints(tests: { points: number }[]): number {
  // Rounded so that 0.1 + 0.2 points reads 0.3, not 0.30000000000000004.
  return Math.round(tests.reduce((sum, test) => sum + test.points, 0) * 1e6) / 1e6;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatDate(date: Date, timezone: string): string {
  const local = DateTime.fromJSDate(date, { zone: timezone });
  return local.toFormat(local.second === 0 ? 'yyyy-MM-dd HH:mm ZZZZ' : 'yyyy-MM-dd HH:mm:ss ZZZZ');
}
