/**
 * Gradescope's results.json semantics graded for real (issue 16, points 7 to 9): a grader in a real
 * container writes results.json and prints to stdout and stderr, and the stored result and the check
 * run show what Gradescope would. A test's own visibility beats the top-level one, tests come in
 * `number` order, Markdown and HTML outputs are rendered made safe, `tags`, `extra_data` and
 * `execution_time` are kept, the grader's own output is kept for staff (and shown to students only
 * under `stdout_visibility: visible`), and the assignment's points are the maximum even when no test
 * could be loaded. Student code writes the file here (test/helpers/results-writer.ts), as it can in
 * any grader that imports the student's module.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import { checkRunOutput } from '../../src/reporters/check-run-output.js';
import type { GradingResult } from '../../src/results/results.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { loadFixtureCourse } from '../helpers/grading.js';
import { liveMarkdown } from '../helpers/live-markdown.js';
import { gradeWriter } from '../helpers/results-writer.js';

const provider = testProvider('gradescope-semantics');
let course: Course;

beforeAll(async () => {
  course = await loadFixtureCourse('adversarial/results-course');
});

afterEach(async () => {
  expect(await leftovers(provider)).toBe(0);
});

/** Read back as from Redis. */
const stored = (result: GradingResult): GradingResult => JSON.parse(JSON.stringify(result)) as GradingResult;

/** A write_results.py that prints to both streams, then writes `results` as results.json. */
const script = (results: unknown) =>
  [
    'import json, sys',
    "print('compiling fib: ./fib: No such file or directory')",
    "print('gcc: fatal error: no input files', file=sys.stderr)",
    `open('/autograder/results/results.json', 'w').write(${JSON.stringify(JSON.stringify(results))})`,
    '',
  ].join('\n');

const grade = async (assignment: string, results: unknown) =>
  stored(await gradeWriter(provider, course, assignment, script(results)));

const HTML_OUTPUT =
  '<p>expected <b>3</b>, got <b>4</b></p><script>alert(1)</script><a href="https://evil.example">PWNED link</a>';

