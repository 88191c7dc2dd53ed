/**
 * classroom.yml read as the actions read it: which steps count, how each input is trimmed and
 * parsed, and every way a step can be one that Classroom could never score.
 */
import { describe, expect, it } from 'vitest';
import { parseClassroomFile } from '../../src/importers/classroom/classroom-file.js';
import { refusedWith } from './refused-with.js';

/** A workflow, in JSON (which YAML allows), with one grader step `t` that the reporter counts. */
function workflow(inputs: Record<string, unknown>, action = 'autograding-io-grader@v1'): string {
  return JSON.stringify({
    jobs: {
      grade: {
        steps: [
          { uses: 'actions/checkout@v4' },
          { id: 't', uses: `classroom-resources/${action}`, with: inputs },
          {
            uses: 'classroom-resources/autograding-grading-reporter@v1',
            env: { T_RESULTS: '${{ steps.t.outputs.result }}' },
            with: { runners: 't' },
          },
        ],
      },
    },
  });
}

const IO = { 'test-name': 'a', command: 'x', 'expected-output': 'y', 'comparison-method': 'exact' };

function problems(text: string): string[] {
  return refusedWith(() => parseClassroomFile(text, 'classroom.yml'));
}

describe('a classroom.yml grader step', () => {
  it('defaults to a 10-minute timeout and no points, as the actions do', () => {
    const { tests } = parseClassroomFile(workflow(IO), 'classroom.yml');
    expect(tests).toEqual([
      {
        name: 'a',
        setup: null,
        setupTimeoutMs: null,
        run: 'x',
        stdin: null,
        stdout: 'y',
        match: 'exact',
        normalize: 'ends',
        flags: null,
        junit: null,
        points: 0,
        timeoutMs: 600_000,
      },
    ]);
  });

  it('gives setup the whole timeout of its own, and reads minutes with parseFloat and points with parseInt', () => {
    const inputs = { ...IO, 'setup-command': ' make ', timeout: '0.5', 'max-score': '7 points' };
    const [test] = parseClassroomFile(workflow(inputs), 'classroom.yml').tests;
    expect(test).toMatchObject({ setup: 'make', setupTimeoutMs: 30_000, timeoutMs: 30_000, points: 7 });
  });

  it('warns about a command that needs root or the network, which the sandbox lacks', () => {
    const inputs = { ...IO, 'setup-command': 'sudo -H pip3 install pytest' };
    expect(parseClassroomFile(workflow(inputs), 'classroom.yml').warnings).toEqual([
      'classroom.yml:1: step t: setup-command runs "sudo" and "pip3 install", which need root or the network; the sandbox has neither, so install what the test needs in the grading image (--image)',
    ]);
    // A real setup line that installs, then downloads the test: both are named, not just the first.
    const chained = {
      ...IO,
      'setup-command': 'pip3 install pandas; rm -f t.py; wget https://example.org/t.py',
    };
    expect(parseClassroomFile(workflow(chained), 'classroom.yml').warnings).toEqual([
      'classroom.yml:1: step t: setup-command runs "pip3 install" and "wget", which need root or the network; the sandbox has neither, so install what the test needs in the grading image (--image)',
    ]);
  });

  it('maps a command-grader step to an exit-status-only test', () => {
    const [test] = parseClassroomFile(
      workflow({ 'test-name': 'c', command: 'make test', 'max-score': 3 }, 'autograding-command-grader@v1'),
      'classroom.yml',
    ).tests;
    expect(test).toMatchObject({ run: 'make test', stdout: null, match: null, points: 3 });
  });

  it('refuses steps the actions error on, all at once', () => {
    expect(
      problems(workflow({ command: 'x', 'comparison-method': 'included', timeout: 'soon', 'max-score': -1 })),
    ).toEqual([
      'classroom.yml:1: step t: comparison-method: expected exact, contains or regex, got "included"; the io-grader errors on anything else',
      'classroom.yml:1: step t: expected-output: missing or empty; the io-grader errors without it',
      'classroom.yml:1: step t: test-name: missing or empty; the action errors without it',
      'classroom.yml:1: step t: timeout: expected a number of minutes from 0 to 360 (a whole number of milliseconds), got "soon"',
      'classroom.yml:1: step t: max-score: expected a number of points, 0 or more, got "-1"',
    ]);
    expect(problems(workflow({ ...IO, 'comparison-method': 'regex', 'expected-output': '(' }))).toEqual([
      'classroom.yml:1: step t: expected-output: "(" is not a valid regular expression (unterminated group); the io-grader errors every time',
    ]);
  });

  it('finds the step of a runner whatever the case of its id, as Actions expressions do', () => {
    const text = workflow({ 'test-name': 'c', command: 'true' }, 'autograding-command-grader@v1').replace(
      '"id":"t"',
      '"id":"T"',
    );
    expect(parseClassroomFile(text, 'classroom.yml').tests.map((test) => test.name)).toEqual(['c']);
  });

  it('names a python-grader test after its step, and refuses the inputs the action refuses', () => {
    const text = workflow({ 'max-score': '6' }, 'autograding-python-grader@v1').replace(
      '"id":"t"',
      '"id":"t","name":"pytest suite"',
    );
    expect(parseClassroomFile(text, 'classroom.yml', 'gradebot/python:3').tests).toMatchObject([
      { name: 'pytest suite', junit: 'pytest.xml', points: 6, timeoutMs: 600_000, stdout: null },
    ]);
    expect(problems(workflow({ 'max-score': 'ten', timeout: '90' }, 'autograding-python-grader@v1'))).toEqual(
      [
        'classroom.yml:1: step t: max-score: expected a whole number of points, got "ten" (the Python grader refuses anything else and scores the step 0)',
        'classroom.yml:1: step t: timeout: expected a whole number of minutes from 1 to 60, got "90"',
      ],
    );
  });

  it('warns about inputs an action does not have, and ignores them as GitHub Actions does', () => {
    // Real workflows give the python-grader a command or a test file: the action never reads them.
    const text = workflow(
      { 'test-name': 'unit', command: 'pytest .grader/test-40.py', 'max-score': '4' },
      'autograding-python-grader@v1',
    );
    const parsed = parseClassroomFile(text, 'classroom.yml', 'gradebot/python:3');
    expect(parsed.tests).toMatchObject([{ name: 't', junit: 'pytest.xml', points: 4 }]);
    expect(parsed.tests[0]!.run).not.toContain('test-40');
    expect(parsed.warnings).toContain(
      'classroom.yml:1: step t: "test-name", "command": not an input of the python-grader, which has only ' +
        'timeout, max-score, setup-command; GitHub Actions ignores it and runs pytest over the *_test.py files ' +
        'without it, and so does gradebot',
    );
  });

  it('refuses a workflow without a reporter, since Classroom then records no score', () => {
    expect(problems('jobs:\n  a:\n    steps:\n      - run: make\n')).toEqual([
      'classroom.yml: no step uses classroom-resources/autograding-grading-reporter, so Classroom records no score; nothing to import',
    ]);
  });
});
