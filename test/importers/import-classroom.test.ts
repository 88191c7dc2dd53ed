/**
 * `gradebot import classroom` end to end, as an instructor runs it: import the fixture's
 * autograding.json, validate the folder, and grade two submissions in real containers. The points
 * below are what GitHub Classroom's runner gives the same submissions (the one deliberate difference,
 * end-of-file on standard input, is the last test).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/grading.js';
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';

const FIXTURE = path.join(FIXTURES, 'classroom');
const AUTOGRADING = path.join(FIXTURE, 'autograding.json');
const IMPORT = ['import', 'classroom', AUTOGRADING, '--image', 'gradebot/python:3', '--assignment', 'hw1'];

type Status = 'passed' | 'failed' | 'timeout';
/** Per test, in file order: [name, correct's score and status, flawed's score and status]. */
const EXPECTED: [string, [number, Status], [number, Status]][] = [
  ['prints hello (exact)', [2, 'passed'], [0, 'failed']],
  ['Windows line endings (exact)', [1, 'passed'], [1, 'passed']],
  ['inner trailing spaces count (exact)', [1, 'passed'], [0, 'failed']],
  ['regex anchors mean the whole output', [1, 'passed'], [0, 'failed']],
  ['regex dot matches any character', [0.5, 'passed'], [0.5, 'passed']],
  ['regex plus is a quantifier', [1, 'passed'], [0, 'failed']],
  ['included', [1, 'passed'], [0, 'failed']],
  ['no comparison means included', [2, 'passed'], [0, 'failed']],
  ['misspelled comparison means included', [1, 'passed'], [0, 'failed']],
  ['empty expected output (exact)', [1, 'passed'], [0, 'failed']],
  ['empty expected output (included)', [1, 'passed'], [1, 'passed']],
  ['exit status only', [1, 'passed'], [0, 'failed']],
  ['matching output but exit status 3', [1, 'passed'], [0, 'failed']],
  ['3-second timeout', [1, 'passed'], [0, 'timeout']],
  ['6-second timeout', [1, 'passed'], [1, 'passed']],
  ['failing setup', [0, 'failed'], [0, 'failed']],
  ['run did not run after the failed setup', [1, 'passed'], [1, 'passed']],
  ['setup and run make files', [1, 'passed'], [1, 'passed']],
  ['a later test reads them', [2, 'passed'], [0, 'failed']],
  ['input without a final newline', [1, 'passed'], [1, 'passed']],
  // Classroom left stdin open, so this read hung until the timeout; gradebot gives end-of-file.
  ['reads input that was not given', [0, 'passed'], [0, 'passed']],
];
const MAX_SCORE = 22.5;

