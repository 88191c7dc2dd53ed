/** The course file's `extra_credit` (issue 15, finding 9): grader assignments only, 0 to a bound. */
import { afterEach, describe, expect, it } from 'vitest';
import { describeAssignment } from '../../src/cli/validate-command.js';
import { loadCourse } from '../../src/course/load-course.js';
import { graderCourseWith, problemsOf, removeTemps } from './fixtures.js';

afterEach(removeTemps);

describe('extra_credit', () => {
  it('defaults to 0, is inherited from defaults, and can be set per assignment', async () => {
    const root = await graderCourseWith([
      'defaults: { image: gradebot/python:3, grader: run_autograder, extra_credit: 2 }',
      'assignments:',
      '  hw1: { points: 20, extra_credit: 5 }',
      '  hw2: { points: 20 }',
      '  hw3: { extra_credit: 0 }',
    ]);
    const course = await loadCourse(root);
    // `gradebot validate` shows it, so the instructor sees what the course file grants.
    expect(course.assignments.map((a) => describeAssignment(a, 'UTC')[2])).toEqual([
      'grader run_autograder, 20 points, extra credit up to 5',
      'grader run_autograder, 20 points, extra credit up to 2',
      'grader run_autograder',
    ]);
    expect(course.assignments.map((a) => [a.id, a.kind === 'grader' ? a.extraCredit : null])).toEqual([
      ['hw1', 5],
      ['hw2', 2],
      ['hw3', 0],
    ]);
  });

  it('is 0 when not set anywhere', async () => {
    const root = await graderCourseWith([
      'defaults: { image: gradebot/python:3 }',
      'assignments:',
      '  hw1: { grader: run_autograder }',
    ]);
    const [hw1] = (await loadCourse(root)).assignments;
    expect(hw1?.kind === 'grader' && hw1.extraCredit).toBe(0);
  });

  it('must be a number of points from 0 to the bound, on a grader assignment', async () => {
    const root = await graderCourseWith([
      'defaults: { image: gradebot/python:3, grader: run_autograder }',
      'assignments:',
      '  hw1: { extra_credit: -1 }',
      '  hw2: { extra_credit: "5 points" }',
      '  hw3: { extra_credit: 2000000 }',
      '  hw4:',
      '    extra_credit: 3',
      '    tests: [{ name: a, run: ./a }]',
    ]);
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:4:24: assignments.hw1.extra_credit: expected a number of points from 0 to 1,000,000, got -1',
      'gradebot.yml:5:24: assignments.hw2.extra_credit: expected a number of points from 0 to 1,000,000, got "5 points"',
      'gradebot.yml:6:24: assignments.hw3.extra_credit: expected a number of points from 0 to 1,000,000, got 2000000',
      'gradebot.yml:8:19: assignments.hw4.extra_credit: extra_credit is for grader assignments; a test scores at most its points',
    ]);
  });
});
