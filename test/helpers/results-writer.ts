/**
 * Grading where the student's code writes results.json itself (the fixture course
 * test/fixtures/adversarial/results-course), as when a grader imports the student's module in the
 * process that writes the results.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Course } from '../../src/course/types.js';
import type { GradingResult } from '../../src/results/results.js';
import type { SandboxProvider } from '../../src/runner/sandbox/sandbox.js';
import { gradeFixture } from './grading.js';

/** Grades a submission whose write_results.py is `script` (Python, run inside the grader). */
export async function gradeWriter(
  provider: SandboxProvider,
  course: Course,
  assignment: string,
  script: string,
  submittedAt?: Date,
): Promise<GradingResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-results-'));
  try {
    await writeFile(path.join(dir, 'write_results.py'), script);
    return (await gradeFixture(provider, course, assignment, dir, submittedAt)).result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A write_results.py that writes `json` as results.json, byte for byte. */
export const writing = (json: string) =>
  `open('/autograder/results/results.json', 'w').write(${JSON.stringify(json)})\n`;
