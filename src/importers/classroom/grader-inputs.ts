/**
 * The io-grader and command-grader steps of a classroom.yml as gradebot tests that score as the
 * actions do. The rules, from their sources: every input is read with `core.getInput`, which trims
 * it; `timeout` is `parseFloat(timeout || 10)` minutes and `max-score` is `parseInt(max-score || 0)`;
 * setup and command each get the whole timeout; a non-zero exit scores 0; the io-grader trims the
 * output and compares it to `expected-output` with `===`, `includes` or `new RegExp(expected)`.
 */
import { MAX_TIMEOUT_MINUTES, regexProblem } from './autograding-file.js';
import type { ImportedTest } from './map-test.js';
import { sandboxWarnings } from './sandbox-warnings.js';

/** A step's `with:` values as `core.getInput` returns them: strings, trimmed, '' when missing. */
export type StepInputs = (name: string) => string;

/**
 * A step's test; or the reasons Classroom could never score it (its action throws on the inputs);
 * or why the step is left out of the import.
 */
export type GraderStep =
  { test: ImportedTest; warnings: string[] } | { problems: string[] } | { skipped: string };

const COMPARISONS = new Set(['exact', 'contains', 'regex']);

export function ioGraderTest(input: StepInputs): GraderStep {
  const problems: string[] = [];
  const method = input('comparison-method');
  const expected = input('expected-output');
  if (!COMPARISONS.has(method)) {
    problems.push(
      `comparison-method: expected exact, contains or regex, got ${JSON.stringify(method)}; the io-grader errors on anything else`,
    );
  }
  if (expected === '') problems.push('expected-output: missing or empty; the io-grader errors without it');
  if (method === 'regex' && expected !== '') {
    const reason = regexProblem(expected);
    if (reason !== null) {
      problems.push(
        `expected-output: ${JSON.stringify(expected)} is not a valid regular expression (${reason}); the io-grader errors every time`,
      );
    }
  }
  const stdin = input('input');
  return commonTest(input, problems, {
    stdin: stdin === '' ? null : stdin,
    stdout: expected,
    match: method === 'contains' ? 'contains' : method === 'regex' ? 'regex' : 'exact',
    normalize: 'ends',
    flags: method === 'regex' ? '' : null,
  });
}

export function commandGraderTest(input: StepInputs): GraderStep {
  return commonTest(input, [], { stdin: null, stdout: null, match: null, normalize: null, flags: null });
}

type Comparison = Pick<ImportedTest, 'stdin' | 'stdout' | 'match' | 'normalize' | 'flags'>;

function commonTest(input: StepInputs, problems: string[], comparison: Comparison): GraderStep {
  const warnings: string[] = [];
  const name = input('test-name');
  const command = input('command');
  if (name === '') problems.push('test-name: missing or empty; the action errors without it');
  if (command === '') problems.push('command: missing or empty; the action errors without it');
  const timeout = timeoutMs(input('timeout'), problems, warnings);
  const points = maxScore(input('max-score'), problems, warnings);
  if (problems.length > 0 || timeout === null || points === null) return { problems };
  const setup = input('setup-command');
  warnings.push(
    ...sandboxWarnings([
      ['setup-command', setup],
      ['command', command],
    ]),
  );
  return {
    test: {
      name,
      setup: setup === '' ? null : setup,
      setupTimeoutMs: setup === '' ? null : timeout,
      run: command,
      ...comparison,
      junit: null,
      points,
      timeoutMs: timeout,
    },
    warnings,
  };
}

/** `parseFloat(timeout || 10) * 60000` ms, which Node's execSync needs as a whole number of 0 or more. */
function timeoutMs(raw: string, problems: string[], warnings: string[]): number | null {
  const ms = Number.parseFloat(raw || '10') * 60_000;
  const expected = `expected a number of minutes from 0 to ${MAX_TIMEOUT_MINUTES}`;
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMEOUT_MINUTES * 60_000) {
    problems.push(`timeout: ${expected} (a whole number of milliseconds), got ${JSON.stringify(raw)}`);
    return null;
  }
  if (ms === 0) {
    warnings.push(
      `timeout: 0 means no limit to the action; gradebot gives ${MAX_TIMEOUT_MINUTES} minutes, as long as a GitHub Actions job may run`,
    );
    return MAX_TIMEOUT_MINUTES * 60_000;
  }
  return ms;
}

/** `parseInt(max-score || 0)`: `2.5` is 2 and `10 points` is 10; a score that is not a number counts nothing. */
function maxScore(raw: string, problems: string[], warnings: string[]): number | null {
  const points = Number.parseInt(raw || '0', 10);
  if (Number.isNaN(points)) {
    warnings.push(
      `max-score: ${JSON.stringify(raw)} is not a number to the action, so the step counts for nothing (points: 0)`,
    );
    return 0;
  }
  if (points < 0) {
    problems.push(`max-score: expected a number of points, 0 or more, got ${JSON.stringify(raw)}`);
    return null;
  }
  if (String(points) !== raw && raw !== '') {
    warnings.push(`max-score: the action reads ${JSON.stringify(raw)} as ${points} (parseInt)`);
  }
  return points;
}
