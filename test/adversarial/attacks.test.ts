/**
 * The attacks a grading sandbox must survive (field notes §3), each graded for real: the attack is
 * ended by its own test's bound, never by the job's backstop, the score is what an honest reading
 * says, the sandbox keeps working or is stopped cleanly, and no container is left behind. How long
 * that takes is the benchmarks' business (a busy engine makes the kills slow); the tests print it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import type { GradingResult } from '../../src/results/results.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { FIXTURES, gradeFixture, loadFixtureCourse } from '../helpers/grading.js';

const provider = testProvider('attacks');
const submission = (name: string) => path.join(FIXTURES, 'adversarial', 'submissions', name);
let course: Course;

beforeAll(async () => {
  course = await loadFixtureCourse('adversarial/course');
});

afterEach(async () => {
  // Counted and removed: a leftover fails the test that left it, without poisoning the next.
  expect(await leftovers(provider)).toBe(0);
});

const attack = async (name: string, assignment = 'attack') => {
  const graded = await gradeFixture(provider, course, assignment, submission(name));
  console.log(`${name}: graded ${graded.result.status} after ${graded.elapsedMs} ms`);
  expectNotEndedByJobLimit(graded.result);
  return graded.result;
};

/** The job's own time limit (60 s here) is the backstop: reaching it means the attack's bound failed. */
const expectNotEndedByJobLimit = (result: GradingResult) => {
  expect(JSON.stringify(result)).not.toMatch(/time limit was reached/);
};

describe('a sandbox under attack', () => {
  it('contains a fork bomb within the pids limit', async () => {
    const result = await attack('fork-bomb');
    expect(result.status).toBe('graded');
    expect(result.tests[0]).toMatchObject({ name: 'attack', score: 0 });
    expect(['timeout', 'failed']).toContain(result.tests[0]!.status);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('contains a fork bomb that keeps retrying, killing it from outside', async () => {
    const result = await attack('persistent-fork-bomb');
    expect(result.tests[0]).toMatchObject({ name: 'attack', status: 'timeout', score: 0 });
    // Either the repeated kills won and the sandbox goes on, or it was stopped and says so.
    const next = result.tests[1]!;
    if (next.status === 'passed') expect(next.score).toBe(1);
    else
      expect(next).toMatchObject({ status: 'error', output: expect.stringMatching(/sandbox was stopped/) });
  });

  it('ends a job whose every pid is held, lending the kill a few pids, and goes on', async () => {
    // With every pid held the engine cannot start even `kill` (exit 126: runc needs a pid in the
    // container's cgroup); the limit is raised by a few pids for the kill and then put back.
    const result = await attack('pids-held');
    expect(result.tests[0]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[1]).toMatchObject({ name: 'still alive', status: 'passed', score: 1 });
  });

  it('kills a memory bomb at the memory limit, with no swap to hide in', async () => {
    // Its own assignment gives it 30 s: on a busy machine python alone can take longer than the
    // 4 s the other attacks get, and then the timeout, not the memory limit, would end it.
    const result = await attack('memory-bomb', 'memory');
    expect(result.tests[0]).toMatchObject({ status: 'failed', score: 0 });
    expect(result.tests[0]!.output).toMatch(/137|memory/i);
    expect(result.tests[1]).toMatchObject({ name: 'still alive', status: 'passed', score: 1 });
  });

  it('stops a disk fill at the writable space limit', async () => {
    const result = await attack('disk-fill');
    expect(result.tests[0]).toMatchObject({ status: 'failed', score: 0 });
    // ls -l reports what was written: never more than the 32 MiB cap.
    const sizes = [...result.tests[0]!.output.matchAll(/ (\d{6,}) /g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(result.tests[1]).toMatchObject({ status: 'passed' });
  });

  it('caps a 1 GB flood on stdout, keeping head and tail', async () => {
    const result = await attack('output-flood');
    expect(result.tests[0]!.score).toBe(0);
    expect(['failed', 'timeout']).toContain(result.tests[0]!.status);
    expect(result.tests[0]!.output.length).toBeLessThan(200_000);
    expect(result.tests[0]!.output).toMatch(/elided/);
    expect(result.tests[1]).toMatchObject({ status: 'passed' });
  });

  it('times out an infinite loop from outside', async () => {
    const result = await attack('infinite-loop');
    expect(result.tests[0]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[1]).toMatchObject({ status: 'passed' });
  });

  it('kills a process that ignores SIGTERM and sleeps forever', async () => {
    const result = await attack('sleep-ignoring-term');
    expect(result.tests[0]).toMatchObject({ status: 'timeout', score: 0 });
    expect(result.tests[1]).toMatchObject({ status: 'passed' });
  });

  it('has no network but loopback', async () => {
    const result = await attack('network');
    const output = result.tests[0]!.output;
    expect(output).not.toMatch(/connected to/);
    expect(output.match(/^blocked:/gm)).toHaveLength(3);
    expect(output).not.toMatch(/eth0/);
  });

  it('reaps zombie processes', async () => {
    const result = await attack('zombies');
    expect(result.tests[0]).toMatchObject({ status: 'passed', score: 1 });
  });

  it('ends a build step that never finishes, failing every test', async () => {
    const graded = await gradeFixture(provider, course, 'build-forever', submission('infinite-loop'));
    expectNotEndedByJobLimit(graded.result);
    expect(graded.result.tests).toEqual([
      expect.objectContaining({ name: 'never reached', status: 'error', score: 0 }),
    ]);
    expect(graded.result.tests[0]!.output).toMatch(/build did not finish/);
  });

  it('never lets a hidden expected output into the container', async () => {
    const result = await attack('read-secret', 'secret');
    expect(result.tests[0]).toMatchObject({ status: 'failed', score: 0 });
    expect(JSON.stringify(result)).not.toContain('the-hidden-answer-7f3a');
    // The rest of the assignment folder is there, read-only.
    expect(result.tests[0]!.output).toContain('README.txt');
  });

  it('refuses symlinks planted in /autograder/results', async () => {
    const result = await attack('results-symlink', 'grader');
    expect(result.status).toBe('error');
    expect(result.score).toBe(0);
    expect(result.output).toMatch(/symbolic link/);
  });

  it('rejects a submission larger than the writable space, without grading it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-huge-'));
    try {
      await writeFile(path.join(dir, 'attack.sh'), 'echo survived\n');
      await writeFile(path.join(dir, 'padding.bin'), Buffer.alloc(40 * 1024 * 1024));
      const { result } = await gradeFixture(provider, course, 'attack', dir);
      expect(result).toMatchObject({ status: 'rejected', score: 0, tests: [] });
      expect(result.output).toBe(
        "the submission is larger than the sandbox's writable space (32 MiB); it was not graded.",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
