/**
 * Grading a declarative assignment, through the real `gradeSubmission` and a real course fixture,
 * with a fake sandbox whose commands say what they did: how a failed or endless build, a wrong
 * output, a timeout, a stopped sandbox and an engine failure become the result the student reads,
 * and that the sandbox is removed on every path. No Docker: the same behaviours are graded for real
 * in the tests each case names.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import {
  SandboxInfrastructureError,
  SandboxStoppedError,
  SubmissionTooLargeError,
} from '../../src/runner/sandbox/sandbox-errors.js';
import { fakeProvider, type FakeProvider, type SandboxScript } from '../helpers/fake-sandbox.js';
import { FIXTURES, gradeFixture, loadFixtureCourse } from '../helpers/grading.js';

/** Never read by the fake; its name is the student's. */
const SUBMISSION = path.join(FIXTURES, 'adversarial', 'submissions', 'infinite-loop');
const SUBMITTED_AT = new Date('2026-11-01T12:00:00Z');
/** The adversarial course's `attack` assignment: `sh ./attack.sh` must print `survived`, then `echo alive`. */
const ATTACK = 'sh ./attack.sh';
const ALIVE = { match: 'echo alive', result: { stdout: 'alive\n' } };

let adversarial: Course;
let feedback: Course;
let provider: FakeProvider | null = null;

beforeAll(async () => {
  adversarial = await loadFixtureCourse('adversarial/course');
  feedback = await loadFixtureCourse('feedback-course');
});

afterEach(() => {
  // Like the Docker tests' leftover count: every sandbox made is removed, whatever happened.
  for (const sandbox of provider?.sandboxes ?? []) expect(sandbox.destroyed).toBe(true);
  provider?.verify();
  provider = null;
});

async function grade(script: SandboxScript, assignment: string, course = adversarial) {
  provider = fakeProvider(script);
  return (await gradeFixture(provider, course, assignment, SUBMISSION, SUBMITTED_AT)).result;
}

const sandbox = () => provider!.sandboxes[0]!;

describe('a build step', () => {
  // Graded for real: test/adversarial/attacks.test.ts, "ends a build step that never finishes".
  it('that fails fails every test with its reason, and the build log is the output', async () => {
    const result = await grade(
      {
        exec: [
          { match: ATTACK, result: { exitCode: 2, stdout: 'compiling\n', stderr: 'error: missing ;\n' } },
        ],
      },
      'build-forever',
    );
    expect(result).toMatchObject({
      status: 'graded',
      score: 0,
      max_score: 1,
      output: 'compiling\n\nerror: missing ;\n',
    });
    expect(result.tests).toEqual([
      {
        name: 'never reached',
        score: 0,
        max_score: 1,
        status: 'error',
        output: 'The build failed, so this test was not run.\n\nthe build failed (exit status 2)',
        visibility: 'visible',
        duration_ms: 0,
      },
    ]);
    expect(sandbox().steps()).toEqual(['copyIn source', 'copyIn submission', `exec: ${ATTACK}`]);
  });

  it('that does not finish in its time says so', async () => {
    const result = await grade({ exec: [{ match: ATTACK, result: { timedOut: true } }] }, 'build-forever');
    expect(result.tests.map((test) => [test.status, test.score, test.output])).toEqual([
      ['error', 0, 'The build failed, so this test was not run.\n\nthe build did not finish within 3 s'],
    ]);
  });
});

