/**
 * Check run outputs that are not a grading result: a submission superseded by a newer push before
 * it was graded, a push that cannot be graded yet because no valid course is in force, and the
 * course configuration's own check run on the course repository.
 */
import type { CourseProblem } from '../course/course-error.js';
import { formatProblem } from '../course/course-error.js';
import type { Course } from '../course/types.js';
import { CHECK_TEXT_LIMIT, type CheckRunOutput } from './check-run-output.js';
import type { Annotation } from './result-annotations.js';
import { fenceWithin, inline } from './markdown-safety.js';

/** The name of the check run on course repository commits. */
export const COURSE_CHECK_NAME = 'gradebot: course configuration';

export function supersededOutput(): CheckRunOutput {
  const title = 'Superseded by a newer push';
  return {
    title,
    summary: `**${title}**\n\nA newer commit was pushed before this one was graded; the newer one is graded instead.`,
    text: '',
    conclusion: 'skipped',
  };
}

/** The name of the check run on a student's push that waits for a valid course configuration. */
export const NOT_GRADED_CHECK_NAME = 'gradebot';

export function notGradedOutput(courseRepository: string): CheckRunOutput {
  const title = 'Not graded yet';
  return {
    title,
    summary:
      `**${title}**: not graded yet: the course configuration is missing or invalid; staff have been told.\n\n` +
      `The latest commit of your default branch is graded as soon as a valid configuration is pushed ` +
      `to ${inline(courseRepository)}, with the time of your last push as its submission time. ` +
      'You do not need to push again.',
    text: '',
    conclusion: 'neutral',
  };
}

/** The same check run once that push is graded after all. */
export function gradedAfterAllOutput(assignments: string[]): CheckRunOutput {
  const title = 'Graded after all';
  const runs = assignments.map((a) => inline(`gradebot: ${a}`)).join(', ');
  return {
    title,
    summary:
      `**${title}**: a valid course configuration is now in force, and this commit has been queued ` +
      `for grading with the time of your push as its submission time. Its result: ${runs}.`,
    text: '',
    conclusion: 'neutral',
  };
}

export function courseValidOutput(course: Course): CheckRunOutput {
  const ids = course.assignments.map((a) => inline(a.id)).join(', ');
  const title = `Valid: ${course.assignments.length} assignment${course.assignments.length === 1 ? '' : 's'}`;
  return {
    title,
    summary: `**${title}** (${ids}). This configuration is now in force.`,
    text: '',
    conclusion: 'success',
  };
}

export function courseInvalidOutput(problems: CourseProblem[]): CheckRunOutput {
  const title = `Invalid: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const intro = `**${title}**\n\nThe last valid configuration stays in force until this is fixed.\n\n`;
  return {
    title,
    summary: intro + fenceWithin(problems.map(formatProblem).join('\n'), CHECK_TEXT_LIMIT - intro.length),
    text: '',
    conclusion: 'failure',
  };
}

/** Each problem at its line, where GitHub shows it in the file view. */
export function courseAnnotations(problems: CourseProblem[]): Annotation[] {
  return problems
    .filter((p) => p.file !== '')
    .map((p) => ({
      path: p.file,
      start_line: Math.max(1, p.line),
      end_line: Math.max(1, p.line),
      annotation_level: 'failure' as const,
      message: p.path ? `${p.path}: ${p.message}` : p.message,
    }));
}
