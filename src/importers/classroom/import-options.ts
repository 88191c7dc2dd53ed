/**
 * The command-line options of `gradebot import classroom`, checked with the course file's own rules
 * and given their defaults, so that a bad option is the user's one-line error before anything runs.
 */
import path from 'node:path';
import type { z } from 'zod';
import { checkDueOption } from '../due-option.js';
import { ASSIGNMENT_ID_PATTERN, assignmentSchema, courseFileSchema } from '../../course/schema.js';

export interface ImportFlags {
  image?: string;
  assignment?: string;
  repos?: string;
  course?: string;
  due?: string;
}

export interface ImportOptions {
  /** The input file's base name: all the generated files say about where they came from. */
  sourceName: string;
  assignment: string;
  course: string;
  image: string | undefined;
  repos: string | undefined;
  /** The due date as written in the course file; undefined for none, with a warning. */
  due: string | undefined;
}

const FALLBACK_ID = 'assignment';
const CLASSROOM_FILES = [
  ['.github', 'classroom', 'autograding.json'],
  ['.github', 'workflows', 'classroom.yml'],
];

export function resolveImportOptions(file: string, flags: ImportFlags): ImportOptions {
  const assignment = flags.assignment ?? defaultAssignmentId(file);
  if (!ASSIGNMENT_ID_PATTERN.test(assignment)) {
    throw new Error(
      `--assignment: expected an id of letters, digits, - and _ that starts with a letter or digit, got ${JSON.stringify(assignment)}`,
    );
  }
  return {
    sourceName: path.basename(file),
    assignment,
    course: checked('--course', courseFileSchema.shape.course, flags.course ?? assignment),
    image: checked('--image', assignmentSchema.shape.image, flags.image),
    repos: checked('--repos', assignmentSchema.shape.repos, flags.repos),
    due: checkDueOption(flags.due),
  };
}

/**
 * The repository folder of `<repo>/.github/classroom/autograding.json` or
 * `<repo>/.github/workflows/classroom.yml` (usually the assignment's template repository), made into
 * an assignment id; `assignment` for a file anywhere else.
 */
export function defaultAssignmentId(file: string): string {
  const parts = path.resolve(file).split(path.sep);
  const known = CLASSROOM_FILES.find(
    (tail) => parts.length > tail.length && parts.slice(-tail.length).join('/') === tail.join('/'),
  );
  if (known === undefined) return FALLBACK_ID;
  return toAssignmentId(parts[parts.length - known.length - 1] ?? '');
}

/** `Lab 3: Loops!` → `Lab-3-Loops`; what is left of nothing usable is `assignment`. */
export function toAssignmentId(name: string): string {
  const id = name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .replace(/-+$/, '');
  return id === '' ? FALLBACK_ID : id;
}

/** The value when the course file's schema accepts it, else that schema's message about it. */
function checked<T extends string | undefined>(flag: string, schema: z.ZodType, value: T): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${flag}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return value;
}
