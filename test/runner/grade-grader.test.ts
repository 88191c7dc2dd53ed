/**
 * Grading with a Gradescope-style grader, through the real `gradeSubmission` and a real course
 * fixture, with a fake sandbox whose results folder the test fills: results.json parsed into the
 * score and text the student reads; an oversize or unsafe file refused as the submission's doing; a
 * missing or unusable one an error for staff. No Docker: the same behaviours are graded for real in
 * the tests each case names.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import type { GradingResult } from '../../src/results/results.js';
import { PATHS } from '../../src/runner/sandbox/sandbox.js';
import { fakeProvider, type FakeProvider, type SandboxScript } from '../helpers/fake-sandbox.js';
import { FIXTURES, gradeFixture, loadFixtureCourse } from '../helpers/grading.js';
import type { ScriptedRun } from '../helpers/scripted-output.js';

/** Never read by the fake; its name is the student's. */
const SUBMISSION = path.join(FIXTURES, 'feedback-course', 'submission');
const SUBMITTED_AT = new Date('2026-11-01T12:00:00Z');
/** The copy of what the image prepared (prepared-source.ts): nothing to add in these images. */
const PREPARED = { match: new RegExp(`${PATHS.preparedAutograder}/source`) };
const GRADER = `'${PATHS.source}/run_autograder'`;
const MiB = 1024 * 1024;

let course: Course;
let provider: FakeProvider | null = null;

beforeAll(async () => {
  // The adversarial results course: `with-points` is worth 10 points, its grader runs as the sandbox user.
  course = await loadFixtureCourse('adversarial/results-course');
});

afterEach(() => {
  for (const sandbox of provider?.sandboxes ?? []) expect(sandbox.destroyed).toBe(true);
  provider?.verify();
  provider = null;
});

/** Grades `with-points` with a grader that did `run` and left `results` in the results folder. */
async function grade(run: ScriptedRun, results: SandboxScript['results'] = {}): Promise<GradingResult> {
  provider = fakeProvider({ exec: [PREPARED, { match: GRADER, result: run }], results });
  return (await gradeFixture(provider, course, 'with-points', SUBMISSION, SUBMITTED_AT)).result;
}

/** The result's verdict, for comparing in one `toEqual`. */
function verdict(result: GradingResult) {
  return { status: result.status, fault: result.fault, score: result.score, output: result.output };
}

describe('a grader that writes results.json', () => {
  // Graded for real: test/adversarial/results-bounds.test.ts, "finding 9".
  it('is scored from the file, with the grader’s stdout shown when the file says so', async () => {
    const results = {
      score: 7,
      output: 'Well done.',
      stdout_visibility: 'visible',
      tests: [
        { name: 'area', score: 5, max_score: 5 },
        { name: 'perimeter', score: 2, max_score: 5, output: 'expected 12, got 10' },
      ],
    };
    const result = await grade(
      { stdout: 'running 2 tests\n', stderr: 'a warning\n' },
      { 'results.json': JSON.stringify(results) },
    );
    expect(verdict(result)).toEqual({
      status: 'graded',
      fault: undefined,
      score: 7,
      output: 'Well done.\n\nGrader output:\nrunning 2 tests\n',
    });
    expect(result).toMatchObject({ max_score: 10, raw_score: 7 });
    expect(result.tests.map((test) => [test.name, test.score, test.max_score, test.output])).toEqual([
      ['area', 5, 5, ''],
      ['perimeter', 2, 5, 'expected 12, got 10'],
    ]);
    expect(result.staff_output).toBe(
      '--- grader stdout ---\nrunning 2 tests\n\n--- grader stderr ---\na warning\n',
    );
    const sandbox = provider!.sandboxes[0]!;
    expect(provider!.created[0]).toMatchObject({ writableSource: true, asRoot: false });
    expect(sandbox.steps()).toEqual([
      'copyIn source',
      'copyIn submission',
      'copyInFile submission_metadata.json',
      expect.stringMatching(PREPARED.match),
      `exec: ${GRADER}`,
      'copyOutResults results.json',
    ]);
  });

  it('that is not valid JSON is an error for staff, not the student’s fault', async () => {
    const result = await grade({}, { 'results.json': '{"score": ' });
    expect(result).toMatchObject({ status: 'error', score: 0 });
    expect(result.fault).toBeUndefined();
    // The parser's own words after the position are Node's, which change between versions.
    expect(result.output).toMatch(
      /^results\.json is not usable: results\.json is not valid JSON at line 1, column 11: /,
    );
  });
});

describe('a results file the submission made unsafe', () => {
  // Graded for real: test/adversarial/forced-infra-errors.test.ts, "a sparse results.json of 100 GiB".
  it('too large to read back is refused as the submission’s fault', async () => {
    const result = await grade({}, { 'results.json': Buffer.alloc(10 * MiB + 1) });
    expect(verdict(result)).toEqual({
      status: 'error',
      fault: 'submission',
      score: 0,
      output: 'The results were refused: results.json takes 10 MiB, more than the 10 MiB that are read back.',
    });
  });

  // Graded for real: test/adversarial/attacks.test.ts, "refuses symlinks planted in /autograder/results".
  it('a symbolic link is refused as the submission’s fault', async () => {
    const result = await grade({}, { 'results.json': { symlink: '/etc/shadow' } });
    expect(verdict(result)).toEqual({
      status: 'error',
      fault: 'submission',
      score: 0,
      output: 'The results were refused: a symbolic link results.json -> /etc/shadow.',
    });
  });
});

describe('a grader that wrote no results', () => {
  it('is an error that gives its exit status, with its output kept for staff', async () => {
    const result = await grade({ exitCode: 1, stderr: 'Traceback: ImportError\n' });
    expect(verdict(result)).toEqual({
      status: 'error',
      fault: undefined,
      score: 0,
      output: 'The grader did not write /autograder/results/results.json (exit status 1).',
    });
    expect(result.staff_output).toBe('--- grader stderr ---\nTraceback: ImportError\n');
  });

  it('because it ran out of time scores nothing, and reads nothing back', async () => {
    const result = await grade({ timedOut: true }, { 'results.json': '{"score": 10}' });
    expect(verdict(result)).toEqual({
      status: 'graded',
      fault: undefined,
      score: 0,
      output: "The grader did not finish within the job's 1 min limit.",
    });
    expect(provider!.sandboxes[0]!.steps().at(-1)).toBe(`exec: ${GRADER}`);
  });
});
