/**
 * `gradebot grade` as a person runs it: a real process, the example course, real containers.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/grading.js';

const run = promisify(execFile);
const examples = path.join(REPO_ROOT, 'examples');

const expected = JSON.parse(await readFile(path.join(examples, 'expected-scores.json'), 'utf8')) as Record<
  string,
  Record<string, number>
>;
const samples = Object.entries(expected).flatMap(([assignment, scores]) =>
  Object.entries(scores).map(([sample, score]) => ({ assignment, sample, score })),
);

describe('gradebot grade on the example course', () => {
  it.each(samples)(
    'scores $assignment/$sample $score points in JSON',
    async ({ assignment, sample, score }) => {
      const dir = path.join(examples, 'submissions', assignment, sample);
      const { code, stdout } = await gradebot(
        'grade',
        dir,
        '--course',
        path.join(examples, 'course'),
        '--assignment',
        assignment,
        '--json',
      );
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as GradingResult;
      expect(result).toMatchObject({
        assignment,
        student: sample,
        status: 'graded',
        score,
        raw_score: score,
      });
      expect(result.tests.length).toBeGreaterThan(0);
      expect(result.score).toBe(result.tests.reduce((sum, t) => sum + t.score, 0));
      for (const key of ['submitted_at', 'graded_at'])
        expect(Date.parse(result[key as 'graded_at'])).not.toBeNaN();
    },
  );

  it('prints a readable table with the score, quietly in a pipe', async () => {
    const dir = path.join(examples, 'submissions', 'hw1', 'partial');
    const { code, stdout, stderr } = await gradebot(
      'grade',
      dir,
      '--course',
      path.join(examples, 'course'),
      '--assignment',
      'hw1',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ prints hello +│ passed │ +4 \/ 4 │/);
    expect(stdout).toMatch(/│ sums large and negative numbers \(hidden\) +│ FAILED │/);
    expect(stdout).toContain(`Score: ${expected.hw1!.partial} / 20 points`);
    expect(stderr).toBe('');
  });

  it('applies the late penalty from the submission time', async () => {
    const dir = path.join(examples, 'submissions', 'hw1', 'correct');
    // Due 2026-12-01 23:59 in Toronto (EST, UTC-5); one minute late is one started day at 10 %.
    const { stdout } = await gradebot(
      'grade',
      dir,
      '--course',
      path.join(examples, 'course'),
      '--assignment',
      'hw1',
      '--json',
      '--submitted-at',
      '2026-12-02T05:00:00Z',
    );
    expect(JSON.parse(stdout)).toMatchObject({
      late: { days: 1, penalty: 0.1, past_until: false },
      score: 18,
      raw_score: 20,
    });
  });
});

describe('gradebot grade on a git work tree', () => {
  it('records the commit at HEAD', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-git-'));
    try {
      await cp(path.join(examples, 'submissions', 'hw1', 'correct'), dir, { recursive: true });
      const git = (...args: string[]) => run('git', ['-C', dir, ...args]);
      await git('init', '-q');
      await git('add', '.');
      await git('-c', 'user.name=Student', '-c', 'user.email=s@example.com', 'commit', '-qm', 'hw1');
      const head = (await git('rev-parse', 'HEAD')).stdout.trim();
      const { stdout } = await gradebot(
        'grade',
        dir,
        '--course',
        path.join(examples, 'course'),
        '--assignment',
        'hw1',
        '--json',
      );
      expect(JSON.parse(stdout)).toMatchObject({ commit: head, score: 20 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('gradebot grade when it cannot do its job', () => {
  it('exits non-zero with every course-file problem as file:line:col', async () => {
    const { code, stdout, stderr } = await gradebot(
      'grade',
      examples,
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
    const { code, stderr } = await gradebot(
      'grade',
      examples,
      '--course',
      path.join(examples, 'course'),
      '--assignment',
      'hw9',
    );
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `gradebot: no assignment "hw9" in ${path.join(examples, 'course', 'gradebot.yml')}; known assignments: hw1, hw2`,
    );
  });

  it('refuses a submission folder that does not exist', async () => {
    const { code, stderr } = await gradebot(
      'grade',
      '/nonexistent',
      '--course',
      path.join(examples, 'course'),
      '--assignment',
      'hw1',
    );
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('gradebot: /nonexistent is not a folder');
  });
});
