/**
 * A declarative test's `setup`, graded for real: it runs first in the same folder, its output is never
 * compared, a failing setup fails the test without running its command, and both share one time budget
 * unless the setup has a `setup_timeout` of its own.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load-course.js';
import type { GradingResult } from '../../src/results/results.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { gradeFixture } from '../helpers/grading.js';

const provider = testProvider('test-setup');
const COURSE = `
course: setup-check
defaults: { image: gradebot/base:latest }
assignments:
  hw:
    tests:
      - name: setup makes what run uses, and its own output is not compared
        setup: echo "noise from setup"; echo built > artifact.txt; cat
        run: cat artifact.txt
        stdout: "built\\n"
        match: exact
      - name: failing setup
        setup: echo "cannot prepare" >&2; exit 3
        run: touch ran-anyway; echo ok
        stdout: ok
      - name: the failed test's command never ran
        run: test ! -e ran-anyway
      - name: setup and run share the time budget
        setup: sleep 1.5
        run: sleep 1.5
        timeout: 2s
      - name: setup that times out
        setup: sleep 30
        run: "true"
        timeout: 1s
      - name: setup and run each within their own limit
        setup: sleep 2
        setup_timeout: 3s
        run: sleep 2
        timeout: 3s
      - name: run out of time after a setup with its own limit
        setup: "true"
        setup_timeout: 5s
        run: sleep 30
        timeout: 1s
      - name: setup out of its own limit
        setup: sleep 30
        setup_timeout: 1s
        run: "true"
        timeout: 5s
`;

let root: string;
let result: GradingResult;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gradebot-setup-'));
  await mkdir(path.join(root, 'course', 'hw'), { recursive: true });
  await mkdir(path.join(root, 'submission'));
  await writeFile(path.join(root, 'course', 'gradebot.yml'), COURSE);
  await writeFile(path.join(root, 'submission', 'README'), 'nothing to see\n');
  const course = await loadCourse(path.join(root, 'course'));
  result = (await gradeFixture(provider, course, 'hw', path.join(root, 'submission'))).result;
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  expect(await leftovers(provider)).toBe(0);
});

describe('a test with a setup command', () => {
  it('runs setup first, with end-of-file on stdin, and compares only the command output', () => {
    expect(result.tests[0]).toMatchObject({ status: 'passed', score: 1 });
  });

  it('fails without running the command when setup exits non-zero, showing the setup output', () => {
    expect(result.tests[1]).toMatchObject({ status: 'failed', score: 0 });
    expect(result.tests[1]!.output).toContain('the setup failed (exit status 3), so the test was not run.');
    expect(result.tests[1]!.output).toContain('--- setup stderr ---\ncannot prepare');
    expect(result.tests[2]).toMatchObject({ status: 'passed', score: 1 });
  });

  it('gives setup and command one budget', () => {
    expect(result.tests[3]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[3]!.output).toContain('timed out after 2 s (setup and run together)');
    expect(result.tests[3]!.duration_ms).toBeGreaterThanOrEqual(1500);
  });

  it('reports a setup that runs out of time as a timeout', () => {
    expect(result.tests[4]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[4]!.output).toContain('the setup timed out after 1 s');
  });

  it('gives setup its own limit and run the whole timeout when setup_timeout is set', () => {
    expect(result.tests[5]).toMatchObject({ status: 'passed', score: 1 });
    // 4 s in all, past the 3 s they would share without setup_timeout (measured to the ms, so not
    // exactly 4000: session 10's load check saw 2999 for two sleeps of 1.5 s).
    expect(result.tests[5]!.duration_ms).toBeGreaterThanOrEqual(3500);
    expect(result.tests[6]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[6]!.output).toMatch(/^timed out after 1 s\n/);
    expect(result.tests[7]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[7]!.output).toContain('the setup timed out after 1 s, so the test was not run.');
  });

  it('scores the rest: 3 of 8 points', () => {
    expect([result.score, result.max_score]).toEqual([3, 8]);
  });
});
