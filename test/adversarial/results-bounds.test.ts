/**
 * What a results.json written by student code can do to a result and to the scoreboard (issue 15,
 * findings 1 and 9), graded for real: the student's code runs inside a grader and writes the file.
 * Tests, names and leaderboard text are cut to their bounds and scores clamped to 0..max, with a
 * note saying what was cut; the board built from such results stays small.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import { BoardCache } from '../../src/reporters/scoreboard/board-cache.js';
import { MAX_TEST_COLUMNS, scoreboardData } from '../../src/reporters/scoreboard/scoreboard-data.js';
import { renderBoard } from '../../src/reporters/scoreboard/views.js';
import type { GradingResult } from '../../src/results/results.js';
import { RESULTS_BOUNDS } from '../../src/results/results-bounds.js';
import {
  CourseRegistry,
  type PublishedAssignment,
  type PublishedCourse,
} from '../../src/store/course-registry.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { openStores } from '../../src/store/open-stores.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { loadFixtureCourse } from '../helpers/grading.js';
import { ownRedis } from '../helpers/redis-server.js';
import { gradeWriter, writing } from '../helpers/results-writer.js';

const provider = testProvider('results-bounds');
let course: Course;

beforeAll(async () => {
  course = await loadFixtureCourse('adversarial/results-course');
});

afterEach(async () => {
  expect(await leftovers(provider)).toBe(0);
});

const grade = (assignment: string, script: string) => gradeWriter(provider, course, assignment, script);

/** The published course of the board tests: one grader assignment with a scoreboard, no due date. */
const HW2: PublishedAssignment = {
  id: 'hw2',
  title: 'Homework 2',
  repos: 'free-*',
  kind: 'grader',
  due: null,
  late: null,
  limit: null,
  scoreboard: true,
};
const COURSE: PublishedCourse = {
  org: 'cs101',
  course: 'cs101',
  timezone: 'UTC',
  commit: 'c0ffee',
  archive: 'sha256:0',
  installation: 1,
  publishedAt: '2026-11-01T00:00:00.000Z',
  assignments: [HW2],
};

/** 100,000 uniquely named tests (about 4 MB), three names of 5,000 characters, a long leaderboard. */
const FLOOD_SCRIPT = `
import json
tests = [{"name": "n" * 5000 + str(i), "score": 0, "max_score": 0} for i in range(3)]
tests += [{"name": "test %06d" % i, "score": 1, "max_score": 1} for i in range(100000)]
board = [{"name": "b" * 500 + str(i), "value": "v" * 5000} for i in range(50)]
json.dump({"tests": tests, "leaderboard": board}, open('/autograder/results/results.json', 'w'))
`;

describe('finding 1: a results.json flood is cut to bounds, and says so', () => {
  it('keeps 1,000 tests of 100,003, clips names and leaderboard text, and notes every cut', async () => {
    const result = await grade('without-points', FLOOD_SCRIPT);
    expect(result.status).toBe('graded');
    expect(result.tests).toHaveLength(RESULTS_BOUNDS.tests);
    for (const test of result.tests)
      expect([...test.name].length).toBeLessThanOrEqual(RESULTS_BOUNDS.nameLength);
    expect(result.leaderboard).toHaveLength(RESULTS_BOUNDS.leaderboardEntries);
    for (const entry of result.leaderboard ?? []) {
      expect([...entry.name].length).toBeLessThanOrEqual(RESULTS_BOUNDS.leaderboardText);
      expect([...String(entry.value)].length).toBeLessThanOrEqual(RESULTS_BOUNDS.leaderboardText);
    }
    // The score still counts every test reported.
    expect(result).toMatchObject({ score: 100_000, max_score: 100_000 });
    expect(result.output).toMatch(/100003 tests were reported; the first 1000 are kept/);
    expect(result.output).toMatch(/3 test name\(s\) were cut to 200 characters/);
    expect(result.output).toMatch(/50 leaderboard entries were reported; the first 20 are kept/);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(300_000);
  }, 120_000);
});

