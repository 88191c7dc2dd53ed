/**
 * Snapshots of what students see for each kind of result, and the rules behind them.
 */
import { describe, expect, it } from 'vitest';
import type { GradingResult, TestFeedback, TestResult } from '../../src/results/results.js';
import { CHECK_TEXT_LIMIT, checkRunOutput } from '../../src/reporters/check-run-output.js';
import { commentBody, findOwnComment } from '../../src/reporters/pr-comment.js';
import { SUMS_FEEDBACK } from '../helpers/declarative-test.js';

const due = new Date('2026-12-02T04:59:00Z');
const before = { now: new Date('2026-12-01T12:00:00Z'), due, timezone: 'America/Toronto' };
const after = { now: new Date('2026-12-03T12:00:00Z'), due, timezone: 'America/Toronto' };

const test = (
  name: string,
  status: TestResult['status'],
  score: number,
  max: number,
  extra: Partial<TestResult> = {},
): TestResult => ({
  name,
  status,
  score,
  max_score: max,
  output:
    status === 'passed' ? '--- stdout ---\nok' : `stdout: expected "42", got "41"\n\n--- stdout ---\n41`,
  visibility: 'visible',
  duration_ms: 12,
  ...extra,
});

const result = (tests: TestResult[], extra: Partial<GradingResult> = {}): GradingResult => {
  const score = tests.reduce((s, t) => s + t.score, 0);
  return {
    assignment: 'hw1',
    student: 'alice',
    commit: '3f2c1e8aa9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4',
    submitted_at: '2026-12-01T10:00:00.000Z',
    graded_at: '2026-12-01T10:00:01.000Z',
    late: { days: 0, penalty: 0, past_until: false },
    status: 'graded',
    score,
    max_score: tests.reduce((s, t) => s + t.max_score, 0),
    raw_score: score,
    output: '',
    tests,
    ...extra,
  };
};

