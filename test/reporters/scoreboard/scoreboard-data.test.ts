/**
 * What the scoreboard makes public, as data: the ranking (ties to the earlier submission), late
 * scores marked late, hidden tests never, after-due tests after the due date, Gradescope leaderboard
 * values as columns, nicknames, and never a login.
 */
import { describe, expect, it } from 'vitest';
import type { Pseudonym } from '../../../src/reporters/scoreboard/pseudonym.js';
import { scoreboardData, type ScoreboardInput } from '../../../src/reporters/scoreboard/scoreboard-data.js';
import { scoreboardIndex } from '../../../src/reporters/scoreboard/scoreboard-index.js';
import type { StoredResult } from '../../../src/results/stored-result.js';
import { AFTER_DUE, assignment, BEFORE_DUE, course, result, stored, test } from './fixtures.js';

const NAMES: Record<string, Pseudonym> = {
  alice: { name: 'Brave Otter 417', tag: 'a11c' },
  bob: { name: 'Calm Heron 102', tag: 'b0b0' },
  carol: { name: 'Swift Lynx 733', tag: 'ca01' },
  dave: { name: 'Keen Yak 550', tag: 'da7e' },
  erin: { name: 'Misty Owl 291', tag: 'e714' },
};

function input(
  results: Record<string, StoredResult[]>,
  extra: Partial<ScoreboardInput> = {},
): ScoreboardInput {
  return {
    course: course(),
    assignment: assignment(),
    results: new Map(Object.entries(results)),
    nicknames: new Map(),
    pseudonymOf: (student) => NAMES[student]!,
    now: BEFORE_DUE,
    ...extra,
  };
}

const two = (a: number, b: number) => [test('prints hello', a, 4), test('sums', b, 6)];

