/**
 * The prestart pool moves container creation ahead of the job, and changes nothing else: the job
 * after a job runs in a container that was started for it alone, with nothing of the first left.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Course } from '../../src/course/types.js';
import { PRESTARTED_JOB, PrestartPool } from '../../src/runner/sandbox/prestart-pool.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { gradeFixture, loadFixtureCourse } from '../helpers/grading.js';

const provider = testProvider('prestart');
const pool = new PrestartPool(provider, { size: 1 });
let course: Course;
let submission: string;

beforeAll(async () => {
  course = await loadFixtureCourse('queue-course');
  submission = await mkdtemp(path.join(os.tmpdir(), 'gradebot-iso-'));
  await writeFile(path.join(submission, 'README.txt'), 'a student');
});

afterAll(async () => {
  await pool.close();
  expect(await leftovers(provider)).toBe(0);
  await rm(submission, { recursive: true, force: true });
});

it('runs the next job in a fresh, prestarted container with nothing of the last job in it', async () => {
  const first = await gradeFixture(pool, course, 'isolation', submission);
  expect(first.result.tests.map((t) => [t.name, t.status])).toEqual([
    ['starts clean', 'passed'],
    ['leaves traces', 'passed'],
    ['sees its own traces', 'passed'],
  ]);

  // The first job's container is gone; one for the next job waits, started.
  const waiting = await provider.listManaged();
  expect(waiting.map((c) => c.jobId)).toEqual([PRESTARTED_JOB]);
  const containerOf = (output: string) => /--- stderr ---\n([0-9a-f]{64})/.exec(output)?.[1];
  expect(containerOf(first.result.tests[0]!.output)).not.toBe(waiting[0]!.id);

  const second = await gradeFixture(pool, course, 'isolation', submission);
  expect(second.result.tests[0]).toMatchObject({ name: 'starts clean', status: 'passed' });
  expect(containerOf(second.result.tests[0]!.output)).toBe(waiting[0]!.id);
});