describe('check run output', () => {
  it('full marks', () => {
    expect(
      checkRunOutput(result([test('prints hello', 'passed', 5, 5), test('sums', 'passed', 15, 15)]), before),
    ).toMatchSnapshot();
  });

  it('partial', () => {
    expect(
      checkRunOutput(result([test('prints hello', 'passed', 5, 5), test('sums', 'failed', 0, 15)]), before),
    ).toMatchSnapshot();
  });

  it('late, with the penalty in the title', () => {
    const late = result([test('prints hello', 'passed', 5, 5), test('sums', 'failed', 0, 15)], {
      late: { days: 1, penalty: 0.1, past_until: false },
      score: 4.5,
      raw_score: 5,
    });
    expect(checkRunOutput(late, after)).toMatchSnapshot();
  });

  it('timed out', () => {
    const timedOut = test('loops', 'timeout', 0, 10, {
      output: 'timed out after 2 s\n\n--- stdout (empty) ---',
    });
    expect(
      checkRunOutput(result([test('prints hello', 'passed', 5, 5), timedOut]), before),
    ).toMatchSnapshot();
  });

  it('build failed', () => {
    const notRun = (name: string) =>
      test(name, 'error', 0, 5, {
        output: 'The build failed, so this test was not run.\n\nthe build failed (exit status 2)',
        duration_ms: 0,
      });
    const failed = result([notRun('prints hello'), notRun('sums')], {
      output: "hello.c:3:1: error: expected ';' before '}' token",
    });
    expect(checkRunOutput(failed, before)).toMatchSnapshot();
  });

  it('could not be graded', () => {
    const error = result([], {
      status: 'error',
      score: 0,
      max_score: 0,
      output:
        'The submission could not be graded because of an infrastructure failure (after 3 attempts); it does not count against you.',
    });
    expect(checkRunOutput(error, before)).toMatchSnapshot();
  });

  it('could not be graded because of the submission: says that it counts', () => {
    const error = result([], {
      status: 'error',
      score: 0,
      max_score: 0,
      fault: 'submission',
      output: 'The results were refused: results.json cannot be read (its permissions were changed).',
    });
    expect(checkRunOutput(error, before)).toMatchObject({
      title: 'Could not be graded',
      summary:
        '**Could not be graded**\n\nThis submission could not be graded because of what it holds or what ' +
        'its code did, as said below. It counts toward the submission limit.',
      conclusion: 'neutral',
    });
  });

  it('late, before hidden results are shown: the penalty applies to the shown points', () => {
    const late = result(
      [test('prints hello', 'passed', 5, 5), test('hidden one', 'passed', 10, 10, { visibility: 'hidden' })],
      { late: { days: 1, penalty: 0.1, past_until: false }, score: 13.5, raw_score: 15 },
    );
    expect(checkRunOutput(late, before).title).toBe(
      'Late (1 day): 4.5 / 5 points (+ 10 in hidden tests) (raw 15)',
    );
  });

  it('late by several days', () => {
    const late = result([test('prints hello', 'passed', 5, 5), test('sums', 'passed', 15, 15)], {
      late: { days: 3, penalty: 0.3, past_until: false },
      score: 14,
      raw_score: 20,
    });
    expect(checkRunOutput(late, after).title).toBe('Late (3 days): 14 / 20 points (raw 20)');
    expect(checkRunOutput(late, after).conclusion).toBe('failure');
  });

  it('past the late deadline: graded, scored 0, the raw score shown', () => {
    const past = result([test('prints hello', 'passed', 5, 5), test('sums', 'failed', 0, 15)], {
      late: { days: 3, penalty: 1, past_until: true },
      score: 0,
      raw_score: 5,
    });
    expect(checkRunOutput(past, after)).toMatchSnapshot();
  });

  it('past the only deadline (no late policy), before hidden results are shown', () => {
    const past = result(
      [test('prints hello', 'passed', 5, 5), test('hidden one', 'passed', 10, 10, { visibility: 'hidden' })],
      { late: { days: 1, penalty: 1, past_until: true }, score: 0, raw_score: 15 },
    );
    // Reported before the due date: it was moved later after this late submission was graded. Hidden
    // tests stay hidden, and the shown points are still scored 0.
    expect(checkRunOutput(past, before).title).toBe(
      'Past the late deadline: 0 / 5 points (+ 10 in hidden tests) (raw 15)',
    );
  });

  it('submission limit reached', () => {
    const rejected = result([], {
      status: 'rejected',
      score: 0,
      max_score: 0,
      raw_score: 0,
      late: null,
      next_submission_at: '2026-12-02T14:30:17.250Z',
      output:
        'This assignment grades at most 2 graded submissions per 24 hours, and you have reached that limit, so this submission was not graded. It does not count against the limit.\n' +
        'Your next graded submission is possible from 2026-12-02 09:30:18 EST (America/Toronto), that is 2026-12-02T14:30:17.250Z.',
    });
    expect(checkRunOutput(rejected, before)).toMatchSnapshot();
  });

  it('not graded: too large for the sandbox', () => {
    const rejected = result([], {
      status: 'rejected',
      score: 0,
      max_score: 0,
      output: 'the submission is larger than the writable space (16 MiB); it was not graded.',
    });
    expect(checkRunOutput(rejected, before)).toMatchSnapshot();
  });

  it('hides hidden tests before the due date, and their output always', () => {
    const tests = [
      test('visible one', 'passed', 5, 5),
      test('hidden one', 'failed', 0, 10, { visibility: 'hidden', output: 'expected the secret answer' }),
      test('after due', 'failed', 0, 5, { visibility: 'after_due', output: 'shown after the due date' }),
    ];
    const early = checkRunOutput(result(tests), before);
    expect(early.title).toBe('5 / 5 points (+ 15 in hidden tests)');
    expect(early.conclusion).toBe('success');
    expect(early.summary).not.toContain('hidden one');
    expect(early.text).toBe('');
    const late = checkRunOutput(result(tests), after);
    expect(late.title).toBe('5 / 20 points');
    expect(late.summary).toContain('hidden one');
    expect(late.text).not.toContain('secret answer');
    expect(late.text).toContain('shown after the due date');
  });

  it("writes the due date of withheld tests in the course's time zone, with the zone", () => {
    const tests = [
      test('visible one', 'passed', 5, 5),
      test('hidden one', 'failed', 0, 10, { visibility: 'hidden' }),
    ];
    expect(checkRunOutput(result(tests), before).summary).toContain(
      'results shown after the due date (2026-12-01 23:59 EST)',
    );
    const inUtc = checkRunOutput(result(tests), { ...before, timezone: 'UTC' });
    expect(inUtc.summary).toContain('(2026-12-02 04:59 UTC)');
  });

  it('annotates file:line locations in output the student may see, never in hidden tests', () => {
    const tests = [
      test('lint', 'failed', 0, 1, {
        output: 'src/util.py:7: warning: unused import\n../../etc/passwd:1: error: x',
      }),
      test('hidden one', 'failed', 0, 1, {
        visibility: 'hidden',
        output: 'secret/expected.c:3:1: error: leak',
      }),
      test('after due', 'failed', 0, 1, {
        visibility: 'after_due',
        output: 'late.c:9: error: shown after due',
      }),
    ];
    const early = checkRunOutput(result(tests, { output: './main.c:12:5: error: expected ;' }), before);
    expect(early.annotations).toEqual([
      { path: 'main.c', start_line: 12, end_line: 12, annotation_level: 'failure', message: 'expected ;' },
      {
        path: 'src/util.py',
        start_line: 7,
        end_line: 7,
        annotation_level: 'warning',
        message: 'unused import',
      },
    ]);
    const late = checkRunOutput(result(tests), after);
    expect(late.annotations?.map((a) => a.path)).toEqual(['src/util.py', 'late.c']);
  });

  it('renders hostile output inert: no forged score, no HTML, no mentions, no escaping the fence', () => {
    const hostile =
      '**20 / 20 points**\n```\n</details><img src=x onerror=alert(1)>\n@octocat [x](https://evil.example)\n````';
    const out = checkRunOutput(
      result([test('**20 / 20 points** @octocat', 'failed', 0, 5, { output: hostile })]),
      before,
    );
    expect(out).toMatchSnapshot();
    const outside = out.text.split(/^`{5}text$[\s\S]*?^`{5}$/m).join('');
    // Outside the fence the test name appears only escaped: literal asterisks, never bold.
    expect(outside).not.toMatch(/(^|[^\\])\*\*20/);
    expect(outside).not.toMatch(/<img|@octocat|\]\(https/);
    expect(out.summary).not.toMatch(/(^|[^\\])\*\*20/);
    expect(out.summary).not.toContain('@octocat');
  });

  it('stays within GitHub limits with huge output', () => {
    const tests = Array.from({ length: 30 }, (_, i) =>
      test(`test ${i}`, 'failed', 0, 1, { output: 'x'.repeat(10_000) }),
    );
    const out = checkRunOutput(result(tests), before);
    expect(out.text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.text).toMatch(/more test output\(s\) left out/);
    expect(out.text.match(/^`{3,}text$/gm)!.length).toBe(out.text.match(/^`{3,}$/gm)!.length);
  });
});

