/**
 * /autograder/submission_metadata.json as Gradescope writes it
 * (https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/), so graders that
 * read it (for rate limits, due dates, earlier scores) run unchanged. Pure. Gradescope's numeric ids
 * become hashes of gradebot's names, so a regrade sees the ids the first grading saw; what gradebot
 * has no notion of (release dates, groups, e-mail addresses) is null.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { deadlineFor } from '../../course/deadline.js';
import { duePassed } from '../../course/due-passed.js';
import type { Course, GraderAssignment, Visibility } from '../../course/types.js';
import type { GradingResult, LeaderboardEntry } from '../../results/results.js';
import { studentView } from '../../results/student-view.js';
import type { SubmissionInfo } from './assemble-result.js';

/** Its name in /autograder. */
export const METADATA_FILE = 'submission_metadata.json';

/** The most the file may take of the sandbox's writable space: 4 MiB, or a quarter of `limits.disk`. */
const MAX_BYTES = 4 * 1024 * 1024;

/** How the submission arrived, in Gradescope's words: a push, or a folder given to the CLI. */
export type SubmissionMethod = 'GitHub' | 'upload';

export interface MetadataInput {
  course: Course;
  assignment: GraderAssignment;
  submission: SubmissionInfo;
  method: SubmissionMethod;
  /** The student's earlier graded submissions of the assignment, oldest first. */
  previous: readonly GradingResult[];
  /** When the file is written: before the due date, earlier results keep only their visible tests. */
  now: Date;
}

/** One earlier submission's results, in the shape of the results.json a grader writes. */
export interface PreviousResults {
  score: number;
  output: string;
  tests: {
    name: string;
    score: number;
    max_score: number;
    status: 'passed' | 'failed';
    output: string;
    visibility: 'visible' | 'hidden' | 'after_due_date';
  }[];
  leaderboard?: LeaderboardEntry[];
}

export interface SubmissionMetadata {
  id: number;
  created_at: string;
  assignment: {
    due_date: string | null;
    late_due_date: string | null;
    release_date: null;
    title: string;
    id: number;
    course_id: number;
    group_submission: false;
    group_size: null;
    total_points: string | null;
  };
  submission_method: SubmissionMethod;
  users: { email: null; id: number; name: string }[];
  previous_submissions: { submission_time: string; score: number; results: PreviousResults }[];
}

const GRADESCOPE_VISIBILITY: Record<Visibility, PreviousResults['tests'][number]['visibility']> = {
  visible: 'visible',
  hidden: 'hidden',
  after_due: 'after_due_date',
};

export function submissionMetadata(input: MetadataInput): SubmissionMetadata {
  const { course, assignment, submission } = input;
  const time = (date: Date) => gradescopeTime(date, course.timezone);
  // Student code reads this file: it gets no more of earlier results than the student sees.
  const deadline = deadlineFor(assignment, submission.student);
  const pastDue = duePassed(deadline.due, input.now);
  return {
    // A regrade keeps the commit and the recorded submission time, and so the id.
    id: stableId(
      'submission',
      course.course,
      assignment.id,
      submission.student,
      submission.commit,
      submission.submittedAt.toISOString(),
    ),
    created_at: time(submission.submittedAt),
    assignment: {
      due_date: deadline.due ? time(deadline.due) : null,
      late_due_date: deadline.late ? time(deadline.late.until) : null,
      release_date: null,
      title: assignment.title,
      id: stableId('assignment', course.course, assignment.id),
      course_id: stableId('course', course.course),
      group_submission: false,
      group_size: null,
      total_points: assignment.points === null ? null : decimal(assignment.points),
    },
    submission_method: input.method,
    users: [
      { email: null, id: stableId('user', course.course, submission.student), name: submission.student },
    ],
    previous_submissions: input.previous.map((result) => {
      const shown = studentView(result, pastDue);
      return {
        submission_time: time(new Date(result.submitted_at)),
        score: shown.score,
        results: previousResults(shown),
      };
    }),
  };
}

/**
 * The file's bytes. Past the size allowed, the oldest earlier submissions lose their output texts
 * first: graders rarely read them, and their times and scores always fit.
 */
export function metadataFile(input: MetadataInput): Buffer {
  const maxBytes = Math.min(MAX_BYTES, Math.floor(input.assignment.limits.diskBytes / 4));
  const metadata = submissionMetadata(input);
  let bytes = encode(metadata);
  for (const previous of metadata.previous_submissions) {
    if (bytes.length <= maxBytes) break;
    previous.results = {
      ...previous.results,
      output: '',
      tests: previous.results.tests.map((test) => ({ ...test, output: '' })),
    };
    bytes = encode(metadata);
  }
  return bytes;
}

/** A positive integer below 2^48 (exact in JSON and JavaScript): the same parts give the same id. */
export function stableId(...parts: unknown[]): number {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return Number.parseInt(digest.slice(0, 12), 16);
}

/**
 * What the grader reported (so before any late penalty), of the tests the student may see. The
 * output of tests that are not visible is left out: student code can read this file, and gradebot
 * never shows it those outputs.
 */
function previousResults(result: GradingResult): PreviousResults {
  return {
    score: result.raw_score,
    output: result.output,
    tests: result.tests.map((test) => ({
      name: test.name,
      score: test.score,
      max_score: test.max_score,
      // Gradescope knows only these two; a timeout or an error did not pass.
      status: test.status === 'passed' ? 'passed' : 'failed',
      output: test.visibility === 'visible' ? test.output : '',
      visibility: GRADESCOPE_VISIBILITY[test.visibility],
    })),
    ...(result.leaderboard ? { leaderboard: result.leaderboard } : {}),
  };
}

/** Gradescope's form: microseconds and the offset of the course's time zone. */
function gradescopeTime(date: Date, timezone: string): string {
  return DateTime.fromJSDate(date, { zone: timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'000'ZZ");
}

/** Gradescope writes points as a decimal string: "20.0", "12.5". */
function decimal(points: number): string {
  return Number.isInteger(points) ? points.toFixed(1) : String(points);
}

function encode(metadata: SubmissionMetadata): Buffer {
  return Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`);
}
