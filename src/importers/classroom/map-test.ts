/**
 * One Classroom test as a gradebot test that passes and fails exactly when Classroom's runner would
 * pass or fail it. The rules, from the runner: stdout only, both sides with CRLF made LF and then
 * trimmed; the process must exit 0; no output is compared when neither input nor output is given.
 */
import type { Normalization } from '../../course/types.js';
import type { ClassroomTest } from './autograding-file.js';
import { pipSetupAdvice } from './pip-install.js';
import { sandboxWarnings } from './sandbox-warnings.js';

/** A gradebot test as the import means it, in the units of the loaded course. */
export interface ImportedTest {
  name: string;
  setup: string | null;
  /** Setup's own time limit, the run then getting all of timeoutMs; null when they share it. */
  setupTimeoutMs: number | null;
  run: string;
  stdin: string | null;
  /** Null when only the exit status decides. */
  stdout: string | null;
  /** Null exactly when stdout is. */
  match: 'exact' | 'contains' | 'regex' | null;
  /** `trim` (autograding.json) or `ends` (the io-grader) whenever output is compared. */
  normalize: Normalization | null;
  /** Regex flags: none, as Classroom builds `new RegExp(output)`; null for other matches. */
  flags: string | null;
  /** The JUnit report whose cases share the points (the python-grader), or null: all or nothing. */
  junit: string | null;
  points: number;
  timeoutMs: number;
}

const MATCHES = new Map<string, 'exact' | 'contains' | 'regex'>([
  ['exact', 'exact'],
  ['included', 'contains'],
  ['regex', 'regex'],
]);

/** @param image the grading image, which decides whether a pip-install setup is dropped */
export function mapTest(test: ClassroomTest, image = ''): { test: ImportedTest; warnings: string[] } {
  const label = `test ${JSON.stringify(test.name)}`;
  const warnings: string[] = [];
  const pip = test.setup ? pipSetupAdvice(test.setup, image) : null;
  if (pip) warnings.push(`${label}: ${pip.warning}`);
  const setup = pip?.drop ? null : test.setup || null;
  // Classroom reads every one of these fields with `||`, so an empty value is the same as none.
  const input = test.input || null;
  const output = test.output || null;
  const comparison = test.comparison ?? null;
  if (input === null) {
    warnings.push(
      `${label}: no input; Classroom left standard input open here, gradebot gives end-of-file ` +
        '(a program that reads input now gets EOF instead of hanging until its timeout)',
    );
  }
  if (comparison !== null && !MATCHES.has(comparison)) {
    warnings.push(
      `${label}: unknown comparison ${JSON.stringify(comparison)}; Classroom compares it as "included", ` +
        'and so does gradebot (match: contains)',
    );
  }
  const commands: [string, string | null | undefined][] = [
    ['setup', pip ? null : test.setup],
    ['run', test.run],
  ];
  warnings.push(...sandboxWarnings(commands).map((warning) => `${label}: ${warning}`));
  if (output?.includes('\u001b[')) {
    warnings.push(
      `${label}: the expected output has terminal colour codes; Classroom set FORCE_COLOR=true, ` +
        'gradebot does not, so programs that colour only when asked print plain text',
    );
  }

  const checked = input !== null || output !== null;
  const match = checked ? (MATCHES.get(comparison ?? 'included') ?? 'contains') : null;
  if (output !== null && match !== 'regex' && output.replace(/\r\n/g, '\n').trim().includes('\r')) {
    warnings.push(
      `${label}: the expected output has carriage returns without a line feed (\\r); Classroom compared ` +
        'them as they are, so output with ordinary line ends never matched it, and neither does gradebot: ' +
        'write line feeds if lines were meant',
    );
  }
  return {
    test: {
      name: test.name,
      setup,
      setupTimeoutMs: null,
      run: test.run,
      stdin: input,
      stdout: checked ? (output ?? '') : null,
      match,
      normalize: checked ? 'trim' : null,
      flags: match === 'regex' ? '' : null,
      junit: null,
      points: test.points ?? 0,
      timeoutMs: timeoutMs(test.timeout),
    },
    warnings,
  };
}

/** Classroom's `(timeout || 1) * 60 * 1000`: minutes, fractions allowed, 0 or none is one minute. */
function timeoutMs(minutes: number | null | undefined): number {
  return Math.max(1, Math.round((minutes || 1) * 60_000));
}
