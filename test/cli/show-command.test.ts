/**
 * `gradebot show` against real Redis: results saved through the results store as runners save
 * them (some with the runner's grading record, one from before runners recorded it), read back as
 * staff see them: every submission of a student with hidden tests and staff output, or the latest
 * of each student; as a table and as JSON; unknown names answered with what exists.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingResult, TestResult } from '../../src/results/results.js';
import { runShow, type ShowCommandOptions } from '../../src/cli/show-command.js';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import { CourseRegistry, type PublishedCourse } from '../../src/store/course-registry.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { connect, dropPrefix, REDIS_URL, testPrefix } from '../helpers/queue.js';
import { storedResult } from '../helpers/stored-result.js';

const prefix = testPrefix();
let redis: Redis;

const HIDDEN: TestResult = {
  name: 'edge cases',
  score: 0,
  max_score: 4,
  status: 'failed',
  output: 'expected 0, got -1',
  visibility: 'hidden',
  duration_ms: 120,
};
const VISIBLE: TestResult = {
  ...HIDDEN,
  name: 'basics',
  score: 6,
  max_score: 6,
  status: 'passed',
  output: '',
  visibility: 'visible',
};

function result(student: string, at: string, fields: Partial<GradingResult> = {}): GradingResult {
  return storedResult('unused', { student, submitted_at: at, graded_at: at, ...fields }).result;
}

const COURSE = {
  org: 'cs101',
  assignments: [{ id: 'hw1' }, { id: 'hw2' }],
} as unknown as PublishedCourse;

async function show(options: Omit<ShowCommandOptions, 'redis' | 'prefix'>) {
  const terminal = createRecordingTerminal();
  const code = await runShow({ ...options, redis: REDIS_URL, prefix }, terminal);
  return { code, stdout: terminal.stdout, stderr: terminal.stderr };
}

beforeAll(async () => {
  redis = connect();
  await new CourseRegistry(redis, prefix).publish(COURSE);
  const results = new ResultsStore(redis, prefix);
  // Stored before runners recorded who graded it.
  await results.save(
    'cs101',
    'job-a1',
    result('Alice', '2026-12-01T10:00:00.000Z', { score: 6, tests: [VISIBLE] }),
  );
  await results.save(
    'cs101',
    'job-a2',
    result('alice', '2026-12-02T10:00:00.000Z', {
      score: 6,
      late: { days: 1, penalty: 0.1, past_until: false },
      raw_score: 6,
      tests: [VISIBLE, HIDDEN],
      staff_output: 'grader log: edge case 3 failed',
    }),
    undefined,
    { runner: 'runner-7', grading_ms: 3_400, queued_ms: 250 },
  );
  await results.save('cs101', 'job-b1', result('bob', '2026-12-01T12:00:00.000Z', { score: 10 }), undefined, {
    runner: 'runner-2',
    grading_ms: 900,
    queued_ms: 0,
  });
});

afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('gradebot show', () => {
  it("lists every submission of a student, oldest first, with hidden tests, staff output and the runner's record", async () => {
    const { code, stdout } = await show({ org: 'cs101', assignment: 'hw1', student: 'ALICE' });

    expect(code).toBe(0);
    const first = stdout.indexOf('submission 1 of 2 · job job-a1');
    const second = stdout.indexOf('submission 2 of 2 · job job-a2');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    const shown = [
      '(runner not recorded)',
      'by runner-7 in 3.4 s after 250 ms queued',
      'edge cases (hidden)',
      'expected 0, got -1',
      'grader log: edge case 3 failed',
      'Late (1 day)',
    ];
    expect(shown.filter((text) => !stdout.includes(text))).toEqual([]);
  });

  it("without --student, shows each student's latest submission in a row", async () => {
    const { code, stdout } = await show({ org: 'cs101', assignment: 'hw1' });

    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => /job-/.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/alice .*graded .*6 \/ 10 .*runner-7 .*3\.4 s .*job-a2/);
    expect(rows[1]).toMatch(/bob .*graded .*10 \/ 10 .*runner-2 .*900 ms .*job-b1/);
  });

  it('prints the staff view as JSON', async () => {
    const history = JSON.parse(
      (await show({ org: 'cs101', assignment: 'hw1', student: 'alice', json: true })).stdout,
    );
    const latest = JSON.parse((await show({ org: 'cs101', assignment: 'hw1', json: true })).stdout);

    expect(history).toMatchObject({ org: 'cs101', assignment: 'hw1', student: 'alice' });
    expect(history.submissions.map((s: { job_id: string }) => s.job_id)).toEqual(['job-a1', 'job-a2']);
    expect(history.submissions[0].grading).toBeNull();
    expect(history.submissions[1]).toMatchObject({
      student: 'alice',
      job_id: 'job-a2',
      grading: { runner: 'runner-7', grading_ms: 3_400, queued_ms: 250 },
      result: { staff_output: 'grader log: edge case 3 failed', tests: [VISIBLE, HIDDEN] },
    });
    expect(latest.student).toBeNull();
    expect(latest.submissions.map((s: { student: string; job_id: string }) => [s.student, s.job_id])).toEqual(
      [
        ['alice', 'job-a2'],
        ['bob', 'job-b1'],
      ],
    );
  });

  it('names what exists when the organisation, assignment or student is unknown', async () => {
    const org = await show({ org: 'cs999', assignment: 'hw1' });
    const assignment = await show({ org: 'cs101', assignment: 'hw9' });
    const student = await show({ org: 'cs101', assignment: 'hw1', student: 'carol' });
    const nobody = await show({ org: 'cs101', assignment: 'hw2', student: 'carol' });

    expect([org.code, assignment.code, student.code, nobody.code]).toEqual([1, 1, 1, 1]);
    expect(org.stderr).toBe(
      'gradebot: unknown organisation cs999: no course is published for it and it has no results for hw1\n',
    );
    expect(assignment.stderr).toBe('gradebot: cs101 has no assignment hw9 (its course has: hw1, hw2)\n');
    expect(student.stderr).toBe('gradebot: carol has no submissions of cs101/hw1 (submitted: alice, bob)\n');
    expect(nobody.stderr).toBe('gradebot: carol has no submissions of cs101/hw2 (submitted: nobody yet)\n');
  });
});
