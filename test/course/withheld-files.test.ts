import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withheldFiles, readTextSource } from '../../src/course/withheld-files.js';
import { findAssignment, loadCourse } from '../../src/course/load-course.js';
import type { DeclarativeTest, TestsAssignment } from '../../src/course/types.js';
import { testsAssignment } from '../helpers/tests-assignment.js';
import { removeTemps, tempCourse } from './fixtures.js';

afterEach(removeTemps);

function withOutputs(...stdout: DeclarativeTest['stdout'][]): TestsAssignment {
  const test = (output: DeclarativeTest['stdout'], index: number): DeclarativeTest => ({
    name: `t${index}`,
    setup: null,
    setupTimeoutMs: null,
    run: 'true',
    stdin: { kind: 'file', path: 'inputs/in.txt' },
    stdout: output,
    match: 'trimmed',
    normalize: 'newlines',
    regexFlags: 'm',
    exit: 0,
    points: 1,
    junit: null,
    timeoutMs: 1000,
    visibility: 'hidden',
  });
  return testsAssignment({ tests: stdout.map(test) });
}

describe('withheldFiles', () => {
  it('lists the stdout files and the inputs of tests that are not visible, normalized', () => {
    const assignment = withOutputs(
      { kind: 'file', path: 'expected/out1.txt' },
      { kind: 'file', path: './expected//out2.txt' },
      { kind: 'file', path: 'expected/../expected/out1.txt' },
      { kind: 'text', text: 'inline' },
      null,
    );
    expect(withheldFiles(assignment)).toEqual(
      new Set(['expected/out1.txt', 'expected/out2.txt', 'inputs/in.txt']),
    );
  });

  it('leaves the inputs of visible tests in the folder', () => {
    const assignment = withOutputs({ kind: 'file', path: 'expected/out1.txt' });
    const visible = {
      ...assignment,
      tests: assignment.tests.map((t) => ({ ...t, visibility: 'visible' as const })),
    };
    expect(withheldFiles(visible)).toEqual(new Set(['expected/out1.txt']));
  });

  it('holds only hidden inputs without expected-output files', () => {
    expect(withheldFiles(withOutputs(null))).toEqual(new Set(['inputs/in.txt']));
  });

  it('matches the files of the fixture course', async () => {
    const root = await tempCourse('valid');
    await chmod(path.join(root, 'hw2-grader', 'run_autograder'), 0o755);
    const hw1 = findAssignment(await loadCourse(root), 'hw1') as TestsAssignment;
    expect(withheldFiles(hw1)).toEqual(new Set(['expected/out1.txt', 'inputs/in1.txt']));
  });
});

describe('readTextSource', () => {
  it('returns inline text and reads files relative to the assignment folder', async () => {
    const root = await tempCourse('valid');
    await chmod(path.join(root, 'hw2-grader', 'run_autograder'), 0o755);
    const course = await loadCourse(root);
    const hw1 = findAssignment(course, 'hw1') as TestsAssignment;
    const [first, second] = hw1.tests;
    expect(first?.stdout).not.toBeNull();
    expect(second?.stdout).not.toBeNull();
    expect(await readTextSource(course, hw1, first?.stdout ?? { kind: 'text', text: '' })).toEqual('hello\n');
    expect(await readTextSource(course, hw1, second?.stdout ?? { kind: 'text', text: '' })).toEqual('ada\n');
  });
});
