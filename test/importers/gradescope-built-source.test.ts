/**
 * A Gradescope autograder whose setup.sh leaves files in /autograder/source, as many do (a compiled
 * helper, generated data): imported, built and graded through the CLI, it finds them there while
 * grading, as on Gradescope. The assignment folder's own files still win over the image's copies,
 * so an instructor's edit takes effect without rebuilding the image.
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gradeJson } from '../helpers/cli.js';
import { importAndBuild, importedImage } from '../helpers/gradescope-import.js';
import { writeZip } from '../helpers/make-zip.js';

const run = promisify(execFile);
const ID = 'built-source';
const IMAGE = importedImage(ID);

/**
 * Writes into data/, a folder the assignment has too, and makes an executable helper beside it;
 * the 1 MiB table is there to overflow a small limits.disk.
 */
const SETUP = [
  '#!/bin/bash',
  'set -e',
  'echo 42 > data/answer-from-setup.txt',
  'head -c 1048576 /dev/zero > data/table.bin',
  'mkdir -p bin',
  "printf '#!/bin/sh\\necho $(( $1 * $2 ))\\n' > bin/scale",
  'chmod +x bin/scale',
  '',
].join('\n');

/** Scores setup.sh's answer times the weight in the assignment folder, with setup.sh's helper. */
const RUN_AUTOGRADER = [
  '#!/bin/sh',
  'set -e',
  'cd /autograder/source',
  'answer=$(cat data/answer-from-setup.txt)',
  'score=$(bin/scale "$answer" "$(cat data/weight.txt)")',
  'printf \'{"tests": [{"name": "answer", "score": %s, "max_score": 100}]}\' "$score" \\',
  '  > /autograder/results/results.json',
  '',
].join('\n');

let work: string;
let course: string;
let submission: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-built-source-'));
  course = path.join(work, 'course');
  submission = path.join(work, 'student');
  await mkdir(submission);
  await writeFile(path.join(submission, 'hello.txt'), 'hello\n');
  const zip = path.join(work, `${ID}.zip`);
  await writeZip(zip, [
    { name: 'run_autograder', data: RUN_AUTOGRADER, mode: 0o100755 },
    { name: 'setup.sh', data: SETUP },
    { name: 'data/weight.txt', data: '1\n' },
  ]);
  await importAndBuild(zip, course, 100);
}, 600_000);

afterAll(async () => {
  // Only the image this test built; every other image and container is left alone.
  await run('docker', ['rmi', '--force', IMAGE]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

const grade = () => gradeJson(submission, course, ID);

it('grades with the files setup.sh left in /autograder/source', async () => {
  const result = await grade();
  expect(result).toMatchObject({ status: 'graded', score: 42, max_score: 100 });
});

it("uses the assignment folder's copy of a file over the image's, without a rebuild", async () => {
  await writeFile(path.join(course, ID, 'data', 'weight.txt'), '2\n');
  const result = await grade();
  expect(result).toMatchObject({ status: 'graded', score: 84, max_score: 100 });
});

it('reports prepared files that do not fit in the writable space as a grading error', async () => {
  // Room for the assignment folder, not for setup.sh's 1 MiB table.
  await appendFile(path.join(course, 'gradebot.yml'), '    limits: { disk: 512KiB }\n');
  const result = await grade();
  expect(result).toMatchObject({ status: 'error', score: 0 });
  expect(result.output).toContain('/usr/local/share/gradebot/autograder/source could not be added');
  expect(result.staff_output).toMatch(/No space left on device/);
});
