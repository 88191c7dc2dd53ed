/**
 * Grades fixture submissions against real Docker for tests, and checks that nothing is left behind.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAssignment, loadCourse } from '../../src/course/load-course.js';
import type { Course } from '../../src/course/types.js';
import type { GradingResult } from '../../src/results/results.js';
import { gradeSubmission } from '../../src/runner/grade/grade-submission.js';
import type { SandboxProvider } from '../../src/runner/sandbox/sandbox.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const REPO_ROOT = path.join(FIXTURES, '..', '..');

export async function gradeFixture(
  provider: SandboxProvider,
  course: Course,
  assignmentId: string,
  submissionDir: string,
  submittedAt = new Date(),
): Promise<{ result: GradingResult; elapsedMs: number }> {
  const started = Date.now();
  const result = await gradeSubmission(provider, {
    course,
    assignment: findAssignment(course, assignmentId),
    submissionDir,
    submission: { student: path.basename(submissionDir), commit: null, submittedAt },
  });
  return { result, elapsedMs: Date.now() - started };
}

export async function loadFixtureCourse(relative: string): Promise<Course> {
  return loadCourse(path.join(FIXTURES, relative));
}
