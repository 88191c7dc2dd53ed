/**
 * Reads a course folder into a `Course`. Everything wrong is collected, not just the first problem,
 * and each problem is pinned to the line and column of `gradebot.yml` that needs fixing.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath } from '../text/format-path.js';
import { checkAssignmentFiles } from './check-files.js';
import {
  CourseError,
  formatProblem,
  UnknownAssignmentError,
  type CourseProblem,
  type PathProblem,
} from './course-error.js';
import { courseWarnings } from './course-warnings.js';
import { issueMessage, issueProblems } from './issue-messages.js';
import { resolveAccommodations } from './resolve-accommodations.js';
import { resolveAssignment, structureProblems, type ResolvedAssignment } from './resolve-assignment.js';
import { ASSIGNMENT_ID_PATTERN, assignmentSchema, courseFileSchema } from './schema.js';
import type { Assignment, Course } from './types.js';
import { offsetToPosition, positionOf } from './yaml-position.js';

export const COURSE_FILE = 'gradebot.yml';

export async function loadCourse(courseDir: string): Promise<Course> {
  return (await loadCourseWithWarnings(courseDir)).course;
}

/** The course, and what is worth fixing in its file though the course loads (for `gradebot validate`). */
export async function loadCourseWithWarnings(
  courseDir: string,
): Promise<{ course: Course; warnings: CourseProblem[] }> {
  const root = path.resolve(courseDir);
  const text = await readCourseFile(root);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A broken document has no trustworthy structure to validate; its syntax comes first.
    throw new CourseError(
      doc.errors.map((error) => ({
        file: COURSE_FILE,
        ...offsetToPosition(lines, error.pos[0]),
        path: '',
        message: `invalid YAML: ${error.message}`,
      })),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand exponentially ("billion laughs").
    const message = `invalid YAML: ${(error as Error).message}`;
    throw new CourseError([{ file: COURSE_FILE, line: 1, column: 1, path: '', message }]);
  }
  const parsed = courseFileSchema.safeParse(raw, { error: issueMessage });
  const problems: PathProblem[] = parsed.success ? [] : issueProblems(parsed.error.issues, courseFileSchema);

  // Each part is resolved on its own so that one broken assignment does not hide the others' problems.
  const top = isRecord(raw) ? raw : {};
  const timezone = courseFileSchema.shape.timezone.safeParse(top.timezone);
  const defaults = assignmentSchema.safeParse(top.defaults ?? {});
  const resolved: ResolvedAssignment[] = [];
  const rawAssignments = isRecord(top.assignments) ? top.assignments : {};
  for (const id of assignmentIds(doc)) {
    const rawOwn = rawAssignments[id];
    const own = assignmentSchema.safeParse(rawOwn);
    if (!ASSIGNMENT_ID_PATTERN.test(id)) continue;
    if (!own.success || !timezone.success || !defaults.success) {
      if (isRecord(rawOwn))
        problems.push(...structureProblems(id, rawOwn, isRecord(top.defaults) ? top.defaults : {}));
      continue;
    }
    const result = resolveAssignment(id, own.data, defaults.data, timezone.data ?? 'UTC');
    problems.push(...result.problems);
    if (result.resolved !== null) resolved.push(result.resolved);
  }
  problems.push(...sharedRepos(resolved));
  const assignments = resolved.map(({ assignment }) => assignment);
  const accommodations = resolveAccommodations(
    top.extensions,
    top.overrides,
    assignments,
    timezone.success ? (timezone.data ?? 'UTC') : 'UTC',
  );
  problems.push(...accommodations.problems);
  for (const assignment of resolved) problems.push(...(await checkAssignmentFiles(root, assignment)));

  if (problems.length > 0 || !parsed.success) throw new CourseError(locate(problems, doc, lines));
  const course: Course = {
    course: parsed.data.course,
    timezone: parsed.data.timezone ?? 'UTC',
    root,
    assignments: assignments.map((assignment) => ({
      ...assignment,
      extensions: accommodations.extensions.get(assignment.id) ?? [],
    })),
    overrides: accommodations.overrides,
    staffTeam: parsed.data.staff?.team ?? null,
  };
  return { course, warnings: locate(courseWarnings(top), doc, lines) };
}

/** The assignment with this id, or an error that lists the ids the course file defines. */
export function findAssignment(course: Course, id: string): Assignment {
  const found = course.assignments.find((assignment) => assignment.id === id);
  if (found !== undefined) return found;
  const known = course.assignments.map((assignment) => assignment.id).join(', ') || 'none';
  throw new UnknownAssignmentError(
    id,
    `no assignment "${id}" in ${path.join(course.root, COURSE_FILE)}; known assignments: ${known}`,
  );
}

async function readCourseFile(root: string): Promise<string> {
  try {
    return await readFile(path.join(root, COURSE_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    const misnamed = await access(path.join(root, 'gradebot.yaml')).then(
      () => true,
      () => false,
    );
    const message = misnamed
      ? `not found in ${root}; there is a gradebot.yaml, rename it to ${COURSE_FILE}`
      : `not found in ${root}; is this the course folder?`;
    throw new CourseError([{ file: COURSE_FILE, line: 0, column: 0, path: '', message }]);
  }
}

/** Assignment ids in file order; a JS object would put integer-like ids such as `1` first. */
function assignmentIds(doc: Document): string[] {
  const node = doc.get('assignments', true);
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
}

/** Two assignments claiming the same repositories would make every push ambiguous. */
function sharedRepos(resolved: ResolvedAssignment[]): PathProblem[] {
  const owners = new Map<string, string>();
  return resolved.flatMap(({ assignment, origin }) => {
    const owner = owners.get(assignment.repos);
    if (owner === undefined) {
      owners.set(assignment.repos, assignment.id);
      return [];
    }
    return [
      {
        path: origin('repos'),
        message: `"${assignment.repos}" is already used by assignment ${owner}; a repository must belong to one assignment`,
      },
    ];
  });
}

function locate(problems: PathProblem[], doc: Document, lines: LineCounter): CourseProblem[] {
  const located = problems.map((problem) => ({
    file: COURSE_FILE,
    ...positionOf(doc, lines, problem.path, problem.at),
    path: formatPath(problem.path),
    message: problem.message,
  }));
  // A mistake under defaults shows up once per assignment that inherits it; report it once.
  const unique = new Map(located.map((problem) => [formatProblem(problem), problem]));
  return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
