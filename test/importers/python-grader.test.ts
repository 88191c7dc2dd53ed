/**
 * Classroom's Python grader step as a course-file test, graded in real containers: each passing
 * pytest case earns max-score / N, as the action scores it (2 of 3 passing of 10 points is 6.67);
 * only `*_test.py` files run; a solution that does not import scores 0.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraderStep } from '../../src/importers/classroom/grader-inputs.js';
import { pythonGraderTest } from '../../src/importers/classroom/python-grader.js';
import { testFields } from '../../src/importers/classroom/to-course.js';
import { gradebot, gradeJson } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';

const SUBMISSIONS = path.join(FIXTURES, 'python-grader');

let tmp: string;
let course: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-python-grader-'));
  course = path.join(tmp, 'course');
  const fields = testFields(imported(step({ timeout: '1', 'max-score': '10' })).test);
  await mkdir(path.join(course, 'shapes'), { recursive: true });
  await writeFile(
    path.join(course, 'gradebot.yml'),
    stringify({
      course: 'py',
      timezone: 'UTC',
      assignments: { shapes: { image: 'gradebot/python:3', tests: [fields] } },
    }),
  );
});

/** The step's `with:` inputs as `core.getInput` reads them. */
function step(inputs: Record<string, string>) {
  return (name: string) => inputs[name] ?? '';
}

function imported(inputs: (name: string) => string, image = 'gradebot/python:3') {
  const result: GraderStep = pythonGraderTest(inputs, 'pytest', image);
  if (!('test' in result)) throw new Error(`not imported: ${JSON.stringify(result)}`);
  return result;
}

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('a python-grader step as a junit test', () => {
  it('validates', async () => {
    expect(await gradebot('validate', course)).toMatchObject({ code: 0, stderr: '' });
  });

  it('gives 2 of 3 passing cases 6.67 of 10, from *_test.py files only', async () => {
    const result = await gradeJson(path.join(SUBMISSIONS, 'two-of-three'), course, 'shapes');
    const [test] = result.tests;
    expect(test).toMatchObject({ name: 'pytest', status: 'failed', max_score: 10 });
    expect(test!.score).toBeCloseTo(20 / 3, 10);
    expect(result).toMatchObject({ status: 'graded', max_score: 10 });
    expect(result.score).toBeCloseTo(6.67, 2);
    expect(test!.output).toMatch(
      /^2 of 3 test cases passed\npassed {2}shapes_test\.test_square_area\nFAILED {2}shapes_test\.test_square_perimeter\npassed {2}shapes_test\.test_rectangle_area\n/,
    );
  }, 120_000);

  it('gives a solution that does not import 0', async () => {
    const submission = path.join(tmp, 'syntax-error');
    await cp(path.join(SUBMISSIONS, 'syntax-error'), submission, { recursive: true });
    await cp(
      path.join(SUBMISSIONS, 'two-of-three', 'shapes_test.py'),
      path.join(submission, 'shapes_test.py'),
    );
    const result = await gradeJson(submission, course, 'shapes');
    expect(result.tests.map((test) => [test.status, test.score])).toEqual([['failed', 0]]);
    expect(result).toMatchObject({ score: 0, max_score: 10 });
  }, 120_000);
});

describe('pythonGraderTest', () => {
  it('reads the inputs as the action does', () => {
    const fields = testFields(imported(step({ 'max-score': '' })).test);
    expect(fields).toMatchObject({ name: 'pytest', junit: 'pytest.xml', points: 0, timeout: '10m' });
    expect(fields).not.toHaveProperty('setup');
    expect(pythonGraderTest(step({ 'max-score': '2.5' }), 't', 'x')).toEqual({
      problems: [
        'max-score: expected a whole number of points, got "2.5" (the Python grader refuses anything else and scores the step 0)',
      ],
    });
    expect(pythonGraderTest(step({ timeout: '1.5' }), 't', 'x')).toEqual({
      problems: ['timeout: expected a whole number of minutes from 1 to 60, got "1.5"'],
    });
  });

  it('drops a sudo pip setup-command that the image makes needless, and gives any other the whole timeout', () => {
    const dropped = imported(step({ 'setup-command': 'sudo -H pip3 install pytest' }));
    expect(dropped.test.setup).toBeNull();
    expect(dropped.warnings).toHaveLength(1);
    const kept = imported(step({ 'setup-command': 'make data', timeout: '2' }));
    expect(kept).toMatchObject({
      test: { setup: 'make data', setupTimeoutMs: 120_000, timeoutMs: 120_000 },
      warnings: [],
    });
  });
});
