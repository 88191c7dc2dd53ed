/**
 * The submission metadata a grader reads: Gradescope's fields and formats, ids that do not change
 * between gradings, times in the course's time zone, and earlier results in results.json's shape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Course, GraderAssignment } from '../../src/course/types.js';
import type { GradingResult } from '../../src/results/results.js';
import {
  metadataFile,
  stableId,
  submissionMetadata,
  type MetadataInput,
} from '../../src/runner/grade/submission-metadata.js';
import { loadFixtureCourse } from '../helpers/grading.js';
import { storedResult } from '../helpers/stored-result.js';

let course: Course;
let echo: GraderAssignment;

beforeAll(async () => {
  course = await loadFixtureCourse('metadata-course');
  const assignment = course.assignments[0];
  if (assignment?.kind !== 'grader') throw new Error('metadata-course must start with a grader');
  echo = assignment;
});

const COMMIT = 'c'.repeat(40);

function input(fields: Partial<MetadataInput> = {}): MetadataInput {
  return {
    course,
    assignment: echo,
    submission: { student: 'alice', commit: COMMIT, submittedAt: new Date('2026-12-02T15:30:00.250Z') },
    method: 'GitHub',
    previous: [],
    // After the due date: earlier results show every test (before it, see feedback-leaks.test.ts).
    now: new Date('2026-12-05T00:00:00Z'),
    ...fields,
  };
}

/** A graded result of the echo assignment, one day late (10% off). */
function lateResult(fields: Partial<GradingResult> = {}): GradingResult {
  return storedResult('job-1', {
    assignment: 'echo',
    submitted_at: '2026-12-02T05:00:00.000Z',
    late: { days: 1, penalty: 0.1, past_until: false },
    score: 9,
    max_score: 20,
    raw_score: 10,
    output: 'grader says hi',
    tests: [
      {
        name: 'shown',
        score: 10,
        max_score: 10,
        status: 'passed',
        output: 'ok',
        visibility: 'visible',
        duration_ms: 0,
      },
      {
        name: 'secret',
        score: 0,
        max_score: 5,
        status: 'timeout',
        output: 'the secret input',
        visibility: 'hidden',
        duration_ms: 0,
      },
      {
        name: 'later',
        score: 0,
        max_score: 5,
        status: 'error',
        output: 'diff',
        visibility: 'after_due',
        duration_ms: 0,
      },
    ],
    leaderboard: [{ name: 'speed', value: 1.5, order: 'asc' }],
    ...fields,
  }).result;
}

