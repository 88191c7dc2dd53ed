/** Course fixtures for the course tests: read in place, or copied to a temp folder to be altered. */
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/**
 * A temp course whose folders hw1 to hw5 each hold an executable run_autograder, and whose
 * gradebot.yml is `course: cs101` followed by `lines`.
 */
export async function graderCourseWith(lines: string[]): Promise<string> {
  const root = await tempCourse();
  for (const id of ['hw1', 'hw2', 'hw3', 'hw4', 'hw5']) {
    await mkdir(path.join(root, id));
    await writeFile(path.join(root, id, 'run_autograder'), '#!/bin/sh\n');
    await chmod(path.join(root, id, 'run_autograder'), 0o755);
  }
  await writeFile(path.join(root, 'gradebot.yml'), ['course: cs101', ...lines, ''].join('\n'));
  return root;
}
