/**
 * A grader in a real container finds /autograder/submission_metadata.json as Gradescope writes it,
 * and can read it but not change it (nor can the student code it runs, as the same user).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import { findAssignment } from '../../src/course/load-course.js';
import { submissionMetadata } from '../../src/runner/grade/submission-metadata.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { gradeFixture, loadFixtureCourse } from '../helpers/grading.js';

const provider = testProvider('metadata');
let course: Course;
let submission: string;

beforeAll(async () => {
  course = await loadFixtureCourse('metadata-course');
  submission = await mkdtemp(path.join(os.tmpdir(), 'gradebot-metadata-'));
  await writeFile(path.join(submission, 'answer.txt'), '15\n');
});

afterAll(async () => {
  expect(await leftovers(provider)).toBe(0);
  await rm(submission, { recursive: true, force: true });
});

it('gives the grader a read-only submission_metadata.json with the recorded submission time', async () => {
  // A day late, graded long after: the metadata carries the submission time, not the grading time.
  const submittedAt = new Date('2026-12-02T15:30:00.250Z');
  const { result } = await gradeFixture(provider, course, 'echo', submission, submittedAt);
  expect(result).toMatchObject({ status: 'graded', raw_score: 15, score: 13.5 });

  const report = JSON.parse(result.output) as Record<string, unknown>;
  const student = path.basename(submission);
  const echo = findAssignment(course, 'echo');
  if (echo.kind !== 'grader') throw new Error('echo must be a grader assignment');
  expect(report).toEqual({
    metadata: submissionMetadata({
      course,
      assignment: echo,
      submission: { student, commit: null, submittedAt },
      method: 'upload',
      previous: [],
      now: submittedAt,
    }),
    owner: 65534,
    mode: '0o444',
    changed: [],
  });
  expect(report.metadata).toMatchObject({
    created_at: '2026-12-02T10:30:00.250000-05:00',
    assignment: {
      due_date: '2026-12-01T23:59:00.000000-05:00',
      late_due_date: '2026-12-03T23:59:00.000000-05:00',
      total_points: '20.0',
    },
    users: [{ name: student }],
    previous_submissions: [],
  });
});