describe('submissionMetadata', () => {
  it("has Gradescope's fields, with the recorded submission time in the course's time zone", () => {
    expect(submissionMetadata(input())).toEqual({
      id: stableId('submission', 'metadata-tests', 'echo', 'alice', COMMIT, '2026-12-02T15:30:00.250Z'),
      created_at: '2026-12-02T10:30:00.250000-05:00',
      assignment: {
        due_date: '2026-12-01T23:59:00.000000-05:00',
        late_due_date: '2026-12-03T23:59:00.000000-05:00',
        release_date: null,
        title: 'Echo: submission metadata',
        id: stableId('assignment', 'metadata-tests', 'echo'),
        course_id: stableId('course', 'metadata-tests'),
        group_submission: false,
        group_size: null,
        total_points: '20.0',
      },
      submission_method: 'GitHub',
      users: [{ email: null, id: stableId('user', 'metadata-tests', 'alice'), name: 'alice' }],
      previous_submissions: [],
    });
  });

  it('lists earlier submissions with their score and what their grader reported, hiding hidden outputs', () => {
    const metadata = submissionMetadata(input({ previous: [lateResult()] }));
    expect(metadata.previous_submissions).toEqual([
      {
        submission_time: '2026-12-02T00:00:00.000000-05:00',
        score: 9,
        results: {
          score: 10,
          output: 'grader says hi',
          tests: [
            {
              name: 'shown',
              score: 10,
              max_score: 10,
              status: 'passed',
              output: 'ok',
              visibility: 'visible',
            },
            { name: 'secret', score: 0, max_score: 5, status: 'failed', output: '', visibility: 'hidden' },
            {
              name: 'later',
              score: 0,
              max_score: 5,
              status: 'failed',
              output: '',
              visibility: 'after_due_date',
            },
          ],
          leaderboard: [{ name: 'speed', value: 1.5, order: 'asc' }],
        },
      },
    ]);
  });

  it('says null where the course sets nothing, and writes fractional points as they are', () => {
    const loose: GraderAssignment = { ...echo, due: null, late: null, points: 12.5 };
    expect(submissionMetadata(input({ assignment: loose })).assignment).toMatchObject({
      due_date: null,
      late_due_date: null,
      total_points: '12.5',
    });
    expect(submissionMetadata(input({ assignment: { ...echo, points: null } })).assignment.total_points).toBe(
      null,
    );
  });

  it("uses the offset the course's time zone has on that day", () => {
    const summer = { student: 'alice', commit: null, submittedAt: new Date('2026-07-01T12:00:00Z') };
    expect(submissionMetadata(input({ submission: summer })).created_at).toBe(
      '2026-07-01T08:00:00.000000-04:00',
    );
  });

  it('keeps ids across gradings and tells submissions, students and assignments apart', () => {
    const first = submissionMetadata(input());
    expect(submissionMetadata(input())).toEqual(first);
    expect(Number.isSafeInteger(first.id) && first.id > 0 && first.id < 2 ** 48).toBe(true);

    const otherCommit = submissionMetadata(
      input({ submission: { ...input().submission, commit: 'd'.repeat(40) } }),
    );
    const otherTime = submissionMetadata(
      input({ submission: { ...input().submission, submittedAt: new Date('2026-12-02T15:31:00Z') } }),
    );
    const otherStudent = submissionMetadata(input({ submission: { ...input().submission, student: 'bob' } }));
    const otherAssignment = submissionMetadata(input({ assignment: { ...echo, id: 'echo2' } }));
    expect(
      new Set([first, otherCommit, otherTime, otherStudent, otherAssignment].map((m) => m.id)).size,
    ).toBe(5);
    expect(otherStudent.users[0]!.id).not.toBe(first.users[0]!.id);
    expect(otherAssignment.assignment.id).not.toBe(first.assignment.id);
    expect(otherAssignment.assignment.course_id).toBe(first.assignment.course_id);
  });
});

describe('metadataFile', () => {
  it('is the metadata as JSON', () => {
    const bytes = metadataFile(input({ previous: [lateResult()] }));
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(
      submissionMetadata(input({ previous: [lateResult()] })),
    );
  });

  it("drops the oldest submissions' output texts first when it would take too much of the disk", () => {
    // 40 kB of disk allows 10 kB of metadata; each earlier submission carries 6 kB of output.
    const small: GraderAssignment = { ...echo, limits: { ...echo.limits, diskBytes: 40_000 } };
    const wordy = (at: string) =>
      lateResult({
        submitted_at: at,
        output: 'o'.repeat(3_000),
        tests: [{ ...lateResult().tests[0]!, output: 't'.repeat(3_000) }],
      });
    const previous = [wordy('2026-11-01T10:00:00Z'), wordy('2026-11-02T10:00:00Z')];
    const bytes = metadataFile(input({ assignment: small, previous }));
    expect(bytes.length).toBeLessThanOrEqual(10_000);
    const written = JSON.parse(bytes.toString('utf8')) as ReturnType<typeof submissionMetadata>;
    const [older, newer] = written.previous_submissions;
    expect([older!.results.output, older!.results.tests[0]!.output]).toEqual(['', '']);
    expect([newer!.results.output.length, newer!.results.tests[0]!.output.length]).toEqual([3_000, 3_000]);
    expect(older).toMatchObject({ score: 9, results: { score: 10, tests: [{ name: 'shown', score: 10 }] } });
  });
});
