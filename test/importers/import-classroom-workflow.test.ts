/**
 * `gradebot import classroom` on a classroom.yml workflow, end to end: import the fixture (written
 * from the documented behaviour of Classroom's io-grader, command-grader, python-grader and grading
 * reporter),
 * validate it, and grade two submissions in real containers. The points are what the actions give.
 */
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';

const FIXTURE = path.join(FIXTURES, 'classroom-workflow');
const WORKFLOW = path.join(FIXTURE, 'classroom.yml');
const IMPORT = ['import', 'classroom', WORKFLOW, '--image', 'gradebot/python:3', '--assignment', 'hw1'];

type Status = 'passed' | 'failed' | 'timeout';
/** Per counted step, in workflow order: [test-name, correct's score and status, flawed's]. */
const EXPECTED: [string, [number, Status], [number, Status]][] = [
  ['hello exact', [2, 'passed'], [0, 'failed']],
  // test-name, input and expected-output are trimmed by core.getInput, the output by the io-grader.
  ['both sides trimmed', [1, 'passed'], [0, 'failed']],
  // max-score 2.5 is parseInt'ed to 2.
  ['contains', [2, 'passed'], [0, 'failed']],
  // new RegExp(expected) without flags: ^ and $ are the whole output, so a line before fails.
  ['regex without flags', [1, 'passed'], [0, 'failed']],
  ['matching output but a non-zero exit', [1, 'passed'], [0, 'failed']],
  ['command exits 0', [3, 'passed'], [0, 'failed']],
  // 4 s of setup and 4 s of command, each within its own 6 s (timeout: 0.1 minutes).
  ['setup and command each get the timeout', [1, 'passed'], [1, 'passed']],
  // No max-score: pass or fail only, adding nothing to the score or the maximum.
  ['pass or fail only', [0, 'passed'], [0, 'failed']],
  // The output is trimmed, nothing more: "a\r\nb" is not "a\nb" to the io-grader.
  ['Windows line endings inside are kept', [0, 'failed'], [0, 'failed']],
  // pytest over calc_test.py: 5 / 3 points per passing test, 2 of 3 passing in the flawed one.
  ['python', [5, 'passed'], [3.33, 'failed']],
];
const MAX_SCORE = 17;

let tmp: string;
let course: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-import-workflow-'));
  course = path.join(tmp, 'course');
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('gradebot import classroom, given a classroom.yml', () => {
  it('imports the counted grader steps, and names every other step with its line', async () => {
    const imported = await gradebot(...IMPORT, '--out', course);
    expect(imported.stdout).toBe(
      `wrote ${course}/gradebot.yml and ${course}/hw1/README.md (tests: 10, points: ${MAX_SCORE}); ` +
        `check it with: gradebot validate ${course}\n`,
    );
    expect(imported.stderr.trimEnd().split('\n')).toEqual([
      "warning: classroom.yml:20: uses: actions/setup-python@v5 is not imported; the grading image (--image) or the assignment's build must provide what it does",
      "warning: classroom.yml:24: run: pip install -r requirements.txt is not imported; the grading image (--image) or the assignment's build must provide what it does",
      'warning: classroom.yml:48: step contains: max-score: the action reads "2.5" as 2 (parseInt)',
      "warning: classroom.yml:114: uses: classroom-resources/autograding-command-grader@v1 is not in the reporter's runners, so Classroom does not count it; not imported",
      'warning: classroom.yml:121: step python: dropped setup "sudo -H pip3 install pytest": gradebot/python:3 already has pytest, and the sandbox has neither root nor the network to install anything',
      `warning: ${MISSING_DUE_WARNING}`,
    ]);
    expect(imported.code).toBe(0);
    const validated = await gradebot('validate', course);
    expect(validated.stdout).toMatch(/^hw1 +tests +10 tests, 17 points +gradebot\/python:3 +no due date\n$/);
  });

  it('refuses a file of neither format, a missing file, and a reporter without its variable, with one line each', async () => {
    const other = path.join(tmp, 'other.yml');
    await writeFile(other, 'name: not a workflow\n');
    expect(await gradebot('import', 'classroom', other)).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'gradebot: other.yml: not a GitHub Classroom file; expected .github/classroom/autograding.json ' +
        '(a JSON object with "tests") or .github/workflows/classroom.yml (a workflow with jobs)\n',
    });
    const missing = path.join(tmp, 'missing.yml');
    expect(await gradebot('import', 'classroom', missing)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `gradebot: cannot read ${missing}: no such file\n`,
    });
    const unwired = path.join(tmp, 'classroom.yml');
    await writeFile(
      unwired,
      [
        'jobs:',
        '  grade:',
        '    steps:',
        '      - id: a',
        '        uses: classroom-resources/autograding-command-grader@v1',
        '        with: { test-name: a, command: "true", max-score: 1 }',
        '      - uses: classroom-resources/autograding-grading-reporter@v1',
        '        with: { runners: a }',
        '',
      ].join('\n'),
    );
    expect(await gradebot('import', 'classroom', unwired)).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'gradebot: classroom.yml:7: runners: "a" needs env A_RESULTS: "${{steps.<id>.outputs.result}}"; without it the reporter fails\n',
    });
  });
});

describe.each([
  ['correct', 1, 16],
  ['flawed', 2, 4.33],
] as const)('grading the %s submission of the imported workflow', (submission, column, total) => {
  it(`scores every step as the actions do: ${total} / ${MAX_SCORE}`, async () => {
    const graded = await gradebot(
      'grade',
      path.join(FIXTURE, 'submissions', submission),
      ...['--course', course, '--assignment', 'hw1', '--json'],
    );
    expect(graded.code).toBe(0);
    const result = JSON.parse(graded.stdout) as GradingResult;
    const hundredths = (score: number) => Math.round(score * 100) / 100;
    expect(result.tests.map((test) => [test.name, hundredths(test.score), test.status])).toEqual(
      EXPECTED.map((row) => [row[0], ...row[column]]),
    );
    expect(result).toMatchObject({ status: 'graded', max_score: MAX_SCORE });
    expect(hundredths(result.score)).toBe(total);
  }, 120_000);
});
