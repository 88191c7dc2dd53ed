import { describe, expect, it } from 'vitest';
import type { DeclarativeTest } from '../../src/course/types.js';
import type { CapturedOutput, ExecResult } from '../../src/exec/exec-result.js';
import { OutputCapture } from '../../src/exec/output-capture.js';
import {
  buildFailedResult,
  describeExitCode,
  notRunResult,
  scoreDeclarativeTest,
} from '../../src/scoring/score-test.js';
import { declarativeTest } from '../helpers/declarative-test.js';

const test: DeclarativeTest = declarativeTest();

function out(text: string | Buffer, limit = 1024 * 1024): CapturedOutput {
  const c = new OutputCapture(limit);
  c.push(typeof text === 'string' ? Buffer.from(text) : text);
  return c.result();
}

function run(overrides: Partial<ExecResult> = {}): ExecResult {
  return {
    exitCode: 0,
    stdout: out('hello\n'),
    stderr: out(''),
    timedOut: false,
    durationMs: 12.4,
    ...overrides,
  };
}

const result = { name: 'prints hello', max_score: 5, visibility: 'visible' as const, duration_ms: 12 };

describe('scoreDeclarativeTest', () => {
  it('gives full points to a passing test and shows what it printed', () => {
    expect(scoreDeclarativeTest(test, 'hello\n', run())).toEqual({
      ...result,
      score: 5,
      status: 'passed',
      output: '--- stdout ---\nhello\n--- stderr (empty) ---',
    });
  });

  it('never quotes the expected output of a hidden or after-due test', () => {
    for (const visibility of ['hidden', 'after_due'] as const) {
      const scored = scoreDeclarativeTest(
        { ...test, visibility },
        'the secret answer\n',
        run({ stdout: out('guess\n') }),
      );
      expect(scored.status).toBe('failed');
      expect(scored.output).toBe(
        'stdout: did not match the expected output\n\n--- stdout ---\nguess\n--- stderr (empty) ---',
      );
    }
  });

  it('fails on wrong output with the first difference', () => {
    expect(
      scoreDeclarativeTest(test, 'hello\n', run({ stdout: out('helo\n'), stderr: out('warning\n') })),
    ).toEqual({
      ...result,
      score: 0,
      status: 'failed',
      output: 'stdout: line 1: expected "hello", got "helo"\n\n--- stdout ---\nhelo\n--- stderr ---\nwarning',
    });
  });

  it('does not check stdout when no output is expected', () => {
    expect(scoreDeclarativeTest(test, null, run({ stdout: out('anything') })).status).toBe('passed');
  });

  it('fails on a wrong exit status and explains common signals', () => {
    expect(scoreDeclarativeTest(test, null, run({ exitCode: 137, stdout: out('') }))).toEqual({
      ...result,
      score: 0,
      status: 'failed',
      output:
        'exit status: expected 0, got 137 (SIGKILL: killed, likely out of memory)\n\n' +
        '--- stdout (empty) ---\n--- stderr (empty) ---',
    });
    expect(scoreDeclarativeTest(test, null, run({ exitCode: 139 })).output).toMatch(
      /^exit status: expected 0, got 139 \(SIGSEGV: segmentation fault\)\n/,
    );
  });

  it('reports both a wrong exit status and wrong output', () => {
    const scored = scoreDeclarativeTest(test, 'hello\n', run({ exitCode: 1, stdout: out('') }));
    expect(scored.status).toBe('failed');
    expect(scored.output).toBe(
      'exit status: expected 0, got 1\nstdout: expected "hello", got no output\n\n' +
        '--- stdout (empty) ---\n--- stderr (empty) ---',
    );
  });

  it('checks a non-zero expected status, or none with `any`', () => {
    expect(scoreDeclarativeTest({ ...test, exit: 2 }, 'hello', run({ exitCode: 2 })).status).toBe('passed');
    expect(scoreDeclarativeTest({ ...test, exit: 2 }, 'hello', run({ exitCode: 0 })).output).toMatch(
      /^exit status: expected 2, got 0\n/,
    );
    expect(scoreDeclarativeTest({ ...test, exit: 'any' }, 'hello', run({ exitCode: 3 })).status).toBe(
      'passed',
    );
  });

  it('marks a timeout with no points', () => {
    const scored = scoreDeclarativeTest(
      test,
      'hello\n',
      run({ exitCode: null, timedOut: true, stdout: out('hel'), durationMs: 2003 }),
    );
    expect(scored).toEqual({
      ...result,
      score: 0,
      status: 'timeout',
      output: 'timed out after 2 s\n\n--- stdout ---\nhel\n--- stderr (empty) ---',
      duration_ms: 2003,
    });
  });

  it('is an error when no exit status was reported without a timeout', () => {
    const scored = scoreDeclarativeTest(test, null, run({ exitCode: null }));
    expect(scored.status).toBe('error');
    expect(scored.score).toBe(0);
  });

  it('keeps each stream under 64 KiB in the output', () => {
    const flood = out(Buffer.alloc(5 * 1024 * 1024, 'a'));
    const scored = scoreDeclarativeTest(test, 'hello', run({ stdout: flood, stderr: flood }));
    expect(scored.output).toContain('stdout: output exceeded the 1,048,576 byte limit');
    expect(scored.output).toContain('--- stdout (5,242,880 bytes) ---\n');
    expect(scored.output).toContain(
      `\n[… ${(5 * 1024 * 1024 - 65536).toLocaleString('en-US')} bytes elided …]\n`,
    );
    expect(scored.output.length).toBeLessThan(2 * 66 * 1024);
  });
});

describe('results of tests that did not run', () => {
  it('fails every test of a broken build', () => {
    expect(buildFailedResult(test, 'make: *** [hello] Error 1\n')).toEqual({
      ...result,
      score: 0,
      status: 'error',
      output: 'The build failed, so this test was not run.\n\nmake: *** [hello] Error 1',
      duration_ms: 0,
    });
  });

  it('says why a test was not run', () => {
    expect(notRunResult({ ...test, visibility: 'hidden' }, 'the job ran out of time')).toEqual({
      ...result,
      visibility: 'hidden',
      score: 0,
      status: 'error',
      output: 'Not run: the job ran out of time',
      duration_ms: 0,
    });
  });
});

describe('helpers', () => {
  it('describes exit statuses', () => {
    expect([0, 1, 127, 134, 136].map(describeExitCode)).toEqual([
      '0',
      '1',
      '127 (command not found)',
      '134 (SIGABRT: the program aborted, e.g. a failed assertion)',
      '136 (SIGFPE: arithmetic error, e.g. integer division by zero)',
    ]);
  });
});