describe('the tests', () => {
  it('score what matched: a wrong output fails with its difference, the next test still passes', async () => {
    const result = await grade({ exec: [{ match: ATTACK, result: { stdout: 'died\n' } }, ALIVE] }, 'attack');
    expect(result).toMatchObject({ status: 'graded', score: 1, max_score: 2, raw_score: 1 });
    expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['attack', 'failed', 0],
      ['still alive', 'passed', 1],
    ]);
    expect(result.tests[0]!.output).toBe(
      'stdout: line 1: expected "survived", got "died"\n\n--- stdout ---\ndied\n--- stderr (empty) ---',
    );
    expect(result.tests[0]!.feedback).toEqual({
      command: ATTACK,
      image: 'gradebot/python:3',
      input: null,
      exit: { expected: 0, actual: 0 },
      diff: { from_line: 1, lines: ['- survived', '+ died'] },
      reproduce: [`${ATTACK} < /dev/null`],
    });
    expect(result.tests[1]!.feedback).toBeUndefined();
  });

  // Graded for real: test/adversarial/attacks.test.ts, "times out an infinite loop from outside".
  it('time out one test, and go on with the next', async () => {
    const result = await grade(
      { exec: [{ match: ATTACK, result: { timedOut: true, stdout: 'loop\n' } }, ALIVE] },
      'attack',
    );
    expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['attack', 'timeout', 0],
      ['still alive', 'passed', 1],
    ]);
    expect(result.tests[0]!.output).toBe(
      'timed out after 4 s\n\n--- stdout ---\nloop\n--- stderr (empty) ---',
    );
    expect(result.tests[0]!.duration_ms).toBe(4_000);
  });

  // Graded for real: test/adversarial/attacks.test.ts, "contains a fork bomb that keeps retrying".
  it('that follow a stopped sandbox are not run, and say why', async () => {
    const stopped = new SandboxStoppedError('the sandbox was stopped');
    const result = await grade({ exec: [{ match: ATTACK, throws: stopped }] }, 'attack');
    expect(result).toMatchObject({ status: 'graded', score: 0, max_score: 2 });
    const why = 'Not run: the sandbox was stopped after an earlier step could not be contained';
    expect(result.tests.map((test) => [test.name, test.status, test.output])).toEqual([
      ['attack', 'error', why],
      ['still alive', 'error', why],
    ]);
    expect(sandbox().steps()).toEqual(['copyIn source', 'copyIn submission', `exec: ${ATTACK}`]);
  });

  // Graded for real: test/adversarial/sandbox-isolation.test.ts, "between the tests of one job".
  it('with hidden ones each start from the saved submission, and never show a hidden expected output', async () => {
    const result = await grade(
      {
        exec: [
          { match: 'echo visible', result: { stdout: 'visible\n' } },
          { match: 'echo HIDDEN-OUTPUT-LEAK', result: { stdout: 'HIDDEN-OUTPUT-LEAK\n' } },
          { match: 'echo AFTER-DUE-OUTPUT-LEAK', result: { stdout: 'AFTER-DUE-OUTPUT-LEAK\n' } },
        ],
      },
      'no-due',
      feedback,
    );
    expect(sandbox().steps()).toEqual([
      'copyIn source',
      'copyIn submission',
      'saveSubmission',
      'resetBetweenTests',
      'exec: echo visible',
      'resetBetweenTests',
      'exec: echo HIDDEN-OUTPUT-LEAK',
      'resetBetweenTests',
      'exec: echo AFTER-DUE-OUTPUT-LEAK',
    ]);
    expect(result).toMatchObject({ status: 'graded', score: 1, max_score: 19 });
    expect(result.tests.map((test) => [test.name, test.status, test.visibility])).toEqual([
      ['visible one', 'passed', 'visible'],
      ['secret hidden test', 'failed', 'hidden'],
      ['secret after-due test', 'failed', 'after_due'],
    ]);
    expect(result.tests[1]!.output).toMatch(/^stdout: did not match the expected output\n/);
    expect(result.tests.map((test) => test.feedback)).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(result)).not.toContain('something else');
  });
});

describe('what is not the tests’ doing', () => {
  // Graded for real: test/adversarial/attacks.test.ts, "rejects a submission larger than the writable space".
  it('a submission too large to copy in is rejected as the submission’s fault, without running anything', async () => {
    const tooLarge = new SubmissionTooLargeError(
      'the submission is larger than the sandbox’s writable space (32 MiB)',
    );
    const result = await grade({ copyIn: { submission: tooLarge } }, 'attack');
    expect(result).toMatchObject({
      status: 'rejected',
      fault: 'submission',
      score: 0,
      tests: [],
      output: 'the submission is larger than the sandbox’s writable space (32 MiB); it was not graded.',
    });
  });

  // Met for real: test/runner/sandbox-faults.test.ts, "a sandbox whose container goes away".
  it('an engine failure is thrown for a retry, and the sandbox is still removed', async () => {
    const gone = new SandboxInfrastructureError('the sandbox’s container stopped while `sh ./attack.sh` ran');
    await expect(grade({ exec: [{ match: ATTACK, throws: gone }] }, 'attack')).rejects.toBe(gone);
    expect(sandbox().destroyed).toBe(true);
  });
});
