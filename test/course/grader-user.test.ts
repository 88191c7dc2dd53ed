/**
 * The course file's `user` (issue 16, point 4): who runs a grader in the container. Root by default,
 * as on Gradescope; `sandbox` opts out; tests assignments keep the sandbox user and refuse it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeAssignment } from '../../src/cli/validate-command.js';
import { loadCourse } from '../../src/course/load-course.js';
import { graderCourseWith, problemsOf, removeTemps } from './fixtures.js';

afterEach(removeTemps);

describe('user', () => {
  it('is root unless an assignment or the defaults say sandbox', async () => {
    const userOf = async (defaults: string) => {
      const root = await graderCourseWith([
        `defaults: { image: gradebot/python:3, grader: run_autograder${defaults} }`,
        'assignments:',
        '  hw1: {}',
        '  hw2: { user: sandbox }',
        '  hw3: { user: root }',
      ]);
      const course = await loadCourse(root);
      return course.assignments.map((a) => [a.id, a.kind === 'grader' ? a.user : null]);
    };
    expect(await userOf('')).toEqual([
      ['hw1', 'root'],
      ['hw2', 'sandbox'],
      ['hw3', 'root'],
    ]);
    expect(await userOf(', user: sandbox')).toEqual([
      ['hw1', 'sandbox'],
      ['hw2', 'sandbox'],
      ['hw3', 'root'],
    ]);
  });

  it('is named by gradebot validate where it is not the default', async () => {
    const root = await graderCourseWith([
      'assignments:',
      '  hw1: { image: gradebot/python:3, grader: run_autograder, user: sandbox }',
    ]);
    const [hw1] = (await loadCourse(root)).assignments;
    expect(describeAssignment(hw1!, 'UTC')[2]).toBe('grader run_autograder, run as the sandbox user');
  });

  it('must be root or sandbox, on a grader assignment', async () => {
    const root = await graderCourseWith([
      'defaults: { image: gradebot/python:3, grader: run_autograder }',
      'assignments:',
      '  hw1: { user: nobody }',
      '  hw2:',
      '    user: root',
      '    tests: [{ name: a, run: ./a }]',
    ]);
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:4:16: assignments.hw1.user: expected root or sandbox, got "nobody"',
      "gradebot.yml:6:11: assignments.hw2.user: user is for grader assignments; tests always run as the sandbox's own user",
    ]);
  });
});
