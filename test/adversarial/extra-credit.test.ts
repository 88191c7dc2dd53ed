/**
 * Extra credit, graded for real (issue 15, finding 9): on an assignment with `extra_credit: 2` and
 * 10 points, the student's code writes results.json with scores above the maximum. What stays
 * within the cap reaches the stored result, the check run, the gradebook and the scoreboard as
 * written; what goes beyond is clamped to 12 with a note; a late penalty takes its share of the
 * extra credit too.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import { gradebookRows } from '../../src/gradebook/gradebook-rows.js';
import { checkRunOutput } from '../../src/reporters/check-run-output.js';
import { scoreboardData } from '../../src/reporters/scoreboard/scoreboard-data.js';
import type { GradingResult } from '../../src/results/results.js';
import { publishedAssignment } from '../../src/store/course-registry.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { loadFixtureCourse } from '../helpers/grading.js';
import { gradeWriter, writing } from '../helpers/results-writer.js';

const provider = testProvider('extra-credit');
let course: Course;

beforeAll(async () => {
  course = await loadFixtureCourse('adversarial/results-course');
});

afterEach(async () => {
  expect(await leftovers(provider)).toBe(0);
});

const DUE = new Date('2026-11-20T23:59:00Z');
const ON_TIME = new Date('2026-11-20T12:00:00Z');
const ONE_DAY_LATE = new Date('2026-11-21T12:00:00Z');

const grade = (json: string, submittedAt: Date) =>
  gradeWriter(provider, course, 'extra-credit', writing(json), submittedAt);

/** Reads as it would from Redis: JSON has no Infinity, and nothing but plain data survives. */
const stored = (result: GradingResult): GradingResult => JSON.parse(JSON.stringify(result)) as GradingResult;

describe('finding 9: extra credit up to the assignment’s cap', () => {
  it('keeps a test above its max_score and a total above the maximum, within extra_credit', async () => {
    const json =
      '{"tests": [{"name": "a", "score": 7, "max_score": 5}, {"name": "b", "score": 4, "max_score": 5}]}';
    const result = stored(await grade(json, ON_TIME));
    expect(result).toMatchObject({ status: 'graded', score: 11, raw_score: 11, max_score: 10, output: '' });
    expect(result.tests.map((t) => [t.name, t.score, t.max_score, t.status])).toEqual([
      ['a', 7, 5, 'passed'],
      ['b', 4, 5, 'failed'],
    ]);
    const check = checkRunOutput(result, { now: ON_TIME, due: DUE, timezone: 'UTC' });
    expect(check).toMatchObject({ title: '11 / 10 points', conclusion: 'success' });
    expect(check.summary).toContain('| a | ✅ passed | 7 / 5 |');
  }, 60_000);

  it('clamps a total beyond the cap to the maximum plus extra_credit, and says so', async () => {
    const result = stored(
      await grade('{"score": 1e300, "tests": [{"name": "a", "score": 9, "max_score": 10}]}', ON_TIME),
    );
    expect(result).toMatchObject({ status: 'graded', score: 12, raw_score: 12, max_score: 10 });
    expect(result.output).toMatch(/the score 1e\+300 was limited to 12 \(.*plus 2 points of extra credit\)/);
  }, 60_000);

  it('applies a late penalty to the whole score, extra credit included; the gradebook and the board keep both', async () => {
    const onTime = stored(await grade('{"score": 11}', ON_TIME));
    const late = stored(await grade('{"score": 12}', ONE_DAY_LATE));
    expect(late).toMatchObject({
      score: 10.8,
      raw_score: 12,
      max_score: 10,
      late: { days: 1, penalty: 0.1 },
    });
    expect(checkRunOutput(late, { now: ONE_DAY_LATE, due: DUE, timezone: 'UTC' }).title).toBe(
      'Late (1 day): 10.8 / 10 points (raw 12)',
    );
    const entry = (result: GradingResult, jobId: string) => ({ jobId, org: 'cs101', result });
    const results = new Map([['alice', [entry(onTime, 'j1'), entry(late, 'j2')]]]);
    const [row] = gradebookRows(['alice'], results);
    expect([row?.best_on_time, row?.best_with_penalty, row?.max_score, row?.late_days]).toEqual([
      11, 11, 10, 0,
    ]);
    const assignment = publishedAssignment(course.assignments.find((a) => a.id === 'extra-credit')!);
    const published = { org: 'cs101', course: course.course, timezone: 'UTC', commit: 'c0ffee' };
    const board = scoreboardData({
      course: {
        ...published,
        archive: 'sha256:0',
        installation: 1,
        publishedAt: '',
        assignments: [assignment],
      },
      assignment,
      results,
      nicknames: new Map(),
      pseudonymOf: () => ({ name: 'Brave Otter', tag: '0000' }),
      now: ONE_DAY_LATE,
    });
    expect(board.rows).toMatchObject([{ rank: 1, score: 11, max_score: 10, late: null }]);
  }, 60_000);
});
