/**
 * A `classroom-resources/autograding-python-grader` step of a classroom.yml as one course-file test.
 * The action runs pytest (`-s --tb=no`) over every `*_test.py` file of the repository (plain pytest
 * discovery when there is none), after `setup-command`, and gives each passing test
 * `max-score / N` of N: the test below writes pytest's JUnit report and is scored per case from it
 * (`junit`), so 2 of 3 passing of 10 points is 6.67 here as there.
 */
import { PATHS } from '../runner/sandbox/container-config.js';
import { durationText } from './classroom/duration-text.js';
import { pipSetupAdvice } from './classroom/pip-install.js';

/** The step's `with:` inputs as the workflow file gives them (YAML may make numbers of them). */
export interface PythonGraderStep {
  /** The step's name or id, shown to students as the test's name. */
  name: string;
  timeout?: string | number | null;
  'max-score'?: string | number | null;
  'setup-command'?: string | null;
}

export interface PythonGraderTest {
  /** The test as written in the course file, fields in reading order. */
  fields: Record<string, string | number>;
  /** One line each, without a `warning:` prefix. */
  warnings: string[];
}

/** The report's name in /autograder/results. */
export const PYTEST_REPORT = 'pytest.xml';
/** action.yml's default timeout, in minutes. */
const DEFAULT_TIMEOUT_MINUTES = 10;

const PYTEST = `python3 -m pytest -s --tb=no -p no:cacheprovider --junit-xml=${PATHS.results}/${PYTEST_REPORT}`;
/** `find … -exec … {} +` runs nothing when nothing is found, so that case gets plain discovery. */
const RUN =
  'if [ -n "$(find . -type f -name \'*_test.py\' | head -n 1)" ]; then ' +
  `find . -type f -name '*_test.py' -exec ${PYTEST} {} +; else ${PYTEST}; fi`;

/**
 * @param image the grading image, which decides whether a pip-install setup-command is dropped
 * @throws Error with a one-line message naming the step when an input is one the action refuses
 */
export function pythonGraderTest(step: PythonGraderStep, image: string): PythonGraderTest {
  const label = `step ${JSON.stringify(step.name)}`;
  const warnings: string[] = [];
  const points = maxScore(step['max-score'], label);
  const minutes = timeoutMinutes(step.timeout, label);
  let setup = step['setup-command']?.trim() || null;
  const pip = setup === null ? null : pipSetupAdvice(setup, image);
  if (pip) warnings.push(`${label}: ${pip.warning}`);
  if (pip?.drop) setup = null;
  return {
    fields: {
      name: step.name,
      ...(setup === null ? {} : { setup }),
      run: RUN,
      junit: PYTEST_REPORT,
      points,
      timeout: durationText(minutes * 60_000),
    },
    warnings,
  };
}

/** The action hands max-score to argparse as `int`: empty is 0, anything but a whole number fails. */
function maxScore(value: string | number | null | undefined, label: string): number {
  const text = String(value ?? '').trim();
  if (text === '') return 0;
  if (!/^[+-]?\d+$/.test(text) || Number(text) < 0) {
    throw new Error(
      `${label}: max-score: expected a whole number of points, got ${JSON.stringify(value)} ` +
        '(the Python grader refuses anything else and scores the step 0)',
    );
  }
  return Number(text);
}

/** The action multiplies the minutes in shell arithmetic: whole numbers only, at most 60 per action.yml. */
function timeoutMinutes(value: string | number | null | undefined, label: string): number {
  const text = String(value ?? '').trim();
  if (text === '') return DEFAULT_TIMEOUT_MINUTES;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 60) {
    throw new Error(
      `${label}: timeout: expected a whole number of minutes from 1 to 60, got ${JSON.stringify(value)}`,
    );
  }
  return Number(text);
}
