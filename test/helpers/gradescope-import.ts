/**
 * Brings a Gradescope autograder zip in as an instructor would: `gradebot import gradescope` into a
 * course named gradebot-test (no due date, hence its one warning), then `gradebot images build`.
 */
import { expect } from 'vitest';
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';
import { gradebot } from './cli.js';

/** The image `importAndBuild` builds for the autograder imported as `id`. */
export function importedImage(id: string): string {
  return `gradebot-course/gradebot-test/${id}:latest`;
}

export async function importAndBuild(zip: string, course: string, points: number): Promise<void> {
  const imported = await gradebot(
    'import',
    'gradescope',
    zip,
    '--course',
    'gradebot-test',
    '--points',
    String(points),
    '--out',
    course,
  );
  expect(imported.stderr).toBe(`warning: ${MISSING_DUE_WARNING}\n`);
  expect(imported.code).toBe(0);
  const built = await gradebot('images', 'build', '--course', course);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
}