describe('results.json as Gradescope reads it, graded in a container', () => {
  it('orders by number, lets a test override the top-level visibility, renders HTML made safe, keeps the extras', async () => {
    const result = await grade('with-points', {
      visibility: 'after_due_date',
      execution_time: 3.5,
      extra_data: { seed: 7 },
      tests: [
        { number: '1.10', name: 'tenth', score: 1, max_score: 1 },
        {
          number: '1.2',
          name: 'second',
          score: 0,
          max_score: 2,
          output: HTML_OUTPUT,
          output_format: 'html',
          visibility: 'visible',
          tags: ['io'],
        },
        {
          number: '1.1',
          name: 'compiles',
          score: 1,
          max_score: 1,
          visibility: 'visible',
          extra_data: { log: 'ok' },
        },
      ],
    });
    expect(result).toMatchObject({
      status: 'graded',
      score: 2,
      max_score: 10,
      execution_time: 3.5,
      extra_data: { seed: 7 },
    });
    expect(result.tests.map((t) => [t.name, t.visibility])).toEqual([
      ['compiles', 'visible'],
      ['second', 'visible'],
      ['tenth', 'after_due'],
    ]);
    expect(result.tests[0]?.extra_data).toEqual({ log: 'ok' });
    expect(result.tests[1]).toMatchObject({ output: HTML_OUTPUT, output_format: 'html', tags: ['io'] });

    // No due date: the after-due test stays withheld, the two visible ones show.
    const check = checkRunOutput(result, {
      now: new Date('2026-12-01T00:00:00Z'),
      due: null,
      timezone: 'UTC',
    });
    expect(check.summary).toContain('| compiles | ✅ passed | 1 / 1 |');
    expect(check.summary).toContain('| second | ❌ failed | 0 / 2 |');
    expect(check.summary).not.toContain('tenth');
    // The HTML is rendered as Markdown, made safe: no script, and the link is text with its address.
    expect(check.text).toContain(
      '### second\n\nexpected **3**, got **4**\n\nPWNED link (` https://evil.example `)',
    );
    for (const part of [check.summary, check.text]) {
      expect(part).not.toContain('<script>');
      expect(part).not.toContain('alert');
      expect(liveMarkdown(part).active).toEqual([]);
    }
  }, 60_000);

  it('renders a Markdown output in the check run, made safe', async () => {
    const result = await grade('with-points', {
      tests: [
        {
          name: 'fib',
          score: 0,
          max_score: 10,
          output_format: 'md',
          output:
            '# Wrong answer\n\nExpected **55**, got `34`.\n\n- fib(10)\n- fib(9)\n\n' +
            '![x](https://tracker.example/p.png) <script>alert(1)</script> cc @org/team #1\n\n```\nunclosed',
        },
        { name: 'after', score: 0, max_score: 1, output: 'AFTER' },
      ],
    });
    expect(result.tests[0]).toMatchObject({ output_format: 'md' });
    const check = checkRunOutput(result, {
      now: new Date('2026-12-01T00:00:00Z'),
      due: null,
      timezone: 'UTC',
    });
    expect(check.text).toContain(
      '#### Wrong answer\n\nExpected **55**, got ` 34 `\\.\n\n- fib\\(10\\)\n- fib\\(9\\)',
    );
    const live = liveMarkdown(check.text);
    expect(live.outline).toEqual(['h3: fib', 'h4: Wrong answer', 'h3: after']);
    expect(live.active).toEqual([]);
    expect(live.plainText.join('\n')).not.toMatch(/@[a-z]|#\d/);
    expect(live.code).toEqual(['unclosed\n', 'AFTER\n']);
  }, 60_000);

  it("keeps the grader's own stdout and stderr for staff when results.json is valid, and shows no student any of it", async () => {
    const result = await grade('with-points', { tests: [{ name: 'a', score: 0, max_score: 10 }] });
    expect(result.status).toBe('graded');
    expect(result.staff_output).toContain('./fib: No such file or directory');
    expect(result.staff_output).toContain('gcc: fatal error: no input files');
    expect(result.output).toBe('');
    const check = checkRunOutput(result, {
      now: new Date('2026-12-01T00:00:00Z'),
      due: null,
      timezone: 'UTC',
    });
    expect(JSON.stringify(check)).not.toContain('No such file');
  }, 60_000);

  it('shows the grader’s stdout, never its stderr, to students under stdout_visibility: visible', async () => {
    const result = await grade('with-points', {
      stdout_visibility: 'visible',
      tests: [{ name: 'a', score: 0, max_score: 10 }],
    });
    expect(result.output).toBe('Grader output:\ncompiling fib: ./fib: No such file or directory\n');
    expect(result.staff_output).toContain('gcc: fatal error');
    const check = checkRunOutput(result, {
      now: new Date('2026-12-01T00:00:00Z'),
      due: null,
      timezone: 'UTC',
    });
    expect(check.text).toContain('./fib: No such file or directory');
    expect(check.text).not.toContain('gcc: fatal error');
  }, 60_000);

  it("scores out of the assignment's points when no test could be loaded", async () => {
    // What a unittest runner reports when the student's module does not import: one failed test
    // with no points of its own.
    const failedImport = {
      tests: [
        {
          name: 'unittest.loader._FailedTest.tests',
          status: 'failed',
          output: 'ImportError: No module named calc',
        },
      ],
    };
    expect(await grade('with-points', failedImport)).toMatchObject({
      status: 'graded',
      score: 0,
      max_score: 10,
    });
    // Without points the maximum is what the tests report, as the course file documents.
    expect(await grade('without-points', failedImport)).toMatchObject({
      status: 'graded',
      score: 0,
      max_score: 0,
    });
  }, 60_000);
});
