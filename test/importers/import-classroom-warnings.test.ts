/**
 * What `gradebot import classroom` warns about an autograding.json whose tests all share a shape, as
 * real ones do (every test without input, every test with a `description`): one line for each
 * thing, naming the tests, so the warning that is about one test is not lost among dozens.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClassroomFile } from '../../src/importers/classroom/classroom-file.js';
import { importClassroom } from '../../src/importers/classroom/import-classroom.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-classroom-warnings-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function warningsOf(tests: Record<string, unknown>[]): Promise<string[]> {
  const file = path.join(tmp, 'autograding.json');
  await writeFile(file, JSON.stringify({ tests }));
  const options = {
    sourceName: 'autograding.json',
    assignment: 'hw',
    course: 'hw',
    image: 'gradebot/python:3',
    repos: undefined,
    due: '2026-12-01',
  };
  return (await importClassroom(file, options, ['gradebot/python:3'])).warnings;
}

const NO_INPUT =
  'no input; Classroom left standard input open here, gradebot gives end-of-file (a program that ' +
  'reads input now gets EOF instead of hanging until its timeout)';

describe('the warnings of an imported autograding.json', () => {
  it('are one line for what several tests share, in the place of the first, naming each test', async () => {
    const warnings = await warningsOf([
      { name: 'one', run: 'true', points: 1, description: 'first' },
      { name: 'two "quoted"', run: 'true', points: 1, description: 'second' },
      { name: 'three', run: 'true', input: '1', points: 1, comparison: 'exactt', output: 'x' },
      { name: 'four', run: 'true', points: 1 },
    ]);
    expect(warnings).toEqual([
      'tests "one" and "two \\"quoted\\"": unknown field "description" ignored, as Classroom does',
      `tests "one", "two \\"quoted\\"" and "four": ${NO_INPUT}`,
      'test "three": unknown comparison "exactt"; Classroom compares it as "included", and so does gradebot (match: contains)',
    ]);
  });

  it('stay one line per test when each says something of its own', async () => {
    const warnings = await warningsOf([
      { name: 'a', run: 'true', points: 1 },
      { name: 'b', run: 'true', input: '1', points: 1 },
    ]);
    expect(warnings).toEqual([`test "a": ${NO_INPUT}`]);
  });

  it('says that lone carriage returns in an expected output fail every submission, as in Classroom', async () => {
    // Lines ended by \r alone (a real file's expected output), beside \r\n and a trailing \r that
    // Classroom's normalisation removes.
    const warnings = await warningsOf([
      { name: 'lone', run: 'true', input: 'a\r\nb', output: 'Hi a.\rHi b.\r', points: 1 },
      { name: 'crlf', run: 'true', input: 'a', output: 'Hi a.\r\nHi b.\r\n', points: 1 },
      { name: 'pattern', run: 'true', input: 'a', output: 'a\rb', comparison: 'regex', points: 1 },
    ]);
    expect(warnings).toEqual([
      'test "lone": the expected output has carriage returns without a line feed (\\r); Classroom compared them ' +
        'as they are, so output with ordinary line ends never matched it, and neither does gradebot: write line ' +
        'feeds if lines were meant',
    ]);
  });
});

describe('the warnings of a test that reads the repository history', () => {
  it('say that git finds no history in the sandbox, in either format', async () => {
    // Real tests grep `git log` for commit messages; Classroom graded a clone, gradebot has no .git.
    const says = (field: string, call: string) =>
      `${field} runs ${call}, which reads the repository's history: Classroom ran the tests in a clone, ` +
      'gradebot runs them in the pushed files without .git, so it cannot read it here; check history outside the tests';
    const warnings = await warningsOf([
      { name: 'log', run: "git log --pretty=%B | tr '\\n' ' '", input: 'x', output: 'done', points: 1 },
      { name: 'not git', run: 'cat .gitignore; ./legit run; digit x', input: 'x', output: 'y', points: 1 },
    ]);
    expect(warnings).toEqual([`test "log": ${says('run', '"git log"')}`]);
    const workflow = parseClassroomFile(
      JSON.stringify({
        jobs: {
          grade: {
            steps: [
              {
                id: 't',
                uses: 'classroom-resources/autograding-command-grader@v1',
                with: { 'test-name': 't', command: 'git diff --stat HEAD~1 && git log -1' },
              },
              {
                uses: 'classroom-resources/autograding-grading-reporter@v1',
                env: { T_RESULTS: '${{ steps.t.outputs.result }}' },
                with: { runners: 't' },
              },
            ],
          },
        },
      }),
      'classroom.yml',
    );
    expect(workflow.warnings).toEqual([
      `classroom.yml:1: step t: ${says('command', '"git diff" and "git log"')}`,
    ]);
  });
});

describe('the warnings of a test that builds with Gradle or Maven', () => {
  it('say that the image must hold what the build would download, for the commands that run them', async () => {
    // Real tests: `./gradlew test --tests Quest1Test`, `mvn -q -B -Dtest=FilesTest verify`, `gradle test`.
    const says = (call: string) =>
      `run runs ${call}, which downloads the build tool or the project's dependencies unless they are ` +
      'already there; the sandbox has no network, so the grading image must hold them (run the build once ' +
      'while building the image)';
    const warnings = await warningsOf([
      { name: 'wrapper', setup: 'chmod u+x gradlew', run: './gradlew test --tests T', input: 'x', points: 1 },
      { name: 'maven', run: 'cd app && mvn -q verify', input: 'x', points: 1 },
      { name: 'plain', run: 'gradle test', input: 'x', points: 1 },
      { name: 'named only', run: 'cat mvn.log gradle.properties', input: 'x', points: 1 },
    ]);
    expect(warnings).toEqual([
      `test "wrapper": ${says('"./gradlew"')}`,
      `test "maven": ${says('"mvn"')}`,
      `test "plain": ${says('"gradle"')}`,
    ]);
  });
});
