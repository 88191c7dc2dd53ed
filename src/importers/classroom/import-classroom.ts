/**
 * `gradebot import classroom` without the command line: read the autograding.json or classroom.yml,
 * convert it, and prove the result loads back exactly before anyone sees it.
 */
import { readFile } from 'node:fs/promises';
import type { CourseFile } from '../write-course-folder.js';
import { parseClassroomFile } from './classroom-file.js';
import { courseFiles } from './course-files.js';
import { groupedWarnings } from './grouped-warnings.js';
import type { ImportOptions } from './import-options.js';
import { checkRoundTrip } from './self-check.js';
import { classroomToCourse, DEFAULT_IMAGE } from './to-course.js';

export interface ClassroomImport {
  /** The course file, gradebot.yml. */
  courseText: string;
  /** The whole course folder: gradebot.yml and the assignment folder's README. */
  files: CourseFile[];
  testCount: number;
  points: number;
  /** One line each, without a `warning:` prefix; one for what several tests share. */
  warnings: string[];
}

export async function importClassroom(
  file: string,
  options: ImportOptions,
  knownImages: string[],
): Promise<ClassroomImport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
    throw new Error(`cannot read ${file}: ${reason}`);
  }
  const parsed = parseClassroomFile(text, options.sourceName, options.image ?? DEFAULT_IMAGE);
  const converted = classroomToCourse(parsed.tests, { ...options, knownImages });
  const files = courseFiles(converted.text, options.assignment, options.sourceName);
  await checkRoundTrip(files, { ...converted, id: options.assignment, repos: options.repos });
  return {
    courseText: converted.text,
    files,
    testCount: converted.tests.length,
    points: converted.tests.reduce((sum, test) => sum + test.points, 0),
    warnings: [...groupedWarnings(parsed.warnings), ...converted.warnings],
  };
}
