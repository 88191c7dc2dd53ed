import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import { runValidate } from '../../src/cli/validate-command.js';
import { fixture, graderCourseWith, removeTemps, tempCourse } from './fixtures.js';

afterEach(removeTemps);

describe('runValidate', () => {
  it('prints one line per assignment and returns 0', async () => {
    const root = await tempCourse('valid');
    await chmod(path.join(root, 'hw2-grader', 'run_autograder'), 0o755);
    const terminal = createRecordingTerminal();
    expect(await runValidate(root, terminal)).toEqual(0);
    expect(terminal.stdout).toEqual(
      [
        'hw1   tests   3 tests, 8.5 points               gradebot/python:3.12  due 2026-12-01 23:59 EST',
        'hw2   grader  grader run_autograder, 50 points  gradebot/java:21      due 2026-12-15 23:59:59 EST',
        'lab3  tests   1 test, 1 point                   gradebot/python:3.12  no due date',
        '',
      ].join('\n'),
    );
    expect(terminal.stderr).toEqual('');
  });

  it('prints every problem and a count, and returns 1', async () => {
    const terminal = createRecordingTerminal();
    expect(await runValidate(fixture('tests-and-grader'), terminal)).toEqual(1);
    expect(terminal.stdout).toEqual('');
    expect(terminal.stderr).toEqual(
      [
        'gradebot.yml:6:13: assignments.hw1.grader: give either tests or grader, not both',
        'gradebot.yml:10:3: assignments.hw2: expected tests or grader, got neither',
        '2 problems in gradebot.yml',
        '',
      ].join('\n'),
    );
  });

  it('warns, and still returns 0, when the course file has no timezone', async () => {
    const root = await graderCourseWith([
      'assignments:',
      '  hw1: { image: gradebot/python:3, grader: run_autograder, due: 2026-12-01 23:59 }',
    ]);
    const terminal = createRecordingTerminal();
    expect(await runValidate(root, terminal)).toEqual(0);
    // The due date shows in UTC, which is what the warning is about.
    expect(terminal.stdout).toEqual(
      'hw1  grader  grader run_autograder  gradebot/python:3  due 2026-12-01 23:59 UTC\n',
    );
    expect(terminal.stderr).toEqual(
      "warning: gradebot.yml:1:1: timezone: missing: add the course's IANA time zone, like " +
        'timezone: America/Toronto; without it, due dates and --submitted-at times written without ' +
        'an offset are read in UTC\n',
    );
  });

  it('does not warn when the course file sets a timezone, even UTC', async () => {
    const root = await graderCourseWith([
      'timezone: UTC',
      'assignments:',
      '  hw1: { image: gradebot/python:3, grader: run_autograder }',
    ]);
    const terminal = createRecordingTerminal();
    expect(await runValidate(root, terminal)).toEqual(0);
    expect(terminal.stderr).toEqual('');
  });

  it('says "1 problem" for one', async () => {
    const root = await tempCourse();
    await writeFile(path.join(root, 'gradebot.yml'), 'course: [\n');
    const terminal = createRecordingTerminal();
    expect(await runValidate(root, terminal)).toEqual(1);
    expect(terminal.stderr.trimEnd().split('\n').at(-1)).toEqual('1 problem in gradebot.yml');
  });
});
