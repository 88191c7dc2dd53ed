/**
 * `gradebot grade` as a person runs it: a real process, the example course, real containers. Every
 * grading names its submission time, so no score depends on the day the tests run.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_COURSE, EXAMPLES, exampleSamples } from '../../scripts/example-samples.js';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';

const run = promisify(execFile);
const samples = await exampleSamples();
const partial = samples.onTime.find((s) => s.assignment === 'hw1' && s.sample === 'partial')!;
const correct = samples.onTime.find((s) => s.assignment === 'hw1' && s.sample === 'correct')!;

/** `gradebot grade <dir> --course <example course> --assignment <id> [more…]`. */
const grade = (dir: string, assignment: string, ...more: string[]) =>
  gradebot('grade', dir, '--course', EXAMPLE_COURSE, '--assignment', assignment, ...more);

describe('gradebot grade on the example course', () => {
  it.each(samples.onTime)(
    'scores $assignment/$sample $score points in JSON, submitted on time',
    async ({ assignment, sample, dir, submittedAt, score }) => {
      const { code, stdout, stderr } = await grade(dir, assignment, '--submitted-at', submittedAt, '--json');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const result = JSON.parse(stdout) as GradingResult;
      expect(result).toMatchObject({
        assignment,
        student: sample,
        status: 'graded',
        submitted_at: new Date(submittedAt).toISOString(),
        late: { days: 0, penalty: 0, past_until: false },
        score,
        raw_score: score,
      });
      expect(result.tests.length).toBeGreaterThan(0);
      expect(result.score).toBe(result.tests.reduce((sum, t) => sum + t.score, 0));
      expect(Date.parse(result.graded_at)).not.toBeNaN();
    },
  );

  it('prints a readable table with the score, quietly in a pipe', async () => {
    const { code, stdout, stderr } = await grade(partial.dir, 'hw1', '--submitted-at', partial.submittedAt);
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ prints hello +│ passed │ +4 \/ 4 │/);
    expect(stdout).toMatch(/│ sums large and negative numbers \(hidden\) +│ FAILED │/);
    expect(stdout).toContain(`Score: ${partial.score} / 20 points`);
    expect(stderr).toBe('');
  });

  it('applies the late penalty from the submission time', async () => {
    const { late } = samples;
    // Due 2026-12-01 23:59 in Toronto (EST, UTC-5); one minute late is one started day at 10 %.
    expect(late).toMatchObject({ assignment: 'hw1', sample: 'correct', submittedAt: '2026-12-02T05:00:00Z' });
    const { code, stdout } = await grade(late.dir, 'hw1', '--submitted-at', late.submittedAt, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      late: { days: 1, penalty: 0.1, past_until: false },
      score: late.score,
      raw_score: 20,
    });
  });

  it("reads a submission time without an offset in the course's time zone", async () => {
    // 23:31 in Toronto is 04:31 the next day in UTC: read as UTC it would be a day late.
    const { code, stdout, stderr } = await grade(
      correct.dir,
      'hw1',
      '--submitted-at',
      '2026-12-01 23:31',
      '--json',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({
      submitted_at: '2026-12-02T04:31:00.000Z',
      late: { days: 0, penalty: 0, past_until: false },
      score: 20,
    });
  });

  it('reads a submission time with an offset as written, whatever the course zone', async () => {
    // 23:31 in Vancouver is 02:31 in Toronto, past the due date.
    const at = '2026-12-01T23:31:00-08:00';
    const { code, stdout } = await grade(correct.dir, 'hw1', '--submitted-at', at, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      submitted_at: '2026-12-02T07:31:00.000Z',
      late: { days: 1, penalty: 0.1, past_until: false },
      score: 18,
    });
  });

  it('takes the submission time from the clock without --submitted-at', async () => {
    const before = Date.now();
    const { code, stdout } = await grade(partial.dir, 'hw1', '--json');
    const after = Date.now();
    expect(code).toBe(0);
    const submittedAt = Date.parse((JSON.parse(stdout) as GradingResult).submitted_at);
    expect(submittedAt).toBeGreaterThanOrEqual(before);
    expect(submittedAt).toBeLessThanOrEqual(after);
  });

  it('refuses a submission time it cannot read', async () => {
    const { code, stdout, stderr } = await grade(partial.dir, 'hw1', '--submitted-at', 'last friday');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      "gradebot: --submitted-at: expected a date like 2026-12-01 23:59 (in the course's time zone, " +
        `America/Toronto) or 2026-12-01T23:59:00-05:00, got "last friday"\n`,
    );
  });

  it('refuses a submission time the clocks skip in the course zone, saying so', async () => {
    const { code, stdout, stderr } = await grade(partial.dir, 'hw1', '--submitted-at', '2026-03-08 02:30');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'gradebot: --submitted-at: 2026-03-08 02:30 does not exist in America/Toronto ' +
        '(the clocks skip it for daylight saving time)\n',
    );
  });
});

describe('gradebot grade on a git work tree', () => {
  it('records the commit at HEAD', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-git-'));
    try {
      await cp(correct.dir, dir, { recursive: true });
      const git = (...args: string[]) => run('git', ['-C', dir, ...args]);
      await git('init', '-q');
      await git('add', '.');
      await git('-c', 'user.name=Student', '-c', 'user.email=s@example.com', 'commit', '-qm', 'hw1');
      const head = (await git('rev-parse', 'HEAD')).stdout.trim();
      const { stdout } = await grade(dir, 'hw1', '--submitted-at', correct.submittedAt, '--json');
      expect(JSON.parse(stdout)).toMatchObject({ commit: head, score: correct.score });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('gradebot grade when it cannot do its job', () => {
  it('exits non-zero with every course-file problem as file:line:col', async () => {
    const { code, stdout, stderr } = await gradebot(
      'grade',
      EXAMPLES,
      '--course',
      path.join(FIXTURES, 'courses', 'bad-size'),
      '--assignment',
      'hw1',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gradebot\.yml:\d+:\d+: .*expected a size like 512MiB, got "lots"$/m);
  });

  it('names an unknown assignment and the known ones', async () => {
    const { code, stderr } = await grade(EXAMPLES, 'hw9');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `gradebot: no assignment "hw9" in ${path.join(EXAMPLE_COURSE, 'gradebot.yml')}; known assignments: hw1, hw2`,
    );
  });

  it('refuses a submission folder that does not exist', async () => {
    const { code, stderr } = await grade('/nonexistent', 'hw1');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('gradebot: /nonexistent is not a folder');
  });
});