describe('finding 9: grader scores are clamped to 0..max, and non-finite ones refused', () => {
  it('clamps 1e300 to the assignment’s points and per-test scores to 0..max_score', async () => {
    const json =
      '{"score": 1e300, "tests": [{"name": "a", "score": 1.7e308, "max_score": 5}, {"name": "b", "score": -3, "max_score": 5}]}';
    const result = await grade('with-points', writing(json));
    expect(result).toMatchObject({ status: 'graded', score: 10, raw_score: 10, max_score: 10 });
    expect(result.tests.map((t) => [t.name, t.score, t.max_score])).toEqual([
      ['a', 5, 5],
      ['b', 0, 5],
    ]);
    expect(result.output).toMatch(/the score 1e\+300 was limited to 10/);
    expect(result.output).toMatch(/2 test score\(s\) outside 0 to max_score/);
  }, 60_000);

  it('bounds a test’s max_score, so 1.7e308 is never stored as Infinity (null)', async () => {
    const json =
      '{"tests": [{"name": "huge", "score": 1.7e308, "max_score": 1.7e308}, {"name": "minus", "score": -50, "max_score": -1}]}';
    const result = await grade('without-points', writing(json));
    expect(result.status).toBe('graded');
    const stored = JSON.parse(JSON.stringify(result)) as GradingResult;
    expect(stored).toMatchObject({ score: RESULTS_BOUNDS.points, max_score: RESULTS_BOUNDS.points });
    expect(stored.tests.map((t) => [t.score, t.max_score])).toEqual([
      [RESULTS_BOUNDS.points, RESULTS_BOUNDS.points],
      [0, 0],
    ]);
  }, 60_000);

  it('clamps a negative total to 0', async () => {
    const result = await grade('with-points', writing('{"score": -1e300}'));
    expect(result).toMatchObject({ status: 'graded', score: 0, max_score: 10 });
  }, 60_000);

  it('refuses a score that overflows to Infinity, with a clear error', async () => {
    const result = await grade('with-points', writing('{"score": 1e999}'));
    expect(result).toMatchObject({ status: 'error', score: 0 });
    expect(result.output).toMatch(/score: expected a finite number, got Infinity/);
  }, 60_000);
});

describe('finding 1: the board of a class with a flooding student stays small', () => {
  const HONEST = ['parses', 'prints', 'sorts', 'searches', 'exits'];
  const honestScript = writing(
    JSON.stringify({ tests: HONEST.map((name) => ({ name, score: 1, max_score: 1 })) }),
  );

  it('shows at most 100 test columns, the class’s own first, and renders once per change', async () => {
    const flood = await grade('without-points', FLOOD_SCRIPT);
    const honest = await grade('without-points', honestScript);
    const server = await ownRedis();
    await server.start();
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    try {
      const prefix = 'bounds';
      await new CourseRegistry(redis, prefix).publish(COURSE);
      const store = new ResultsStore(redis, prefix);
      const save = (student: string, result: GradingResult, minute: number) => {
        const at = new Date(Date.UTC(2026, 10, 20, 0, minute)).toISOString();
        return store.save('cs101', `job-${student}`, {
          ...result,
          assignment: 'hw2',
          student,
          submitted_at: at,
          graded_at: at,
        });
      };
      await save('mallory', flood, 0);
      for (let i = 1; i <= 40; i += 1) await save(`student${i}`, honest, i);

      const boards = new BoardCache({
        stores: openStores(redis, prefix),
        pseudonymKey: randomBytes(32).toString('hex'),
        now: () => new Date('2026-12-01T00:00:00Z'),
      });
      const board = (await boards.board('cs101', 'hw2'))!;
      expect(board.model.rows).toHaveLength(41);
      expect(board.model.tests.length).toBeLessThanOrEqual(MAX_TEST_COLUMNS);
      // Every student's tests count; one student's 1,000 names cannot push the class's out.
      expect(board.model.tests.map((column) => column.name)).toEqual(expect.arrayContaining(HONEST));
      let renders = 0;
      const render = (model: typeof board.model) => {
        renders += 1;
        return renderBoard(model, { projector: false, timezone: 'UTC' });
      };
      const html = board.rendered('html', render);
      expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
      expect(Buffer.byteLength(JSON.stringify(board.model))).toBeLessThan(200_000);

      // Rendered once per change: a second request reuses the page, a saved result renders anew.
      expect((await boards.board('cs101', 'hw2'))!.rendered('html', render)).toBe(html);
      expect(renders).toBe(1);
      await save('student41', honest, 41);
      boards.invalidate('cs101', 'hw2');
      const after = (await boards.board('cs101', 'hw2'))!;
      after.rendered('html', render);
      expect(renders).toBe(2);
      expect(after.model.rows).toHaveLength(42);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  }, 120_000);
});

describe('finding 1: a result stored before the bounds cannot widen the board either', () => {
  it('clips test and leaderboard names and text values on the board', () => {
    const huge = 'x'.repeat(100_000);
    const result: GradingResult = {
      assignment: 'hw2',
      student: 'mallory',
      commit: null,
      submitted_at: '2026-11-20T00:00:00.000Z',
      graded_at: '2026-11-20T00:00:01.000Z',
      late: null,
      status: 'graded',
      score: 1,
      raw_score: 1,
      max_score: 1,
      output: '',
      tests: [
        {
          name: huge,
          score: 1,
          max_score: 1,
          status: 'passed',
          output: '',
          visibility: 'visible',
          duration_ms: 0,
        },
      ],
      leaderboard: [{ name: huge, value: huge }],
    };
    const model = scoreboardData({
      course: COURSE,
      assignment: HW2,
      results: new Map([['mallory', [{ jobId: 'j1', org: 'cs101', result }]]]),
      nicknames: new Map(),
      pseudonymOf: () => ({ name: 'Brave Otter 1', tag: '0000' }),
      now: new Date('2026-12-01T00:00:00Z'),
    });
    expect(Buffer.byteLength(JSON.stringify(model))).toBeLessThan(2_000);
    expect(model.rows[0]!.tests).toEqual([1]);
  });
});
