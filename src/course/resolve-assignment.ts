/**
 * One assignment of the course file, merged with `defaults:` and resolved into the `Assignment` the rest
 * of gradebot uses. Every problem keeps the path of the value it is about (under the assignment or under
 * `defaults`), so the instructor is sent to the line that actually needs fixing.
 */
import path from 'node:path';
import { DEFAULT_REGEX_FLAGS, defaultNormalization } from './comparison-defaults.js';
import type { PathProblem, PathSegment } from './course-error.js';
import { courseFileDate } from './due-date.js';
import { assignmentSchema, IMAGE_EXPECTED, type AssignmentFields, type TestFields } from './schema.js';
import type { Assignment, BuildStep, DeclarativeTest, Limits, TextSource } from './types.js';

export const DEFAULT_LIMITS: Limits = {
  cpus: 1,
  memoryBytes: 512 * 1024 ** 2,
  pids: 128,
  timeMs: 10 * 60_000,
  outputBytes: 1024 ** 2,
  diskBytes: 256 * 1024 ** 2,
};

type Field = keyof AssignmentFields;

export interface ResolvedAssignment {
  assignment: Assignment;
  /** Where the value of a top-level field was written: under the assignment, or under defaults. */
  origin(field: Field): PathSegment[];
}

export function resolveAssignment(
  id: string,
  own: AssignmentFields,
  defaults: AssignmentFields,
  timezone: string,
): { resolved: ResolvedAssignment | null; problems: PathProblem[] } {
  const here = ['assignments', id];
  const origin = (field: Field) =>
    own[field] === undefined && defaults[field] !== undefined ? ['defaults', field] : [...here, field];
  const problems: PathProblem[] = [];
  const report = (at: PathSegment[], message: string, where: 'key' | 'value' = 'value') =>
    problems.push({ path: at, at: where, message });

  problems.push(...structureProblems(id, own, defaults));
  const chooser = own.tests !== undefined || own.grader !== undefined ? own : defaults;
  const chooserPath = chooser === own ? here : ['defaults'];
  const image = own.image ?? defaults.image;

  const limits: Limits = {
    cpus: own.limits?.cpus ?? defaults.limits?.cpus ?? DEFAULT_LIMITS.cpus,
    memoryBytes: own.limits?.memory ?? defaults.limits?.memory ?? DEFAULT_LIMITS.memoryBytes,
    pids: own.limits?.pids ?? defaults.limits?.pids ?? DEFAULT_LIMITS.pids,
    timeMs: own.limits?.time ?? defaults.limits?.time ?? DEFAULT_LIMITS.timeMs,
    outputBytes: own.limits?.output ?? defaults.limits?.output ?? DEFAULT_LIMITS.outputBytes,
    diskBytes: own.limits?.disk ?? defaults.limits?.disk ?? DEFAULT_LIMITS.diskBytes,
  };

  const date = (text: string, at: PathSegment[]) => courseFileDate(text, timezone, at, problems);
  const dueText = own.due ?? defaults.due;
  const due = dueText === undefined ? null : date(dueText, origin('due'));
  const lateFields = own.late ?? defaults.late;
  let late = null;
  if (lateFields !== undefined) {
    const until = date(lateFields.until, [...origin('late'), 'until']);
    if (dueText === undefined)
      report(origin('late'), 'late needs a due date; set due here or under defaults');
    else if (until !== null && due !== null && until <= due) {
      report(
        [...origin('late'), 'until'],
        `expected a date after the due date (${dueText}), got "${lateFields.until}"`,
      );
    }
    late = until === null ? null : { until, penaltyPerDay: lateFields.penalty ?? 0 };
  }
  const limitFields = own.limit ?? defaults.limit;

  if (problems.length > 0 || image === undefined) return { resolved: null, problems };
  const common = {
    id,
    title: own.title ?? defaults.title ?? id,
    repos: own.repos ?? defaults.repos ?? `${id}-*`,
    dir: normalize(own.dir ?? defaults.dir ?? id),
    image,
    limits,
    due,
    late,
    limit:
      limitFields === undefined ? null : { submissions: limitFields.submissions, perMs: limitFields.per },
    scoreboard: own.scoreboard ?? defaults.scoreboard ?? false,
    // Filled in from the course file's `extensions:` once every assignment is resolved.
    extensions: [],
  };
  const assignment: Assignment =
    chooser.tests !== undefined
      ? {
          ...common,
          kind: 'tests',
          build: buildStep(own.build ?? defaults.build, limits),
          tests: chooser.tests.map(toTest),
        }
      : {
          ...common,
          kind: 'grader',
          grader: normalize(chooser.grader ?? ''),
          points: own.points ?? defaults.points ?? null,
          extraCredit: own.extra_credit ?? defaults.extra_credit ?? 0,
          user: own.user ?? defaults.user ?? 'root',
        };
  const resolved: ResolvedAssignment = {
    assignment,
    origin: (field) => (field === 'tests' || field === 'grader' ? [...chooserPath, field] : origin(field)),
  };
  return { resolved, problems };
}

