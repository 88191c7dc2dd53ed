/**
 * Classroom's Python preset in autograding.json: `sudo -H pip3 install pytest`, then `pytest`. The
 * sandbox has neither root nor the network, so the line, imported as it is, fails every submission
 * (`sh: sudo: not found`). Imported for gradebot/python:3, which has pytest, it is dropped with a
 * warning and a passing submission earns its points in a real container.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradebot, gradeJson } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';

const FIXTURE = path.join(FIXTURES, 'classroom-python');
const AUTOGRADING = path.join(FIXTURE, 'autograding.json');

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-classroom-python-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the Python preset of autograding.json', () => {
  it('drops the sudo pip line for gradebot/python:3, which has pytest, and the tests pass', async () => {
    const course = path.join(tmp, 'python');
    const imported = await gradebot(
      ...['import', 'classroom', AUTOGRADING, '--image', 'gradebot/python:3', '--assignment', 'hw'],
      ...['--out', course],
    );
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(
      'warning: test "pytest": dropped setup "sudo -H pip3 install pytest": gradebot/python:3 already ' +
        'has pytest, and the sandbox has neither root nor the network to install anything\n',
    );
    const result = await gradeJson(path.join(FIXTURE, 'submission'), course, 'hw');
    expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['pytest', 'passed', 10],
    ]);
  }, 120_000);

  it('keeps the line for an image without pytest, and names the image that has it', async () => {
    const imported = await gradebot('import', 'classroom', AUTOGRADING, '--assignment', 'hw');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('setup: sudo -H pip3 install pytest\n');
    expect(imported.stderr).toContain(
      'warning: test "pytest": setup "sudo -H pip3 install pytest" needs root and the network, which the ' +
        'sandbox has not, so it fails every submission: grade with gradebot/python:3, which has pytest ' +
        '(--image gradebot/python:3)\n',
    );
  });
});
