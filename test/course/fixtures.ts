/** Course fixtures for the course tests: read in place, or copied to a temp folder to be altered. */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CourseError, formatProblem } from '../../src/course/course-error.js';
import { loadCourse } from '../../src/course/load-course.js';

export const COURSES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'courses');

export function fixture(name: string): string {
  return path.join(COURSES, name);
}

const temps: string[] = [];

/**
 * A private copy of a fixture (or an empty folder) at `<temp>/course`, removed by `removeTemps`. Its
 * parent folder is private too, a place for files that are outside the course.
 */
export async function tempCourse(name?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-course-'));
  temps.push(dir);
  const course = path.join(dir, 'course');
  if (name === undefined) await mkdir(course);
  else await cp(fixture(name), course, { recursive: true });
  return course;
}

export async function removeTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The formatted problems that loading `courseDir` reports; fails the test if it loads. */
export async function problemsOf(courseDir: string): Promise<string[]> {
  const error = await loadCourse(courseDir).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CourseError);
  return (error as CourseError).problems.map(formatProblem);
}
