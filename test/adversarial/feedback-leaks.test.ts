/**
 * Hostile student text against what students see: the check run's summary and text, the
 * pull-request comment and the annotations, read back with a real CommonMark parser. Nothing a
 * student wrote may render live (outside a code block), no table row may be cut, and every part
 * stays within GitHub's limits.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAssignment } from '../../src/course/load-course.js';
import type { Course } from '../../src/course/types.js';
import {
  CHECK_TEXT_LIMIT,
  checkRunOutput,
  type CheckRunOutput,
} from '../../src/reporters/check-run-output.js';
import { commentBody, commentMarker } from '../../src/reporters/pr-comment.js';
import { scoreboardData } from '../../src/reporters/scoreboard/scoreboard-data.js';
import type { GradingResult, TestFeedback, TestResult } from '../../src/results/results.js';
import { gradeSubmission } from '../../src/runner/grade/grade-submission.js';
import type { SubmissionMetadata } from '../../src/runner/grade/submission-metadata.js';
import { publishedCourse } from '../../src/store/course-registry.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { FIXTURES, gradeFixture, loadFixtureCourse } from '../helpers/grading.js';
import { liveMarkdown } from '../helpers/live-markdown.js';
import { storedResult } from '../helpers/stored-result.js';

const due = new Date('2026-12-02T04:59:00Z');
const afterDue = { now: new Date('2026-12-03T12:00:00Z'), due, timezone: 'UTC' };
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

  it.each(BODIES)("in every field of a failed test's feedback: %s", (_, body) => {
    const feedback: TestFeedback = {
      command: body,
      image: 'gradebot/python:3',
      input: { file: 'tests/in1.txt', excerpt: body, lines: 3, complete: false },
      exit: { expected: 0, actual: 1 },
      diff: { from_line: 1, lines: body.split('\n') },
      reproduce: body.split('\n'),
    };
    expectAllInert(checkRunOutput(result([{ ...test('t', body), feedback }]), afterDue));
  });

  it("the course's own names in the feedback (input file, image) stay code on one line", () => {
    const feedback: TestFeedback = {
      command: 'x',
      image: `${ticks(40)} ${HOSTILE}`,
      input: { file: HOSTILE, excerpt: 'in', lines: 1, complete: true },
      exit: { expected: 0, actual: 1 },
      diff: null,
      reproduce: ['x < in'],
    };
    const output = checkRunOutput(result([{ ...test('t', ''), feedback }]), afterDue);
    expect(liveMarkdown(output.text).active).toEqual([]);
    expect(liveMarkdown(output.text).plainText.filter((t) => t.includes('PWNED'))).toEqual([]);
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

describe('finding 5: without a due date, hidden and after-due results stay withheld', () => {
  const provider = testProvider('feedback-leaks');
  const SECRETS = [
    'secret hidden test',
    'secret after-due test',
    'HIDDEN-OUTPUT-LEAK',
    'AFTER-DUE-OUTPUT-LEAK',
  ];
  let course: Course;
  let graded: GradingResult;

  beforeAll(async () => {
    course = await loadFixtureCourse('feedback-course');
    const submission = path.join(FIXTURES, 'feedback-course', 'submission');
    ({ result: graded } = await gradeFixture(provider, course, 'no-due', submission, new Date(0)));
  }, 120_000);

  afterEach(async () => {
    expect(await leftovers(provider)).toBe(0);
  });

  const expectWithheld = (text: string) => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  };

  it('grades all three tests (the hidden ones fail with their output recorded)', () => {
    expect(findAssignment(course, 'no-due').due).toBeNull();
    expect(graded.tests.map((t) => [t.name, t.status, t.score])).toEqual([
      ['visible one', 'passed', 1],
      ['secret hidden test', 'failed', 0],
      ['secret after-due test', 'failed', 0],
    ]);
    expect(graded.tests.map((t) => t.output).join('\n')).toContain('HIDDEN-OUTPUT-LEAK');
  });

  it('keeps no feedback (command, input, expected output) for the failed hidden and after-due tests', () => {
    expect(graded.tests.map((t) => t.feedback)).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(graded)).not.toContain('something else');
  });

  // The report writer passes `due: null` both for an assignment without one and when the course
  // cannot be loaded; either way, long after any due date could have been.
  it.each([new Date('2026-12-01T00:00:00Z'), new Date('2090-01-01T00:00:00Z')])(
    'the check run and the comment at %s show only the visible test',
    (now) => {
      const output = checkRunOutput(graded, { now, due: null, timezone: 'UTC' });
      expect(output.title).toBe('1 / 1 points (+ 18 in hidden tests)');
      for (const text of [output.title, output.summary, output.text, commentBody('hw1', output, null)])
        expectWithheld(text);
      expect(output.annotations ?? []).toEqual([]);
    },
  );

  it('the scoreboard without a due date ranks by the visible score only', () => {
    const published = publishedCourse(course, { org: 'cs101', commit: 'c', archive: 'a', installation: 1 });
    const model = scoreboardData({
      course: published,
      assignment: published.assignments.find((a) => a.id === 'no-due')!,
      results: new Map([
        ['alice', [storedResult('job', { ...graded, score: 8, raw_score: 8, max_score: 19 })]],
      ]),
      nicknames: new Map(),
      pseudonymOf: () => ({ name: 'Brave Otter 417', tag: 'a11c' }),
      now: new Date('2090-01-01T00:00:00Z'),
    });
    expect(model.rows.map((row) => [row.score, row.max_score])).toEqual([[1, 1]]);
    expectWithheld(JSON.stringify(model));
  });
});

describe('finding 4: a grader sees no more of earlier submissions than the student does', () => {
  const provider = testProvider('feedback-metadata');
  let course: Course;
  // The metadata course's grader reports the metadata it found back; this one's answer is 15 points.
  const submission = path.join(FIXTURES, 'feedback-course', 'echo-submission');

  beforeAll(async () => {
    course = await loadFixtureCourse('metadata-course');
  });

  afterEach(async () => {
    expect(await leftovers(provider)).toBe(0);
  });

  // An earlier submission: 3 of 4 visible points, 10 of 10 hidden, 0 of 6 after the due date.
  const earlier = storedResult('earlier', {
    assignment: 'echo',
    submitted_at: '2026-11-20T10:00:00.000Z',
    score: 13,
    raw_score: 13,
    max_score: 20,
    tests: [
      { ...test('visible part', 'visible output'), score: 3, max_score: 4 },
      {
        ...test('HIDDEN-NAME', 'HIDDEN-OUTPUT'),
        status: 'passed',
        score: 10,
        max_score: 10,
        visibility: 'hidden',
      },
      { ...test('AFTER-DUE-NAME', 'AFTER-DUE-OUTPUT'), score: 0, max_score: 6, visibility: 'after_due' },
    ],
  }).result;

  /** Grades for real with the earlier submission, the clock at `now`; what the grader read back. */
  const metadataAt = async (now: string): Promise<SubmissionMetadata> => {
    const result = await gradeSubmission(provider, {
      course,
      assignment: findAssignment(course, 'echo'),
      submissionDir: submission,
      submission: { student: 'alice', commit: null, submittedAt: new Date('2026-11-21T10:00:00Z') },
      previousSubmissions: [earlier],
      now: () => new Date(now),
    });
    expect(result.status).toBe('graded');
    return (JSON.parse(result.output) as { metadata: SubmissionMetadata }).metadata;
  };

  it('before the due date: only the visible test, and the visible-only score', async () => {
    const metadata = await metadataAt('2026-11-21T10:00:00Z');
    const [previous] = metadata.previous_submissions;
    expect(previous?.score).toBe(3);
    expect(previous?.results.score).toBe(3);
    expect(previous?.results.tests.map((t) => [t.name, t.score, t.max_score])).toEqual([
      ['visible part', 3, 4],
    ]);
    expect(JSON.stringify(metadata)).not.toMatch(/HIDDEN|AFTER-DUE/);
  }, 120_000);

  it('after the due date: the status and points of every test, and still only visible output', async () => {
    const metadata = await metadataAt('2026-12-05T10:00:00Z');
    const [previous] = metadata.previous_submissions;
    expect(previous?.score).toBe(13);
    expect(previous?.results.tests.map((t) => [t.name, t.status, t.output])).toEqual([
      ['visible part', 'failed', 'visible output'],
      ['HIDDEN-NAME', 'passed', ''],
      ['AFTER-DUE-NAME', 'failed', ''],
    ]);
  }, 120_000);
});
