/** What of an assignment folder the container may see, and how the runner reads a test's text. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalize } from './resolve-assignment.js';
import type { Assignment, Course, TestsAssignment, TextSource } from './types.js';

/**
 * Paths, relative to the assignment folder (POSIX, normalized), of the files that must never be
 * copied into the container: every expected output (compared outside it), and the inputs of tests
 * that are not visible (the runner feeds them on stdin), or a student's code could read the hidden
 * answers, or print a hidden test's input from a visible one. Inputs of visible tests may stay.
 */
export function withheldFiles(assignment: TestsAssignment): Set<string> {
  const files = new Set<string>();
  for (const test of assignment.tests) {
    if (test.stdout?.kind === 'file') files.add(normalize(test.stdout.path));
    if (test.stdin?.kind === 'file' && test.visibility !== 'visible') files.add(normalize(test.stdin.path));
  }
  return files;
}

/** The text itself, or the content of the file relative to the assignment folder. */
export async function readTextSource(
  course: Course,
  assignment: Assignment,
  source: TextSource,
): Promise<string> {
  if (source.kind === 'text') return source.text;
  return readFile(path.join(course.root, assignment.dir, source.path), 'utf8');
}
