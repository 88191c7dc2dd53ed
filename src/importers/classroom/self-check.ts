/**
 * The import's guarantee, checked on every run: the generated folder loads with the same code that
 * `gradebot validate` and `gradebot grade` use, and gives back every test exactly as it was meant,
 * byte for byte. A difference is a bug in the import, never the instructor's problem.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CourseError } from '../../course/course-error.js';
import { findAssignment, loadCourse } from '../../course/load-course.js';
import type { DeclarativeTest, TextSource } from '../../course/types.js';
import { writeCourseFolder, type CourseFile } from '../write-course-folder.js';
import type { ImportedTest } from './map-test.js';

export interface IntendedAssignment {
  id: string;
  image: string;
  repos: string | undefined;
  timeMs: number;
  tests: ImportedTest[];
}

export async function checkRoundTrip(files: CourseFile[], intended: IntendedAssignment): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-import-'));
  try {
    await writeCourseFolder(dir, files);
    const course = await loadCourse(dir).catch((error: unknown) => {
      if (!(error instanceof CourseError)) throw error;
      throw internalError(`the generated course file does not validate:\n${error.message}`);
    });
    const loaded = findAssignment(course, intended.id);
    if (loaded.kind !== 'tests') throw internalError(`assignment ${intended.id} has no tests`);
    const expected = {
      image: intended.image,
      repos: intended.repos ?? `${intended.id}-*`,
      timeMs: intended.timeMs,
      build: null,
      tests: intended.tests.map(intendedView),
    };
    const actual = {
      image: loaded.image,
      repos: loaded.repos,
      timeMs: loaded.limits.timeMs,
      build: loaded.build,
      tests: loaded.tests.map(loadedView),
    };
    const difference = firstDifference(expected, actual);
    if (difference !== null) throw internalError(`the generated course file changes ${difference}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A test as compared; fields that only matter when stdout is checked are null otherwise. */
interface TestView {
  name: string;
  setup: string | null;
  setupTimeoutMs: number | null;
  run: string;
  stdin: string | null;
  stdout: string | null;
  match: string | null;
  normalize: string | null;
  flags: string | null;
  exit: number | 'any';
  points: number;
  timeoutMs: number;
}

function intendedView(test: ImportedTest): TestView {
  return {
    name: test.name,
    setup: test.setup,
    setupTimeoutMs: test.setupTimeoutMs,
    run: test.run,
    stdin: test.stdin,
    stdout: test.stdout,
    match: test.match,
    normalize: test.normalize,
    flags: test.flags,
    exit: 0,
    points: test.points,
    timeoutMs: test.timeoutMs,
  };
}

function loadedView(test: DeclarativeTest): TestView {
  const checked = test.stdout !== null;
  return {
    name: test.name,
    setup: test.setup,
    setupTimeoutMs: test.setupTimeoutMs,
    run: test.run,
    stdin: inlineText(test.stdin),
    stdout: inlineText(test.stdout),
    match: checked ? test.match : null,
    normalize: checked ? test.normalize : null,
    flags: test.match === 'regex' ? test.regexFlags : null,
    exit: test.exit,
    points: test.points,
    timeoutMs: test.timeoutMs,
  };
}

function inlineText(source: TextSource | null): string | null {
  if (source === null) return null;
  return source.kind === 'text' ? source.text : `<file ${source.path}>`;
}

/** `tests[2].stdout: "a\n" became "a"`, or null when both are the same. */
function firstDifference(expected: object, actual: object, where = ''): string | null {
  for (const [key, want] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown>)[key];
    const at = Array.isArray(expected) ? `${where}[${key}]` : where === '' ? key : `${where}.${key}`;
    if (isDeepStrictEqual(want, got)) continue;
    if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null) {
      const inner = firstDifference(want, got, at);
      if (inner !== null) return inner;
    }
    return `${at}: ${JSON.stringify(want)} became ${JSON.stringify(got)}`;
  }
  return null;
}

function internalError(message: string): Error {
  return new Error(`internal error in gradebot import classroom (please report it): ${message}`);
}
