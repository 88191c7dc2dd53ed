/**
 * Per-student deadlines: `deadlineFor` itself, and what goes through it (grading's late penalty, the
 * scoreboard's "past due"). Every instant is given; nothing depends on today's date.
 */
import { describe, expect, it } from 'vitest';
import { deadlineFor, latestDue } from '../../src/course/deadline.js';
import { parseDueDate } from '../../src/course/due-date.js';
import type { Extension } from '../../src/course/types.js';
import { boardPastDue } from '../../src/reporters/scoreboard/scoreboard-data.js';
import { assembleResult } from '../../src/runner/grade/assemble-result.js';
import { publishedAssignment } from '../../src/store/course-registry.js';
import { testsAssignment } from '../helpers/tests-assignment.js';

const TZ = 'America/Toronto';
const at = (text: string) => parseDueDate(text, TZ);

const extension = (student: string, fields: Partial<Extension>): Extension => ({
  student,
  due: null,
  lateUntil: null,
  reason: 'accommodation',
  source: 'course',
  ...fields,
});

const assignment = testsAssignment({
  due: at('2026-12-01 23:59'),
  late: { until: at('2026-12-03 23:59'), penaltyPerDay: 0.1 },
  scoreboard: true,
  extensions: [
    extension('alice', { due: at('2026-12-05 23:59') }),
    extension('bob', { lateUntil: at('2026-12-10 23:59') }),
  ],
});

const outcome = {
  status: 'graded' as const,
  output: '',
  tests: [
    {
      name: 'a',
      score: 10,
      max_score: 10,
      status: 'passed' as const,
      output: '',
      visibility: 'visible' as const,
      duration_ms: 5,
    },
  ],
};

const grade = (student: string, submittedAt: string) =>
  assembleResult(
    assignment,
    { student, commit: null, submittedAt: at(submittedAt) },
    outcome,
    at('2026-12-20 12:00'),
    TZ,
  );

describe('deadlineFor', () => {
  it("gives a student without an extension the assignment's deadline", () => {
    expect(deadlineFor(assignment, 'carol')).toEqual({
      due: assignment.due,
      late: assignment.late,
      extension: null,
    });
  });

  it('moves the late period with a new due date, keeping its length and penalty', () => {
    expect(deadlineFor(assignment, 'ALICE')).toMatchObject({
      due: at('2026-12-05 23:59'),
      late: { until: at('2026-12-07 23:59'), penaltyPerDay: 0.1 },
      extension: { reason: 'accommodation' },
    });
  });

  it('ends only the late period later when that is all that was granted', () => {
    expect(deadlineFor(assignment, 'bob')).toMatchObject({
      due: assignment.due,
      late: { until: at('2026-12-10 23:59'), penaltyPerDay: 0.1 },
    });
  });

  it('grants a late period without penalty where the assignment has none', () => {
    const strict = { ...assignment, late: null };
    expect(deadlineFor(strict, 'bob').late).toEqual({ until: at('2026-12-10 23:59'), penaltyPerDay: 0 });
    expect(deadlineFor(strict, 'alice').late).toBeNull();
  });

  it('survives publishing: the registry copy gives the same deadlines', () => {
    const published = publishedAssignment(assignment);
    expect(latestDue(assignment)).toEqual(at('2026-12-05 23:59'));
    expect(boardPastDue(published, at('2026-12-03 12:00'))).toBe(false);
    expect(boardPastDue(published, at('2026-12-06 00:00'))).toBe(true);
  });
});

describe('grading honours extensions', () => {
  it("puts an extended student's push after the due date on time while another's is late", () => {
    expect(grade('Alice', '2026-12-03 12:00')).toMatchObject({
      late: { days: 0, penalty: 0, past_until: false },
      score: 10,
    });
    expect(grade('carol', '2026-12-03 12:00')).toMatchObject({
      late: { days: 2, penalty: 0.2, past_until: false },
      score: 8,
    });
  });

  it('counts days late from the student’s own due date', () => {
    expect(grade('alice', '2026-12-06 12:00')).toMatchObject({ late: { days: 1, penalty: 0.1 }, score: 9 });
  });

  it('keeps a late_until extension inside its late period', () => {
    expect(grade('bob', '2026-12-08 12:00')).toMatchObject({
      late: { days: 7, penalty: 0.7, past_until: false },
      score: 3,
    });
    expect(grade('carol', '2026-12-08 12:00')).toMatchObject({ late: { past_until: true }, score: 0 });
  });
});
