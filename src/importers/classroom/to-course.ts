/**
 * Imported Classroom tests (from either format) as the text of a gradebot course file with one assignment. Pure: the
 * same tests and options always give the same bytes.
 */
import { Document } from 'yaml';
import { DEFAULT_LIMITS } from '../../course/resolve-assignment.js';
import { MISSING_DUE_WARNING } from '../due-option.js';
import { durationText } from './duration-text.js';
import type { ImportedTest } from './map-test.js';
import { readableYaml } from './readable-yaml.js';

/** The image used without --image: it has sh and coreutils, which is all a test may assume. */
export const DEFAULT_IMAGE = 'gradebot/base:latest';

export interface CourseOptions {
  /** The input file's base name, for the header comment. */
  sourceName: string;
  assignment: string;
  course: string;
  /** The grading image; undefined for DEFAULT_IMAGE, with a warning. */
  image?: string;
  /** The repository pattern; undefined for gradebot's default, `<assignment>-*`. */
  repos?: string;
  /** The due date as the course file writes it; undefined for none, with a warning. */
  due?: string;
  /** Image tags to suggest when no image is given (from runner-images/). */
  knownImages: string[];
}

export interface ConvertedCourse {
  /** The course file, gradebot.yml. */
  text: string;
  image: string;
  /** The whole job's time limit: every test's timeout, at least gradebot's default. */
  timeMs: number;
  tests: ImportedTest[];
  /** One line each, in file order, without a `warning:` prefix. */
  warnings: string[];
}

export function classroomToCourse(tests: ImportedTest[], options: CourseOptions): ConvertedCourse {
  const warnings: string[] = [];
  const image = options.image ?? DEFAULT_IMAGE;
  if (options.image === undefined) {
    const known = options.knownImages.length > 0 ? ` (such as ${options.knownImages.join(', ')})` : '';
    warnings.push(
      `no --image given, so the tests run in ${DEFAULT_IMAGE}, which has only sh and coreutils; ` +
        `pass --image if they need a compiler or interpreter${known}`,
    );
  }
  if (options.due === undefined) warnings.push(MISSING_DUE_WARNING);
  // Tests run one after another, so their timeouts added up are the most the job can need.
  const timeMs = Math.max(
    DEFAULT_LIMITS.timeMs,
    tests.reduce((sum, test) => sum + test.timeoutMs + (test.setupTimeoutMs ?? 0), 0),
  );

  const assignment = {
    image,
    ...(options.repos === undefined ? {} : { repos: options.repos }),
    ...(options.due === undefined ? {} : { due: options.due }),
    limits: { time: durationText(timeMs) },
    tests: tests.map(testFields),
  };
  const doc = new Document({
    course: options.course,
    assignments: new Map([[options.assignment, assignment]]),
  });
  const scoring = tests.some((test) => test.junit !== null)
    ? ' all or nothing per test, except that a pytest test\n splits its points among the test cases it runs.'
    : ' all or nothing per test.';
  doc.commentBefore =
    ` Converted from ${JSON.stringify(options.sourceName)} by gradebot import classroom. The tests keep\n` +
    " GitHub Classroom's rules: run in order in one shared folder, stdout compared after CRLF → LF and\n" +
    ` trimming, exit status 0 required,${scoring} See docs/importing.md.`;
  return { text: readableYaml(doc), image, timeMs, tests, warnings };
}

/** The test as written in the course file, fields in the order an instructor reads them. */
export function testFields(test: ImportedTest): Record<string, string | number> {
  return {
    name: test.name,
    ...(test.setup === null ? {} : { setup: test.setup }),
    ...(test.setupTimeoutMs === null ? {} : { setup_timeout: durationText(test.setupTimeoutMs) }),
    run: test.run,
    ...(test.stdin === null ? {} : { stdin: test.stdin }),
    ...(test.stdout === null ? {} : { stdout: test.stdout }),
    ...(test.match === null ? {} : { match: test.match }),
    ...(test.normalize === null ? {} : { normalize: test.normalize }),
    ...(test.flags === null ? {} : { flags: test.flags }),
    ...(test.junit === null ? {} : { junit: test.junit }),
    points: test.points,
    timeout: durationText(test.timeoutMs),
  };
}
