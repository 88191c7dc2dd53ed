/**
 * A `classroom-resources/autograding-python-grader` step of a classroom.yml as one gradebot test.
 * The rules, from the action's `bin/run.sh` and `action.yml`: `setup-command` is run first (with no
 * time limit of its own), then pytest (`-s --tb=no`) over every `*_test.py` file of the repository
 * (plain pytest discovery when there is none), within `timeout` minutes (whole minutes, 10 by
 * default, at most 60); each passing test earns `max-score / N` of N (`max-score` is an `int` to
 * the action, empty being 0). The test below writes pytest's JUnit report and is scored per case
 * from it (`junit`), so 2 of 3 passing of 10 points is 6.67 here as there.
 */
import { PATHS } from '../../runner/sandbox/sandbox.js';
import type { GraderStep, StepInputs } from './grader-inputs.js';
import { sandboxWarnings } from './sandbox-warnings.js';
import { pipSetupAdvice } from './pip-install.js';

/** The report's name in /autograder/results. */
export const PYTEST_REPORT = 'pytest.xml';
/** action.yml's default timeout, in minutes. */
const DEFAULT_TIMEOUT_MINUTES = 10;
/** action.yml's documented maximum, in minutes. */
const MAX_TIMEOUT_MINUTES = 60;

const PYTEST = `python3 -m pytest -s --tb=no -p no:cacheprovider --junit-xml=${PATHS.results}/${PYTEST_REPORT}`;
/** `find … -exec … {} +` runs nothing when nothing is found, so that case gets plain discovery. */
const RUN =
  'if [ -n "$(find . -type f -name \'*_test.py\' | head -n 1)" ]; then ' +
  `find . -type f -name '*_test.py' -exec ${PYTEST} {} +; else ${PYTEST}; fi`;

/**
 * @param name the step's name (else its id), shown to students as the test's name
 * @param image the grading image, which decides whether a pip-install setup-command is dropped
 */
export function pythonGraderTest(input: StepInputs, name: string, image: string): GraderStep {
  const problems: string[] = [];
  const points = maxScore(input('max-score'), problems);
  const minutes = timeoutMinutes(input('timeout'), problems);
  if (points === null || minutes === null) return { problems };
  const warnings: string[] = [];
  let setup = input('setup-command') || null;
  const pip = setup === null ? null : pipSetupAdvice(setup, image);
  if (pip) warnings.push(pip.warning);
  if (pip?.drop) setup = null;
  else if (!pip) warnings.push(...sandboxWarnings([['setup-command', setup]]));
  const timeoutMs = minutes * 60_000;
  return {
    test: {
      name,
      setup,
      setupTimeoutMs: setup === null ? null : timeoutMs,
      run: RUN,
      stdin: null,
      stdout: null,
      match: null,
      normalize: null,
      flags: null,
      junit: PYTEST_REPORT,
      points,
      timeoutMs,
    },
    warnings,
  };
}

/** The action hands max-score to argparse as `int`: empty is 0, anything but a whole number fails. */
function maxScore(text: string, problems: string[]): number | null {
  if (text === '') return 0;
  if (!/^[+-]?\d+$/.test(text) || Number(text) < 0) {
    problems.push(
      `max-score: expected a whole number of points, got ${JSON.stringify(text)} ` +
        '(the Python grader refuses anything else and scores the step 0)',
    );
    return null;
  }
  return Number(text);
}

/** The action multiplies the minutes in shell arithmetic: whole numbers only. */
function timeoutMinutes(text: string, problems: string[]): number | null {
  if (text === '') return DEFAULT_TIMEOUT_MINUTES;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_TIMEOUT_MINUTES) {
    problems.push(
      `timeout: expected a whole number of minutes from 1 to ${MAX_TIMEOUT_MINUTES}, got ${JSON.stringify(text)}`,
    );
    return null;
  }
  return Number(text);
}
