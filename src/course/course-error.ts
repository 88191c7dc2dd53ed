/** Everything wrong with a course file, each problem pinned to a line and column the instructor can open. */
import { SubmissionFault } from '../faults.js';

export interface CourseProblem {
  /** Relative to the course folder, e.g. `gradebot.yml`. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (for instance, it is missing). */
  line: number;
  /** 1-based; 0 together with line. */
  column: number;
  /** Dotted path of the field, e.g. `assignments.hw1.tests[2].points`; empty for the file itself. */
  path: string;
  message: string;
}

export class CourseError extends SubmissionFault {
  override name = 'CourseError';
  override readonly counts = false;
  readonly problems: CourseProblem[];

  constructor(problems: CourseProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }

  /** What a job on a broken course tells the student: every problem, one a line. */
  override explain(): string {
    return `The course configuration is invalid:\n${this.problems.map(formatProblem).join('\n')}`;
  }
}

/**
 * A job or a command names an assignment the course does not have (the course changed since the
 * job was queued, a typo on the command line): the course's to fix, never retried, never counted.
 */
export class UnknownAssignmentError extends SubmissionFault {
  override name = 'UnknownAssignmentError';
  override readonly counts = false;

  constructor(
    readonly assignment: string,
    message: string,
  ) {
    super(message);
  }

  /** The student's sentence leaves out the runner's paths and the other assignments. */
  override explain(): string {
    return `The course has no assignment "${this.assignment}" (it may have been renamed or removed since this submission was made); course staff can fix this.`;
  }
}

/** `gradebot.yml:14:7: defaults.limits.memory: expected a size like 512MiB, got "lots"` */
export function formatProblem(problem: CourseProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path === ''
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}

export type PathSegment = string | number;

/** A value as the instructor wrote it, for the `got …` part of a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A problem before it is pinned to a line: where in the course file, and whether at the key or its value. */
export interface PathProblem {
  path: PathSegment[];
  at?: 'key' | 'value';
  message: string;
}

/** The error function of a field: `expected <what>, got <value>`, or `missing, expected <what>`. */
export function expecting(what: string): (issue: { input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined
      ? `missing, expected ${what}`
      : `expected ${what}, got ${showValue(issue.input)}`;
}
