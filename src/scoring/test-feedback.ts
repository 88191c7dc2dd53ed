/**
 * What a student needs to act on a failed visible declarative test: its command, its input (the first
 * lines, and where it comes from), the exit status, a compact diff of its output, and shell lines that
 * run it again in the repository's root folder. Only for a visible test: a hidden or after-due test's
 * input and expected output must not be kept in its result at all. Pure and bounded.
 */
import type { DeclarativeTest, TextSource } from '../course/types.js';
import type { ExecResult } from '../exec/exec-result.js';
import { capturedBytes, isTruncated } from '../exec/output-capture.js';
import { clip } from '../results/results-bounds.js';
import type { TestFeedback, TestResult } from '../results/results.js';
import { shellQuote } from '../text/shell-quote.js';
import { outputDiff } from './output-diff.js';

export const FEEDBACK_BOUNDS = {
  /** Characters of a command (the test's, its setup's, the build's); longer is cut, and not reproduced. */
  command: 1_000,
  /** Lines, and characters, of the input shown. */
  inputLines: 20,
  inputChars: 2_000,
} as const;

export interface FeedbackContext {
  /** The test's standard input as given, and its text; null without one. */
  stdin: { source: TextSource; text: string } | null;
  expectedStdout: string | null;
  run: ExecResult;
  /** The assignment's build command, run once before the tests; null without one. */
  build: string | null;
  image: string;
}

/** The result with its feedback when it is a failed visible test; otherwise the result as it was. */
export function withFeedback(
  result: TestResult,
  test: DeclarativeTest,
  context: FeedbackContext,
): TestResult {
  if (result.status === 'passed' || test.visibility !== 'visible') return result;
  return { ...result, feedback: testFeedback(test, context) };
}

function testFeedback(test: DeclarativeTest, context: FeedbackContext): TestFeedback {
  const { run, stdin, expectedStdout } = context;
  const actual = isTruncated(run.stdout) ? null : capturedBytes(run.stdout).toString('utf8');
  return {
    command: clip(test.run, FEEDBACK_BOUNDS.command),
    image: context.image,
    input: stdin && stdin.text !== '' ? inputExcerpt(stdin.source, stdin.text) : null,
    exit: { expected: test.exit, actual: run.timedOut ? null : run.exitCode },
    diff:
      expectedStdout !== null && actual !== null
        ? outputDiff(expectedStdout, actual, test.match, test.normalize)
        : null,
    reproduce: reproduce(test, context),
  };
}

function inputExcerpt(source: TextSource, text: string): NonNullable<TestFeedback['input']> {
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const first = lines.slice(0, FEEDBACK_BOUNDS.inputLines).join('\n');
  const excerpt = clip(first, FEEDBACK_BOUNDS.inputChars);
  return {
    file: fileOf(source),
    excerpt,
    lines: count,
    complete: excerpt === text || `${excerpt}\n` === text,
  };
}

/**
 * The build, the setup and the command, as the runner runs them in /autograder/submission, which
 * holds the repository's files; the input from the file the student saves it in (see
 * `inputFileName`), or none. Empty when a command is too long to show whole.
 */
function reproduce(test: DeclarativeTest, context: FeedbackContext): string[] {
  const commands = [context.build, test.setup, test.run].filter((c): c is string => c !== null);
  if (commands.some((command) => command.length > FEEDBACK_BOUNDS.command)) return [];
  const stdin = context.stdin;
  const from = stdin && stdin.text !== '' ? savedInputName(fileOf(stdin.source)) : '/dev/null';
  const target = /^[\w./-]+$/.test(from) ? from : shellQuote(from);
  return [...commands.slice(0, -1), `${asOneCommand(test.run)} < ${target}`];
}

/** Where the student saves the input shown: the input file's own name, or `input.txt`. */
export function savedInputName(file: string | null): string {
  return file?.split('/').at(-1) || 'input.txt';
}

function fileOf(source: TextSource): string | null {
  return source.kind === 'file' ? source.path : null;
}

/** A plain command takes the redirection as it is; anything else is run as the runner does, with `sh -c`. */
function asOneCommand(run: string): string {
  return /^[\w./=:+-]+(?: [\w./=:+-]+)*$/.test(run) ? run : `sh -c ${shellQuote(run)}`;
}
