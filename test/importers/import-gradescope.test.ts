/**
 * `gradebot import gradescope` end to end, as an instructor runs it: a Gradescope autograder of our
 * own (setup.sh installs bc from Debian's mirror; run_autograder runs a unittest suite through a
 * small JSON runner in gradescope-utils' style) is zipped, imported, validated, built into its
 * course image, and grades two submissions in real containers.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importGradescope } from '../../src/importers/gradescope/import-gradescope.js';
import { gradebot, gradeJson } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';
import { folderEntries, writeZip } from '../helpers/make-zip.js';
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';

const run = promisify(execFile);
const FIXTURE = path.join(FIXTURES, 'gradescope');
const ID = 'calc-autograder';
const IMAGE = 'gradebot-course/cs-101/calc-autograder:latest';
/** The warning of an import without --points (test/importers/import-gradescope-points.test.ts has the flag). */
const NO_POINTS =
  "no --points given: each submission's maximum is the sum of the max_score its tests report, so a submission whose tests fail to load scores out of less; give the assignment's total points from Gradescope's settings with --points N, or set points: in gradebot.yml";

let work: string;
let zip: string;
let course: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-import-gradescope-'));
  zip = path.join(work, `${ID}.zip`);
  course = path.join(work, 'course');
  await writeZip(zip, await folderEntries(path.join(FIXTURE, 'autograder')));
});
afterAll(async () => {
  // Only the image this test built; every other image and container is left alone.
  await run('docker', ['rmi', '--force', IMAGE]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted, with its mode and content. */
async function snapshot(
  dir: string,
  prefix = '',
): Promise<Record<string, { mode: string; content: string }>> {
  const files: Record<string, { mode: string; content: string }> = {};
  for (const name of (await readdir(dir)).sort()) {
    const full = path.join(dir, name);
    const info = await stat(full);
    if (info.isDirectory()) Object.assign(files, await snapshot(full, `${prefix}${name}/`));
    else
      files[`${prefix}${name}`] = {
        mode: (info.mode & 0o777).toString(8),
        content: await readFile(full, 'utf8'),
      };
  }
  return files;
}

const grade = (submission: string) => gradeJson(path.join(FIXTURE, 'submissions', submission), course, ID);

describe('gradebot import gradescope', () => {
  it('makes a course folder that validates: the assignment, its image, the course file', async () => {
    const { code, stdout, stderr } = await gradebot(
      'import',
      'gradescope',
      zip,
      '--course',
      'CS 101',
      '--out',
      course,
    );
    expect(stderr).toBe(`warning: ${NO_POINTS}\nwarning: ${MISSING_DUE_WARNING}\n`);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `imported ${ID}.zip into ${course}: assignment ${ID} of course CS 101, image ${IMAGE}\n` +
        `next: gradebot images build --course ${course}\n` +
        `then: gradebot grade <submission-dir> --course ${course} --assignment ${ID}\n`,
    );

    const files = await snapshot(course);
    const fixture = await snapshot(path.join(FIXTURE, 'autograder'));
    expect(Object.keys(files)).toEqual(
      [
        ...Object.keys(fixture).map((name) => `${ID}/${name}`),
        'gradebot.yml',
        `images/${ID}/Dockerfile`,
        `images/${ID}/image.json`,
      ].sort(),
    );
    // The autograder's files arrive unchanged, execute bits included.
    for (const [name, file] of Object.entries(fixture)) expect(files[`${ID}/${name}`]).toEqual(file);
    expect(files[`${ID}/run_autograder`]?.mode).toBe('755');
    expect(files[`${ID}/run_tests.py`]?.mode).toBe('644');

    expect(files['gradebot.yml']?.content).toBe(
      [
        `# Imported from ${ID}.zip by gradebot import gradescope.`,
        '# Build the grading image before grading: gradebot images build --course <this folder>',
        "# The job's time limit is gradebot's default, 10 minutes, as on Gradescope (limits.time).",
        'course: CS 101',
        'assignments:',
        `  ${ID}:`,
        '    grader: run_autograder',
        `    image: ${IMAGE}`,
        '',
      ].join('\n'),
    );
    expect(JSON.parse(files[`images/${ID}/image.json`]?.content ?? '')).toEqual({
      description: `Gradescope autograder ${ID}, imported from ${ID}.zip: gradebot/gradescope:bookworm plus its setup.sh`,
      from: 'gradebot/gradescope:bookworm',
      tags: [IMAGE],
      context: `../../${ID}`,
    });
    expect(files[`images/${ID}/Dockerfile`]?.content).toContain(
      'RUN apt-get update \\\n && /usr/local/lib/gradebot/gradescope/run-setup /autograder/source/setup.sh',
    );

    const validated = await gradebot('validate', course);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(
      new RegExp(`^${ID}\\s+grader\\s+grader run_autograder\\s+${IMAGE}\\s+no due date\\n$`),
    );
  });

  it('writes the same bytes every time', async () => {
    const again = path.join(work, 'again');
    const { code } = await gradebot('import', 'gradescope', zip, '--course', 'CS 101', '--out', again);
    expect(code).toBe(0);
    const [first, second] = await Promise.all([snapshot(course), snapshot(again)]);
    expect(second).toEqual(first);
  });

  it('refuses a folder that is not empty, with one line, and leaves it as it was', async () => {
    const busy = path.join(work, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'notes.txt'), 'mine\n');
    const { code, stdout, stderr } = await gradebot('import', 'gradescope', zip, '--out', busy);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${busy} is not empty`);
    expect(await readdir(busy)).toEqual(['notes.txt']);
  });

  it('refuses an unsafe zip with one line naming the entry, and writes nothing', async () => {
    const unsafe = path.join(work, 'unsafe.zip');
    await writeZip(unsafe, [
      { name: 'run_autograder', data: '#!/bin/sh\n', mode: 0o100755 },
      { name: 'solution', data: '/srv/answers', mode: 0o120777 },
    ]);
    const out = path.join(work, 'unsafe-course');
    const { code, stderr } = await gradebot('import', 'gradescope', unsafe, '--out', out);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'gradebot: unsafe.zip: entry "solution" is a symbolic link; only files and folders are imported\n',
    );
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('writes --due into the course file, and refuses a date it cannot read before writing anything', async () => {
    const dated = path.join(work, 'dated');
    const imported = await gradebot('import', 'gradescope', zip, '--due', '2026-12-01 23:59', '--out', dated);
    expect(imported).toMatchObject({ code: 0, stderr: `warning: ${NO_POINTS}\n` });
    expect(await readFile(path.join(dated, 'gradebot.yml'), 'utf8')).toMatch(
      /\n {4}image: \S+\n {4}due: 2026-12-01 23:59\n$/,
    );
    const undated = path.join(work, 'undated');
    expect(
      await gradebot('import', 'gradescope', zip, '--due', 'next friday', '--out', undated),
    ).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'gradebot: --due: expected a date like 2026-12-01 23:59, got "next friday"\n',
    });
    await expect(stat(undated)).rejects.toThrow(/ENOENT/);
  });

  it('strips a wrapping folder, fixes Windows line endings, and warns about a missing setup.sh', async () => {
    const wrapped = path.join(work, 'HW 2 (final).zip');
    await writeZip(wrapped, [
      // No execute bit in the zip: run_autograder gets one anyway.
      { name: 'hw2/run_autograder', data: '#!/bin/bash\r\npython3 grade.py\r\n', mode: 0o100644 },
      { name: 'hw2/grade.py', data: 'print("hi")\r\n' },
      { name: '__MACOSX/hw2/._grade.py', data: 'junk' },
    ]);
    const out = path.join(work, 'wrapped');
    const imported = await importGradescope({ zip: wrapped, out });
    expect(imported).toEqual({
      id: 'HW-2-final',
      course: 'HW-2-final',
      image: 'gradebot-course/hw-2-final/hw-2-final:latest',
      notes: [
        'HW 2 (final).zip keeps everything in hw2/; its contents became HW-2-final/',
        'converted Windows line endings of run_autograder to Unix ones, as Gradescope does',
        'left out 1 macOS metadata entry (__MACOSX/, .DS_Store)',
      ],
      warnings: [
        'HW 2 (final).zip has no setup.sh: its image is gradebot/gradescope:bookworm with nothing more installed',
        NO_POINTS,
        MISSING_DUE_WARNING,
      ],
    });
    const files = await snapshot(out);
    expect(files['HW-2-final/run_autograder']).toEqual({
      mode: '755',
      content: '#!/bin/bash\npython3 grade.py\n',
    });
    // Only the scripts Gradescope runs through dos2unix are converted.
    expect(files['HW-2-final/grade.py']).toEqual({ mode: '644', content: 'print("hi")\r\n' });
    expect(files['images/HW-2-final/Dockerfile']?.content).not.toContain('setup.sh \\');
    expect((await gradebot('validate', out)).code).toBe(0);
  });

  it('builds the image from setup.sh and grades both submissions as Gradescope would', async () => {
    const built = await gradebot('images', 'build', '--course', course);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);

    const full = await grade('full');
    expect(full).toMatchObject({ assignment: ID, status: 'graded', score: 11, max_score: 11 });
    expect(
      full.tests.map(({ name, score, max_score, status, visibility }) => ({
        name,
        score,
        max_score,
        status,
        visibility,
      })),
    ).toEqual([
      { name: 'Adds two numbers', score: 2, max_score: 2, status: 'passed', visibility: 'visible' },
      {
        name: 'Raises big numbers to a power',
        score: 3,
        max_score: 3,
        status: 'passed',
        visibility: 'after_due',
      },
      { name: 'Computes Fibonacci numbers', score: 5, max_score: 5, status: 'passed', visibility: 'hidden' },
      {
        name: 'Runs fib(25) for the leaderboard',
        score: 1,
        max_score: 1,
        status: 'passed',
        visibility: 'visible',
      },
    ]);
    expect(full.leaderboard).toEqual([{ name: 'runtime', value: expect.any(Number), order: 'asc' }]);
    expect(full.tests[2]?.output).toBe('checking fib(0..30)');

    const partial = await grade('partial');
    expect(partial).toMatchObject({ assignment: ID, status: 'graded', score: 3, max_score: 11 });
    expect(partial.tests.map(({ score, status }) => [score, status])).toEqual([
      [2, 'passed'],
      [0, 'failed'],
      [0, 'failed'],
      [1, 'passed'],
    ]);
    // The wrong power was caught by comparing with bc, which only setup.sh installed.
    expect(partial.tests[1]?.output).toMatch(/^\d+ != \d+$/);
  }, 600_000);
});
