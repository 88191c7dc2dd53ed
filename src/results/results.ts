/**
 * The results JSON of spec section 4: a superset of Gradescope's results.json. It is what
 * `gradebot grade --json` prints and what is stored per submission.
 */
import type { Visibility } from '../course/types.js';

export type TestStatus = 'passed' | 'failed' | 'timeout' | 'error';

export interface TestResult {
  name: string;
  score: number;
  max_score: number;
  status: TestStatus;
  /** What the student may be shown: diff, captured output (capped), or the reason for an error. */
  output: string;
  /**
   * Set when `output` is a Gradescope grader's Markdown (`md`) or HTML (`html`, and `simple_format`
   * with its newlines as `<br>`), as written: check runs render it, made safe, and text-only views
   * read it with `outputAsText`. Absent when `output` is plain text.
   */
  output_format?: 'md' | 'html';
  visibility: Visibility;
  duration_ms: number;
  /** A Gradescope grader's `tags` for the test, kept as reported (bounded). */
  tags?: string[];
  /** A Gradescope grader's `extra_data` for the test, kept as reported (bounded). */
  extra_data?: unknown;
  /**
   * What a student needs to reproduce a failed visible declarative test (bounded, see
   * `FEEDBACK_BOUNDS`). Never set for a test that is not visible: its command may be shown, but its
   * input and expected output must not be, so none of it is kept.
   */
  feedback?: TestFeedback;
}

/** A failed visible declarative test, as the student may reproduce it. */
export interface TestFeedback {
  /** The test's command, as the course file has it (cut when longer than the bound). */
  command: string;
  /** The grading image the command ran in. */
  image: string;
  /** Standard input: its first lines; null when the test gives none (an empty input). */
  input: {
    /** The file in the assignment folder it comes from; null when written in the course file. */
    file: string | null;
    excerpt: string;
    /** Lines of the whole input. */
    lines: number;
    /** Whether `excerpt` is the whole input. */
    complete: boolean;
  } | null;
  /** Exit status: what the test expects, and what the command gave (null: timed out or killed). */
  exit: { expected: number | 'any'; actual: number | null };
  /**
   * Expected (`- `) and actual (`+ `) lines from just before the first difference, unchanged lines
   * with two spaces; null when standard output was not compared line by line or matched.
   */
  diff: { from_line: number; lines: string[] } | null;
  /** Shell lines that run the test in the repository's root folder; empty when a command is too long. */
  reproduce: string[];
}

export interface LeaderboardEntry {
  name: string;
  value: number | string;
  order?: 'asc' | 'desc';
}

export interface LateInfo {
  /** Started days after the due date; 0 when on time. */
  days: number;
  /** Fraction removed from the raw score, 0..1. */
  penalty: number;
  /** True when submitted after `late.until`: graded, scored 0. */
  past_until: boolean;
}

/**
 * graded: tests ran; error: could not be graded (not the student's fault, unless `fault` says it
 * is); rejected: not run by policy (the submission limit was reached, or the submission does not
 * fit the writable space).
 */
export type GradingStatus = 'graded' | 'error' | 'rejected';

export interface GradingResult {
  assignment: string;
  student: string;
  commit: string | null;
  submitted_at: string;
  graded_at: string;
  late: LateInfo | null;
  status: GradingStatus;
  score: number;
  max_score: number;
  /** Score before any late penalty. */
  raw_score: number;
  /** A message for the whole submission: build failure, grading error, grader output. */
  output: string;
  tests: TestResult[];
  leaderboard?: LeaderboardEntry[];
  /**
   * `submission` when it was not graded because of what the submission is or did (too many files,
   * results it made unreadable or too large): never retried, and it counts toward the submission
   * limit like a graded one. Absent otherwise.
   */
  fault?: 'submission';
  /**
   * For course staff only, never shown to the student: the grader's own stdout and stderr (a
   * `grader:` assignment's, whatever came of it), or a program's logs when it failed.
   */
  staff_output?: string;
  /** A Gradescope grader's own `execution_time`, in seconds, as it reported it. */
  execution_time?: number;
  /** A Gradescope grader's top-level `extra_data`, kept as reported (bounded). */
  extra_data?: unknown;
  /**
   * Set when the submission was rejected by the assignment's submission limit: the first instant
   * (ISO, UTC) from which a new submission would be graded.
   */
  next_submission_at?: string;
}