let tmp: string;
let course: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-import-classroom-'));
  course = path.join(tmp, 'course');
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('gradebot import classroom', () => {
  it('writes a course folder that validates, and warns on stderr, one line for each thing', async () => {
    const imported = await gradebot(...IMPORT, '--out', course);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(
      `wrote ${course}/gradebot.yml and ${course}/hw1/README.md (tests: 21, points: ${MAX_SCORE}); ` +
        `check it with: gradebot validate ${course}\n`,
    );
    const lines = imported.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`warning: ${MISSING_DUE_WARNING}`);
    const warnings = lines.slice(0, -1);
    expect(warnings.every((line) => /^warning: tests? "/.test(line))).toBe(true);
    const fixture = JSON.parse(await readFile(AUTOGRADING, 'utf8')) as {
      tests: { name: string; input?: string }[];
    };
    const withoutInput = fixture.tests.filter((test) => !test.input).map((test) => test.name);
    expect(withoutInput).toHaveLength(14);
    // One line for what the tests share, naming each of them.
    const quoted = withoutInput.map((name) => JSON.stringify(name));
    expect(warnings.filter((line) => line.includes(': no input;'))).toEqual([
      `warning: tests ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}: no input; Classroom left ` +
        'standard input open here, gradebot gives end-of-file (a program that reads input now gets EOF ' +
        'instead of hanging until its timeout)',
    ]);
    expect(warnings).toContain(
      'warning: test "misspelled comparison means included": unknown comparison "exactt"; Classroom ' +
        'compares it as "included", and so does gradebot (match: contains)',
    );
    expect(warnings).toHaveLength(2);

    const validated = await gradebot('validate', course);
    // Classroom's files name no time zone, so the imported course has none: validate says to add one.
    expect(validated.code).toBe(0);
    expect(validated.stderr).toMatch(
      /^warning: gradebot\.yml:\d+:\d+: timezone: missing: add the course's IANA time zone/,
    );
    expect(validated.stdout).toMatch(
      /^hw1 +tests +21 tests, 22\.5 points +gradebot\/python:3 +no due date\n$/,
    );
  });

  it('writes --due into the course file, and refuses a date it cannot read', async () => {
    const dated = await gradebot(...IMPORT, '--due', '2026-12-01 23:59');
    expect(dated.code).toBe(0);
    expect(dated.stdout).toContain('\n    due: 2026-12-01 23:59\n');
    expect(dated.stderr).not.toContain('--due');
    expect(await gradebot(...IMPORT, '--due', '12/01/2026')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'gradebot: --due: expected a date like 2026-12-01 23:59, got "12/01/2026"\n',
    });
  });

  it('prints the same bytes on stdout, every time', async () => {
    const [first, second] = await Promise.all([gradebot(...IMPORT), gradebot(...IMPORT)]);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toBe(await readFile(path.join(course, 'gradebot.yml'), 'utf8'));
    const again = path.join(tmp, 'again');
    expect((await gradebot(...IMPORT, '--out', again)).code).toBe(0);
    for (const file of ['gradebot.yml', 'hw1/README.md']) {
      expect(await readFile(path.join(again, file), 'utf8')).toBe(
        await readFile(path.join(course, file), 'utf8'),
      );
    }
  });

  it('refuses a folder that is not empty, and a broken file, with one line', async () => {
    const refused = await gradebot(...IMPORT, '--out', course);
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `gradebot: ${course} is not empty; give --out a new or empty folder, nothing was written\n`,
    });
    const broken = path.join(tmp, 'autograding.json');
    await writeFile(broken, '{"tests": [{"name": "a", "run": "x", "timeout": -1}]}');
    expect(await gradebot('import', 'classroom', broken)).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'gradebot: autograding.json: tests[0] "a": timeout: expected a number of minutes from 0 to 360, got -1\n',
    });
  });
});

describe.each([
  ['correct', 1, 21.5],
  ['flawed', 2, 6.5],
] as const)('grading the %s submission of the imported course', (submission, column, total) => {
  it(`scores every test as Classroom did: ${total} / ${MAX_SCORE}`, async () => {
    const graded = await gradebot(
      'grade',
      path.join(FIXTURE, 'submissions', submission),
      '--course',
      course,
      '--assignment',
      'hw1',
      '--json',
    );
    expect(graded.code).toBe(0);
    const result = JSON.parse(graded.stdout) as GradingResult;
    expect(result.tests.map((test) => [test.name, test.score, test.status])).toEqual(
      EXPECTED.map((row) => [row[0], ...row[column]]),
    );
    expect(result).toMatchObject({ status: 'graded', score: total, max_score: MAX_SCORE });
  }, 120_000);
});

describe('the example Classroom file of examples/classroom', () => {
  const example = path.join(REPO_ROOT, 'examples', 'classroom');

  it('imports and grades each sample to its expected score', async () => {
    const expected = JSON.parse(await readFile(path.join(example, 'expected-scores.json'), 'utf8')) as Record<
      string,
      number
    >;
    const folder = path.join(tmp, 'example');
    const imported = await gradebot(
      'import',
      'classroom',
      path.join(example, 'autograding.json'),
      ...['--assignment', 'wc', '--image', 'gradebot/python:3', '--out', folder],
    );
    expect(imported.code).toBe(0);
    for (const [sample, score] of Object.entries(expected)) {
      const submission = path.join(example, 'submissions', sample);
      const graded = await gradebot('grade', submission, '--course', folder, '--assignment', 'wc', '--json');
      expect(graded.code).toBe(0);
      expect(JSON.parse(graded.stdout)).toMatchObject({ status: 'graded', score, max_score: 8 });
    }
  }, 120_000);
});
