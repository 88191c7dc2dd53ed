/**
 * The course as the rest of gradebot sees it: validated, defaults applied, units resolved.
 * `load-course.ts` turns a `gradebot.yml` into this; nothing downstream reads raw YAML.
 */

export type MatchKind = 'exact' | 'trimmed' | 'contains' | 'regex';

/**
 * What is done to the output (and to the expected text, except a regex) before comparing:
 * nothing; line endings CRLF and CR become LF; or CRLF becomes LF and whitespace at the start and
 * end of the whole text is removed (GitHub Classroom's rule).
 */
export type Normalization = 'none' | 'newlines' | 'trim' | 'ends';

/** Who sees a test's output: always, never (only its status after the due date), or after the due date. */
export type Visibility = 'visible' | 'hidden' | 'after_due';

export interface Limits {
  /** CPU cores, fractional allowed (default 1). */
  cpus: number;
  /** Memory in bytes; swap is never granted beyond it (default 512 MiB). */
  memoryBytes: number;
  /** Maximum number of processes and threads (default 128). */
  pids: number;
  /** Wall-clock limit for the whole job in milliseconds (default 10 min). */
  timeMs: number;
  /** Captured output per test and stream in bytes; head and tail kept (default 1 MiB). */
  outputBytes: number;
  /** Size of each writable area inside the container in bytes (default 256 MiB). */
  diskBytes: number;
}

/** Text given inline in the course file, or a file relative to the assignment folder. */
export type TextSource = { kind: 'text'; text: string } | { kind: 'file'; path: string };

export interface DeclarativeTest {
  name: string;
  /**
   * Shell command run before `run`, in the same folder; its output is not compared, and if it fails
   * the test fails without `run`. Both share the test's timeout unless `setupTimeoutMs` is set.
   * Null: no setup.
   */
  setup: string | null;
  /** Setup's own wall-clock limit, after which `run` gets all of `timeoutMs`; null: they share it. */
  setupTimeoutMs: number | null;
  /** Shell command, run with `sh -c` in /autograder/submission. */
  run: string;
  stdin: TextSource | null;
  /** Expected standard output; null means stdout is not checked. */
  stdout: TextSource | null;
  match: MatchKind;
  /** Ignored by `trimmed`, which normalises line by line. */
  normalize: Normalization;
  /** Flags of the regular expression when match is `regex`, e.g. `m` (the default) or `` (none). */
  regexFlags: string;
  /** Expected exit status, or 'any' to ignore it (default 0). */
  exit: number | 'any';
  points: number;
  /**
   * Name of a JUnit XML report the command writes in /autograder/results; the points are then split
   * evenly among its test cases, as Classroom's Python grader does. Null: all or nothing.
   */
  junit: string | null;
  /** Per-test wall-clock limit in milliseconds (default 10 s). */
  timeoutMs: number;
  visibility: Visibility;
}

export interface BuildStep {
  run: string;
  /** Wall-clock limit of the build in milliseconds (default: the job's time limit). */
  timeoutMs: number;
}

export interface LatePolicy {
  /** After this instant a submission is graded but scored 0 and marked. */
  until: Date;
  /** Fraction of the score removed per started day late, 0..1 (`10%/day` is 0.1). */
  penaltyPerDay: number;
}

/**
 * One student's own deadline on one assignment (an accommodation). Null fields keep the assignment's:
 * see `deadlineFor` in `deadline.ts`, the one place that applies them.
 */
export interface Extension {
  /** The student's login in `studentKey` form (lower case). */
  student: string;
  due: Date | null;
  lateUntil: Date | null;
  reason: string;
  /** Where it was granted: the course file, or a staff command (`withGrants` adds those to the list). */
  source: 'course' | 'command';
  /** Who granted it and when: set for staff commands. */
  by?: string;
  at?: Date;
}

/** A score set by staff, shown next to the computed one and never replacing it. */
export interface ScoreOverride {
  /** The student's login in `studentKey` form (lower case). */
  student: string;
  assignment: string;
  score: number;
  reason: string;
  by: string;
  at: Date;
  source: 'course' | 'command';
}

export interface SubmissionLimit {
  submissions: number;
  perMs: number;
}

interface AssignmentCommon {
  id: string;
  title: string;
  /** Glob on the repository name; the part matched by `*` is the student. */
  repos: string;
  /** Assignment folder, relative to the course root (POSIX separators). */
  dir: string;
  image: string;
  limits: Limits;
  due: Date | null;
  late: LatePolicy | null;
  limit: SubmissionLimit | null;
  scoreboard: boolean;
  /** Per-student deadlines, at most one per student; empty when none were granted. */
  extensions: Extension[];
}

export interface TestsAssignment extends AssignmentCommon {
  kind: 'tests';
  build: BuildStep | null;
  tests: DeclarativeTest[];
}

export interface GraderAssignment extends AssignmentCommon {
  kind: 'grader';
  /** Executable inside the assignment folder, run as Gradescope runs `run_autograder`. */
  grader: string;
  /** Maximum score; when null, the sum of the `max_score` of the tests the grader reports. */
  points: number | null;
  /** Points the total may reach above the maximum (a test likewise above its max_score); 0: none. */
  extraCredit: number;
  /** Who runs the grader in the container: root, as on Gradescope, or the sandbox's own uid. */
  user: 'root' | 'sandbox';
}

export type Assignment = TestsAssignment | GraderAssignment;

export interface Course {
  course: string;
  /** IANA time zone used for due dates written without an offset. */
  timezone: string;
  /** Absolute path of the course folder. */
  root: string;
  /** Assignments in the order the course file lists them. */
  assignments: Assignment[];
  /** Score overrides from the course file, in file order. */
  overrides: ScoreOverride[];
  /** Slug of the team whose members are staff besides the organisation's owners; null: owners only. */
  staffTeam: string | null;
}
