import { describe, expect, it } from 'vitest';
import { CourseError, formatProblem } from '../../src/course/course-error.js';
import { formatPath } from '../../src/text/format-path.js';

describe('formatProblem', () => {
  it('gives file, line, column, path and message', () => {
    const problem = {
      file: 'gradebot.yml',
      line: 14,
      column: 7,
      path: 'defaults.limits.memory',
      message: 'expected a size like 512MiB, got "lots"',
    };
    expect(formatProblem(problem)).toEqual(
      'gradebot.yml:14:7: defaults.limits.memory: expected a size like 512MiB, got "lots"',
    );
  });

  it('leaves out what a problem does not have', () => {
    expect(
      formatProblem({ file: 'gradebot.yml', line: 3, column: 1, path: '', message: 'invalid YAML' }),
    ).toEqual('gradebot.yml:3:1: invalid YAML');
    expect(
      formatProblem({ file: 'gradebot.yml', line: 0, column: 0, path: '', message: 'not found' }),
    ).toEqual('gradebot.yml: not found');
  });
});

describe('formatPath', () => {
  it('dots keys and brackets indices', () => {
    expect(formatPath(['assignments', 'hw1', 'tests', 2, 'points'])).toEqual(
      'assignments.hw1.tests[2].points',
    );
  });

  it('quotes keys that are not plain names', () => {
    expect(formatPath(['assignments', 'Hw 1', 'title'])).toEqual('assignments["Hw 1"].title');
  });
});

describe('CourseError', () => {
  it('keeps every problem and says them all in its message', () => {
    const problems = [
      { file: 'gradebot.yml', line: 1, column: 1, path: 'course', message: 'a' },
      { file: 'gradebot.yml', line: 2, column: 3, path: 'timezone', message: 'b' },
    ];
    const error = new CourseError(problems);
    expect(error.problems).toEqual(problems);
    expect(error.message).toEqual('gradebot.yml:1:1: course: a\ngradebot.yml:2:3: timezone: b');
  });
});
