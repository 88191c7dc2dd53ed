/**
 * The feedback a failed visible test keeps for its student (command, input, exit status, diff,
 * reproduction), that a hidden or after-due test keeps none of it, and its bounds.
 */
import { describe, expect, it } from 'vitest';
import type { DeclarativeTest } from '../../src/course/types.js';
import type { ExecResult } from '../../src/exec/exec-result.js';
import { OutputCapture } from '../../src/exec/output-capture.js';
import { DIFF_BOUNDS, outputDiff } from '../../src/scoring/output-diff.js';
import { scoreDeclarativeTest } from '../../src/scoring/score-test.js';
import { FEEDBACK_BOUNDS, withFeedback, type FeedbackContext } from '../../src/scoring/test-feedback.js';
import { SUMS, SUMS_FEEDBACK } from '../helpers/declarative-test.js';

const test = SUMS;

function run(stdout: string, exitCode: number | null = 1): ExecResult {
  const capture = new OutputCapture(1024 * 1024);
  capture.push(Buffer.from(stdout));
  const empty = new OutputCapture(1024).result();
  return { exitCode, stdout: capture.result(), stderr: empty, timedOut: exitCode === null, durationMs: 5 };
}

function graded(t: DeclarativeTest, context: Partial<FeedbackContext> & { run: ExecResult }) {
  const full: FeedbackContext = {
    stdin: t.stdin ? { source: t.stdin, text: '2 3\n' } : null,
    expectedStdout: 'total\n5\n',
    build: 'make',
    image: 'gradebot/c:12',
    ...context,
  };
  return withFeedback(scoreDeclarativeTest(t, full.expectedStdout, full.run, null), t, full);
}

describe('the feedback of a failed I/O test', () => {
  it('has the command, the input and its file, the exit status, a diff and the lines that reproduce it', () => {
    expect(graded(test, { run: run('total\n6\n') }).feedback).toEqual(SUMS_FEEDBACK);
  });

  it('runs a command with shell syntax through sh -c, with an empty input from /dev/null', () => {
    const piped = { ...test, run: "./sum | tr -d ' '", stdin: null };
    const feedback = graded(piped, { run: run('total\n6\n'), build: null }).feedback!;
    expect(feedback.input).toBeNull();
    expect(feedback.reproduce).toEqual([`sh -c './sum | tr -d '\\'' '\\''' < /dev/null`]);
  });

  it('says a timed-out command has no exit status, and has no diff when only the exit status was wrong', () => {
    expect(graded(test, { run: run('total\n5\n', null) }).feedback).toMatchObject({
      exit: { expected: 0, actual: null },
      diff: null,
    });
  });

  it('is kept by no test that is not visible, and by no test that passed', () => {
    for (const visibility of ['hidden', 'after_due'] as const) {
      const result = graded({ ...test, visibility }, { run: run('total\n6\n') });
      expect(result.status).toBe('failed');
      expect(result.feedback).toBeUndefined();
      expect(JSON.stringify(result)).not.toMatch(/2 3|total\\n5/);
    }
    expect(graded(test, { run: run('total\n5\n', 0) }).feedback).toBeUndefined();
  });

  it('is bounded: a huge input, command and output are cut, and a command too long is not reproduced', () => {
    const huge = { ...test, run: `./sum ${'x'.repeat(100_000)}` };
    const input = `${'1 2 3 '.repeat(10_000)}\n`.repeat(1_000);
    const feedback = graded(huge, {
      stdin: { source: { kind: 'text', text: input }, text: input },
      run: run(`${'y'.repeat(5_000)}\n`.repeat(100)),
      expectedStdout: `${'z'.repeat(5_000)}\n`.repeat(100),
    }).feedback!;
    expect(feedback.command.length).toBeLessThanOrEqual(FEEDBACK_BOUNDS.command);
    expect(feedback.input).toMatchObject({ file: null, lines: 1_000, complete: false });
    expect(feedback.input!.excerpt.length).toBeLessThanOrEqual(FEEDBACK_BOUNDS.inputChars);
    expect(feedback.diff!.lines.length).toBeLessThanOrEqual(DIFF_BOUNDS.lines);
    for (const line of feedback.diff!.lines)
      expect(line.length).toBeLessThanOrEqual(DIFF_BOUNDS.lineLength + 2);
    expect(feedback.reproduce).toEqual([]);
    expect(JSON.stringify(feedback).length).toBeLessThan(10_000);
  });
});

describe('outputDiff', () => {
  it('compares exact output as it is, showing carriage returns and a missing last line', () => {
    expect(outputDiff('a\nb\nc\n', 'a\r\nb\n', 'exact', 'none')).toEqual({
      from_line: 1,
      lines: ['- a', '+ a\\r', '  b', '- c', '+ ', '- '],
    });
  });

  it('has nothing to set side by side for contains and regex, nor for equal lines', () => {
    expect(outputDiff('x', 'y', 'contains', 'newlines')).toBeNull();
    expect(outputDiff('x', 'y', 'regex', 'newlines')).toBeNull();
    expect(outputDiff('x\n', '\nx  \n\n', 'trimmed', 'newlines')).toBeNull();
  });
});