/**
 * What must be present once defaults are applied. Only presence matters here, so it also runs on
 * assignments whose values are wrong, and the instructor learns about a missing image at once.
 */
export function structureProblems(
  id: string,
  own: Partial<Record<Field, unknown>>,
  defaults: Partial<Record<Field, unknown>>,
): PathProblem[] {
  const here = ['assignments', id];
  const problems: PathProblem[] = [];
  const report = (at: PathSegment[], message: string, where: 'key' | 'value' = 'value') =>
    problems.push({ path: at, at: where, message });
  // tests and grader are one choice: an assignment that makes it does not inherit the other half.
  const chooser = own.tests !== undefined || own.grader !== undefined ? own : defaults;
  const chooserPath = chooser === own ? here : ['defaults'];
  if (chooser.tests !== undefined && chooser.grader !== undefined) {
    report([...chooserPath, 'grader'], 'give either tests or grader, not both');
  } else if (chooser.tests === undefined && chooser.grader === undefined && !hasUnknownKey(own)) {
    report(here, 'expected tests or grader, got neither', 'key');
  } else if (chooser.grader !== undefined && own.build !== undefined) {
    report([...here, 'build'], 'build is for tests; a grader builds what it needs itself');
  } else if (chooser.tests !== undefined && own.points !== undefined) {
    report([...here, 'points'], 'points is for grader assignments; give each test its points');
  } else if (chooser.tests !== undefined && own.user !== undefined) {
    report([...here, 'user'], "user is for grader assignments; tests always run as the sandbox's own user");
  } else if (chooser.tests !== undefined && own.extra_credit !== undefined) {
    report(
      [...here, 'extra_credit'],
      'extra_credit is for grader assignments; a test scores at most its points',
    );
  }
  if (own.image === undefined && defaults.image === undefined) {
    report([...here, 'image'], `missing, expected ${IMAGE_EXPECTED} here or under defaults`);
  }
  return problems;
}

/** A misspelt `tests:` is already reported as an unknown key; "neither" would only add noise. */
function hasUnknownKey(fields: object): boolean {
  return Object.keys(fields).some((key) => !(key in assignmentSchema.shape));
}

function buildStep(build: AssignmentFields['build'], limits: Limits): BuildStep | null {
  if (build === undefined) return null;
  if (typeof build === 'string') return { run: build, timeoutMs: limits.timeMs };
  return { run: build.run, timeoutMs: build.timeout ?? limits.timeMs };
}

function toTest(test: TestFields): DeclarativeTest {
  return {
    name: test.name,
    setup: test.setup ?? null,
    setupTimeoutMs: test.setup_timeout ?? null,
    run: test.run,
    stdin: source(test.stdin, test.stdin_file),
    stdout: source(test.stdout, test.stdout_file),
    match: test.match,
    normalize: test.normalize ?? defaultNormalization(test.match),
    regexFlags: test.flags ?? DEFAULT_REGEX_FLAGS,
    exit: test.exit,
    points: test.points,
    junit: test.junit ?? null,
    timeoutMs: test.timeout,
    visibility: test.visibility,
  };
}

function source(text: string | undefined, file: string | undefined): TextSource | null {
  if (text !== undefined) return { kind: 'text', text };
  if (file !== undefined) return { kind: 'file', path: normalize(file) };
  return null;
}

/** POSIX, no `./`, no trailing slash: the form the container copy compares against. */
export function normalize(relative: string): string {
  const normal = path.posix.normalize(relative);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}
