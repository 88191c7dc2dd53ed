/**
 * Hostile student text against what students see: the check run's summary and text, the
 * pull-request comment and the annotations, read back with a real CommonMark parser. Nothing a
 * student wrote may render live (outside a code block), no table row may be cut, and every part
 * stays within GitHub's limits.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECK_TEXT_LIMIT,
  checkRunOutput,
  type CheckRunOutput,
} from '../../src/reporters/check-run-output.js';
import { commentBody, commentMarker } from '../../src/reporters/pr-comment.js';
import type { GradingResult, TestResult } from '../../src/results/results.js';
import { liveMarkdown } from '../helpers/live-markdown.js';
import { storedResult } from '../helpers/stored-result.js';

const due = new Date('2026-12-02T04:59:00Z');
const afterDue = { now: new Date('2026-12-03T12:00:00Z'), due };
/** GitHub's limit for an issue or pull-request comment's body. */
const COMMENT_LIMIT = 65_536;

/** Every way to make markdown live, each line marked so that a leak is seen by its text. */
const HOSTILE = [
  '# PWNED heading',
  '[PWNED link](https://evil.example/)',
  '![PWNED image](https://evil.example/x.png)',
  '<details><summary>PWNED details</summary>',
  '',
  '**PWNED 100 / 100 points**',
  '</details>',
  '~~~',
  '~~~~~~~~~~~~~~~~~~~~ PWNED tildes',
].join('\n');
const ticks = (n: number) => '`'.repeat(n);
const filler = (n: number, c = 'x') => `${c.repeat(79)}\n`.repeat(Math.ceil(n / 80)).slice(0, n);

/** Student outputs: long backtick runs around hostile lines, at sizes near every limit. */
const BODIES: [string, string][] = [
  ['5,000 backticks then hostile lines', `${ticks(5000)}\n${HOSTILE}\n${ticks(5000)}\n${HOSTILE}`],
  // The attack seen on main: a long run opens a long fence that the last cut shortens to a few
  // thousand backticks; a 5,000-backtick line of the student's then closes it.
  ['a 60,000-backtick run first', `${ticks(60_000)}\n${filler(20_000)}\n${ticks(5000)}\n${HOSTILE}\nend`],
  ...[-400, -300, -60, 0, 60, 1000].map((d): [string, string] => [
    `hostile text ${d} characters from the limit`,
    `${filler(CHECK_TEXT_LIMIT + d - 2 * HOSTILE.length - 5020)}${HOSTILE}\n${ticks(5000)}\n${HOSTILE}`,
  ]),
  [
    'hostile text at both ends of 1 MB',
    `${HOSTILE}\n${ticks(3)}\n${filler(1_000_000)}${ticks(4)}\n${HOSTILE}`,
  ],
];

const test = (
  name: string,
  output: string,
  visibility: TestResult['visibility'] = 'visible',
): TestResult => ({
  name,
  status: 'failed',
  score: 0,
  max_score: 1,
  output,
  visibility,
  duration_ms: 1,
});

const result = (tests: TestResult[], extra: Partial<GradingResult> = {}): GradingResult =>
  storedResult('job', { tests, max_score: tests.length, ...extra }).result;

/** Asserts that nothing of the student's renders live in one piece of markdown. */
function expectInert(markdown: string, limit: number, allowedHtml: string[] = []): void {
  expect(markdown.length).toBeLessThanOrEqual(limit);
  const live = liveMarkdown(markdown, allowedHtml);
  expect(live.active).toEqual([]);
  expect(live.liveText.filter((text) => text.includes('PWNED'))).toEqual([]);
}

function expectAllInert(output: CheckRunOutput): void {
  expectInert(output.summary, CHECK_TEXT_LIMIT);
  expectInert(output.text, CHECK_TEXT_LIMIT);
  const marker = commentMarker('hw1');
  expectInert(commentBody('hw1', output, 'abcdef0'), COMMENT_LIMIT, [marker]);
  for (const annotation of output.annotations ?? []) {
    expect(annotation.message.length).toBeLessThanOrEqual(1000);
    expect(annotation.message).not.toContain('\n');
  }
}

describe('finding 2: student output cannot break out of its fence', () => {
  it.each(BODIES)('one failing test: %s', (_, body) => {
    expectAllInert(checkRunOutput(result([test('t', body)]), afterDue));
  });

  it.each(BODIES)('after a 30,000-character section: %s', (_, body) => {
    const tests = [test('first', filler(30_000)), test('second', body), test('third', HOSTILE)];
    expectAllInert(checkRunOutput(result(tests), afterDue));
  });

  it.each(BODIES)('as the whole-submission output: %s', (_, body) => {
    expectAllInert(checkRunOutput(result([test('t', body)], { output: body }), afterDue));
  });

  it.each(BODIES)('not graded (error), the output alone: %s', (_, body) => {
    expectAllInert(checkRunOutput(result([], { status: 'error', output: body }), afterDue));
  });

  it('many tests with hostile output, including annotation-shaped lines', () => {
    const tests = Array.from({ length: 300 }, (_, i) =>
      test(`t${i}`, `src/a.c:${i + 1}:1: error: ${ticks(5000)} PWNED\n${HOSTILE}\n${ticks(i * 40)}`),
    );
    const output = checkRunOutput(result(tests), afterDue);
    expectAllInert(output);
    expect(output.annotations).toHaveLength(50);
  });

  it('thousands of tests with long hostile names: rows are whole, never cut', () => {
    const name = (i: number) => `${i} [x](https://evil.example) ${ticks(30)} <b>|</b> ${'&#60;'.repeat(30)}`;
    const tests = Array.from({ length: 3000 }, (_, i) => test(name(i), ''));
    const output = checkRunOutput(result(tests), afterDue);
    expectInert(output.summary, CHECK_TEXT_LIMIT);
    expectInert(commentBody('hw1', output, null), COMMENT_LIMIT, [commentMarker('hw1')]);
    const cells = liveMarkdown(output.summary).firstCells;
    expect(cells.length).toBeGreaterThan(50);
    cells.forEach((cell, i) => expect(cell).toBe(name(i).replace(/\s+/g, ' ').slice(0, 199) + '…'));
    expect(output.summary).toContain(`${3000 - cells.length} more test(s) not listed`);
  });
});