describe('scoreboard data', () => {
  it('ranks by best on-time score, ties to the earlier submission, unranked last', () => {
    const model = scoreboardData(
      input({
        alice: [
          stored('j1', result('alice', two(4, 6), '2026-11-30T10:00:00.000Z')),
          stored('j2', result('alice', two(4, 0), '2026-11-30T12:00:00.000Z')),
        ],
        bob: [stored('j3', result('bob', two(4, 6), '2026-11-30T09:00:00.000Z'))],
        carol: [stored('j4', result('carol', two(0, 6), '2026-11-29T09:00:00.000Z'))],
        dave: [
          stored('j5', {
            ...result('dave', [], '2026-11-30T09:00:00.000Z'),
            status: 'error',
            output: 'infrastructure failure',
          }),
        ],
      }),
    );
    expect(model).toEqual({
      org: 'cs101',
      course: 'cs101-fall26',
      assignment: { id: 'hw1', title: 'Homework 1: Hello', due: '2026-12-02T04:59:00.000Z' },
      generated_at: BEFORE_DUE.toISOString(),
      withheld_tests: false,
      tests: [
        { name: 'prints hello', max_score: 4 },
        { name: 'sums', max_score: 6 },
      ],
      leaderboard: [],
      rows: [
        {
          rank: 1,
          name: 'Calm Heron 102',
          nickname: false,
          score: 10,
          max_score: 10,
          late: null,
          tests: [4, 6],
          leaderboard: [],
          submissions: 1,
          last_graded_at: '2026-11-30T09:00:01.000Z',
        },
        {
          rank: 2,
          name: 'Brave Otter 417',
          nickname: false,
          score: 10,
          max_score: 10,
          late: null,
          tests: [4, 6],
          leaderboard: [],
          submissions: 2,
          last_graded_at: '2026-11-30T12:00:01.000Z',
        },
        {
          rank: 3,
          name: 'Swift Lynx 733',
          nickname: false,
          score: 6,
          max_score: 10,
          late: null,
          tests: [0, 6],
          leaderboard: [],
          submissions: 1,
          last_graded_at: '2026-11-29T09:00:01.000Z',
        },
        {
          rank: null,
          name: 'Keen Yak 550',
          nickname: false,
          score: null,
          max_score: null,
          late: null,
          tests: [null, null],
          leaderboard: [],
          submissions: 0,
          last_graded_at: '2026-11-30T09:00:01.000Z',
        },
      ],
    });
  });

  it('keeps the on-time score over a better late one, and shows a late score only when nothing was on time', () => {
    const late = { days: 1, penalty: 0.1, past_until: false };
    const model = scoreboardData(
      input(
        {
          alice: [
            stored('j1', result('alice', two(4, 0), '2026-12-01T10:00:00.000Z')),
            stored('j2', result('alice', two(4, 6), '2026-12-02T10:00:00.000Z', { late })),
          ],
          bob: [stored('j3', result('bob', two(4, 6), '2026-12-02T11:00:00.000Z', { late }))],
        },
        { now: AFTER_DUE },
      ),
    );
    expect(model.rows.map(({ rank, name, score, late: l }) => ({ rank, name, score, late: l }))).toEqual([
      { rank: 1, name: 'Calm Heron 102', score: 9, late: { days: 1, past_until: false } },
      { rank: 2, name: 'Brave Otter 417', score: 4, late: null },
    ]);
  });

  it('never shows hidden tests; before the due date scores count visible tests only', () => {
    const tests = [
      test('prints hello', 4, 4),
      test('edge cases', 0, 5, 'hidden'),
      test('style', 3, 3, 'after_due'),
    ];
    const results = {
      alice: [stored('j1', result('alice', tests, '2026-11-30T10:00:00.000Z'))],
      bob: [
        stored(
          'j2',
          result(
            'bob',
            [tests[0]!, test('edge cases', 5, 5, 'hidden'), tests[2]!],
            '2026-11-30T11:00:00.000Z',
          ),
        ),
      ],
    };
    const before = scoreboardData(input(results));
    expect(before.withheld_tests).toBe(true);
    expect(before.tests).toEqual([{ name: 'prints hello', max_score: 4 }]);
    // Bob passes the hidden test and alice does not; before the due date nobody can tell.
    expect(before.rows.map((row) => [row.name, row.score, row.max_score, row.tests])).toEqual([
      ['Brave Otter 417', 4, 4, [4]],
      ['Calm Heron 102', 4, 4, [4]],
    ]);

    const after = scoreboardData(input(results, { now: AFTER_DUE }));
    expect(after.withheld_tests).toBe(false);
    expect(after.tests).toEqual([
      { name: 'prints hello', max_score: 4 },
      { name: 'style', max_score: 3 },
    ]);
    expect(after.rows.map((row) => [row.name, row.score, row.max_score, row.tests])).toEqual([
      ['Calm Heron 102', 12, 12, [4, 3]],
      ['Brave Otter 417', 7, 12, [4, 3]],
    ]);
    expect(JSON.stringify([before, after])).not.toMatch(/edge cases|secret output/);
  });

  it("adds a grader's leaderboard values as columns, with their order", () => {
    const board = (time: number, accuracy: string) => ({
      leaderboard: [
        { name: 'time (s)', value: time, order: 'asc' as const },
        { name: 'accuracy', value: accuracy },
      ],
    });
    const model = scoreboardData(
      input(
        {
          alice: [stored('j1', result('alice', two(4, 6), '2026-11-30T10:00:00.000Z', board(1.5, '97%')))],
          bob: [stored('j2', result('bob', two(4, 0), '2026-11-30T10:00:00.000Z'))],
        },
        { assignment: assignment({ kind: 'grader' }) },
      ),
    );
    expect(model.leaderboard).toEqual([
      { name: 'time (s)', order: 'asc' },
      { name: 'accuracy', order: 'desc' },
    ]);
    expect(model.rows.map((row) => row.leaderboard)).toEqual([
      [1.5, '97%'],
      [null, null],
    ]);
  });

  /** Four students ranked alice, bob, dave, carol, submitting at the same time. */
  const fourStudents = () => ({
    alice: [stored('j1', result('alice', two(4, 6), '2026-11-30T10:00:00.000Z'))],
    bob: [stored('j2', result('bob', two(4, 0), '2026-11-30T10:00:00.000Z'))],
    carol: [stored('j3', result('carol', two(0, 0), '2026-11-30T10:00:00.000Z'))],
    dave: [stored('j4', result('dave', two(0, 1), '2026-11-30T10:00:00.000Z'))],
  });

  it('shows nicknames as such, tags names that two students share, and never a login', () => {
    const nicknames = new Map([
      ['alice', '<b>Ada</b>'],
      // Copies alice's nickname, and dave's pseudonym:
      ['bob', '<B>ADA</B>'],
      ['carol', 'keen yak 550'],
    ]);
    const model = scoreboardData(input(fourStudents(), { nicknames }));
    expect(model.rows.map((row) => [row.name, row.nickname])).toEqual([
      ['<b>Ada</b> (#a11c)', true],
      ['<B>ADA</B> (#b0b0)', true],
      ['Keen Yak 550 (#da7e)', false],
      ['keen yak 550 (#ca01)', true],
    ]);
    expect(JSON.stringify(model)).not.toMatch(/alice|bob|carol|dave|commit-/);
  });

  it("tags a nickname that only looks like someone's name: lookalike letters, digits, blanks", () => {
    const nicknames = new Map([
      // Alice's pseudonym with a zero for the O; Dave's with Cyrillic letters and a braille blank.
      ['bob', 'Brave 0tter 417'],
      ['carol', 'K\u0435\u0435n Yak 550\u2800'],
    ]);
    const model = scoreboardData(input(fourStudents(), { nicknames }));
    expect(model.rows.map((row) => row.name)).toEqual([
      'Brave Otter 417 (#a11c)',
      'Brave 0tter 417 (#b0b0)',
      'Keen Yak 550 (#da7e)',
      'K\u0435\u0435n Yak 550\u2800 (#ca01)',
    ]);
  });

  it('lists the assignments that have a scoreboard', () => {
    const index = scoreboardIndex(
      course('cs101', [
        assignment(),
        assignment({ id: 'hw2', title: 'Homework 2', scoreboard: false }),
        assignment({ id: 'hw3', title: 'Homework 3', due: null }),
      ]),
    );
    expect(index).toEqual({
      org: 'cs101',
      course: 'cs101-fall26',
      assignments: [
        { id: 'hw1', title: 'Homework 1: Hello', due: '2026-12-02T04:59:00.000Z' },
        { id: 'hw3', title: 'Homework 3', due: null },
      ],
    });
  });
});