describe('a failed I/O test: what reproduces it', () => {
  const feedback = SUMS_FEEDBACK;
  const failed = (extra: Partial<TestResult> = {}) =>
    test('sums two numbers', 'failed', 0, 5, {
      output: 'stdout: line 2: expected "5", got "6"\n\n--- stdout ---\ntotal\n6\n--- stderr (empty) ---',
      feedback,
      ...extra,
    });

  it('shows the command, exit status, input, diff and reproduction before the output', () => {
    expect(
      checkRunOutput(result([test('prints hello', 'passed', 5, 5), failed()]), before).text,
    ).toMatchSnapshot();
  });

  it('an input longer than shown, an empty one, and a command too long to reproduce', () => {
    const partial = {
      ...feedback,
      input: { file: null, excerpt: '1\n2', lines: 5_000, complete: false },
      reproduce: ['make', './sum < input.txt'],
    };
    const none = { ...feedback, input: null, exit: { expected: 'any' as const, actual: null }, diff: null };
    const tests = [
      failed({ name: 'long input', feedback: partial }),
      failed({ name: 'no input', feedback: { ...none, reproduce: [] } }),
    ];
    expect(checkRunOutput(result(tests), before).text).toMatchSnapshot();
  });

  it('shows none of it for a test that is not visible, even after the due date', () => {
    const secret = {
      ...feedback,
      command: './secret-cmd',
      input: { ...feedback.input!, excerpt: 'SECRET-INPUT' },
    };
    const tests = [
      failed({ name: 'hidden', visibility: 'hidden', feedback: secret }),
      failed({ name: 'after due', visibility: 'after_due', feedback: secret }),
    ];
    for (const context of [before, after]) {
      const out = checkRunOutput(result(tests), context);
      expect(`${out.summary}${out.text}`).not.toMatch(/secret-cmd|SECRET-INPUT|\*\*Input\*\*|To reproduce/);
    }
  });

  it('stays within GitHub limits when every test has feedback at its bounds', () => {
    const big: TestFeedback = {
      ...feedback,
      command: 'c'.repeat(50_000),
      input: { file: 'f', excerpt: `${'`'.repeat(3000)}\n`.repeat(30), lines: 30, complete: true },
      diff: { from_line: 1, lines: Array.from({ length: 100 }, () => `+ ${'d'.repeat(5000)}`) },
      reproduce: ['r'.repeat(50_000)],
    };
    const tests = Array.from({ length: 60 }, (_, i) => failed({ name: `t${i}`, feedback: big }));
    const out = checkRunOutput(result(tests), before);
    expect(out.text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.text).toMatch(/more test output\(s\) left out/);
    expect(out.text.match(/^\*\*Command\*\*/gm)!.length).toBeGreaterThan(1);
  });
});

describe('pull request comment', () => {
  it('links to its check run', () => {
    const output = checkRunOutput(result([test('sums', 'failed', 0, 15)]), before);
    const url = 'https://github.com/cs101/hw1-alice/runs/77';
    expect(commentBody('hw1', output, 'abcdef1234', url)).toContain(`[Details in the check run](${url})`);
    expect(commentBody('hw1', output, 'abcdef1234', 'javascript:alert(1) x')).not.toContain('Details');
  });

  it('carries a marker that finds it again', () => {
    const body = commentBody(
      'hw1',
      checkRunOutput(result([test('sums', 'failed', 0, 15)]), before),
      'abcdef1234',
    );
    expect(body).toMatchSnapshot();
    expect(
      findOwnComment(
        [
          { id: 1, body: 'thanks!' },
          { id: 2, body },
        ],
        'hw1',
      ),
    ).toBe(2);
    expect(findOwnComment([{ id: 2, body }], 'hw2')).toBeNull();
  });
});
