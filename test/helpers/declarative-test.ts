/**
 * A declarative test as the course loader makes it, for pure tests of scoring and reporting; and
 * the feedback that grading `SUMS` with a wrong answer (`total\n6\n`) keeps, which the check-run
 * snapshots show.
 */
import type { DeclarativeTest } from '../../src/course/types.js';
import type { TestFeedback } from '../../src/results/results.js';

export function declarativeTest(overrides: Partial<DeclarativeTest> = {}): DeclarativeTest {
  return {
    name: 'prints hello',
    setup: null,
    setupTimeoutMs: null,
    run: './hello',
    stdin: null,
    stdout: { kind: 'text', text: 'hello\n' },
    match: 'trimmed',
    normalize: 'newlines',
    regexFlags: 'm',
    exit: 0,
    points: 5,
    junit: null,
    timeoutMs: 2000,
    visibility: 'visible',
    ...overrides,
  };
}

/** Reads `2 3` from tests/in1.txt and must print `total` then `5`; built with `make` in gradebot/c:12. */
export const SUMS = declarativeTest({
  name: 'sums two numbers',
  run: './sum',
  stdin: { kind: 'file', path: 'tests/in1.txt' },
  stdout: { kind: 'file', path: 'expected/out1.txt' },
});

export const SUMS_FEEDBACK: TestFeedback = {
  command: './sum',
  image: 'gradebot/c:12',
  input: { file: 'tests/in1.txt', excerpt: '2 3\n', lines: 1, complete: true },
  exit: { expected: 0, actual: 1 },
  diff: { from_line: 1, lines: ['  total', '- 5', '+ 6'] },
  reproduce: ['make', './sum < in1.txt'],
};
