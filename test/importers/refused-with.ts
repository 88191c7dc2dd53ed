/**
 * The problems an importer refuses a file with, for tests: each one a line for the instructor.
 */
import { AutogradingFileError } from '../../src/importers/classroom/autograding-file.js';

/** Runs `read`, which must refuse its file, and returns the problems it names. */
export function refusedWith(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof AutogradingFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}
