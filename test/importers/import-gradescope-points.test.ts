/**
 * `gradebot import gradescope --points N` (issue 16, point 9): Gradescope keeps an assignment's total
 * points in its settings, not in the autograder, so a submission whose tests cannot even be loaded
 * still scores out of the total there. The import writes `points:` into the course file, and the
 * imported autograder, built and run in a real container, grades such a submission 0 / 20 rather
 * than 0 out of whatever the failing run reported.
 */
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradebot, gradeJson } from '../helpers/cli.js';
import { writeZip } from '../helpers/make-zip.js';

const run = promisify(execFile);
const ID = 'points-autograder';
const IMAGE = `gradebot-course/${ID}/${ID}:latest`;

/** Loads the student's calc.py and reports one 4-point test, or, when it cannot load, what a unittest runner reports: one failed test with no points. */
const GRADER = `import json
try:
    import calc
    tests = [{"name": "adds", "score": 4 if calc.add(1, 2) == 3 else 0, "max_score": 4}]
except Exception as error:
    tests = [{"name": "unittest.loader._FailedTest.tests", "status": "failed", "output": repr(error)}]
json.dump({"tests": tests}, open("/autograder/results/results.json", "w"))
`;

let work: string;
let zip: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-import-points-'));
  zip = path.join(work, `${ID}.zip`);
  await writeZip(zip, [
    {
      name: 'run_autograder',
      data: '#!/bin/sh\ncd /autograder/submission && PYTHONPATH=. python3 /autograder/source/grade.py\n',
      mode: 0o100755,
    },
    { name: 'grade.py', data: GRADER },
  ]);
});
afterAll(async () => {
  // Only the image this test built.
  await run('docker', ['rmi', '--force', IMAGE]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

async function submission(name: string, calc: string): Promise<string> {
  const dir = path.join(work, 'submissions', name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'calc.py'), calc);
  return dir;
}

describe('gradebot import gradescope --points', () => {
  it('refuses a --points that is not a positive number, with one line, and writes nothing', async () => {
    for (const points of ['0', '-3', 'twenty', '']) {
      const out = path.join(work, `refused-${points || 'empty'}`);
      const { code, stderr } = await gradebot('import', 'gradescope', zip, '--points', points, '--out', out);
      expect(code).toBe(1);
      expect(stderr).toBe(
        'gradebot: --points must be a number of points above 0 and at most 1,000,000, like 20\n',
      );
      await expect(readFile(path.join(out, 'gradebot.yml'))).rejects.toThrow(/ENOENT/);
    }
  });

  it('writes points: into the course file, and grades a submission that cannot load 0 / 20', async () => {
    const course = path.join(work, 'course');
    const imported = await gradebot('import', 'gradescope', zip, '--points', '20', '--out', course);
    expect(imported.code).toBe(0);
    // The missing setup.sh and due date are warned about; nothing about the maximum.
    expect(imported.stderr).toBe(
      `warning: ${ID}.zip has no setup.sh: its image is gradebot/gradescope:bookworm with nothing more installed\n` +
        `warning: ${MISSING_DUE_WARNING}\n`,
    );
    const yml = await readFile(path.join(course, 'gradebot.yml'), 'utf8');
    expect(yml).toContain(`  ${ID}:\n    grader: run_autograder\n    image: ${IMAGE}\n    points: 20\n`);

    const built = await gradebot('images', 'build', '--course', course);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);

    const broken = await gradeJson(await submission('broken', 'def add(a, b) return a + b\n'), course, ID);
    expect(broken).toMatchObject({ status: 'graded', score: 0, max_score: 20 });
    expect(broken.tests).toMatchObject([
      { status: 'failed', output: expect.stringContaining('SyntaxError') },
    ]);

    const working = await gradeJson(
      await submission('working', 'def add(a, b):\n    return a + b\n'),
      course,
      ID,
    );
    expect(working).toMatchObject({ status: 'graded', score: 4, max_score: 20 });
  }, 600_000);

  it('warns, without --points, that the maximum is what each run reports', async () => {
    const out = path.join(work, 'unpointed');
    const { code, stderr } = await gradebot('import', 'gradescope', zip, '--out', out);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: no --points given: ');
    expect(await readFile(path.join(out, 'gradebot.yml'), 'utf8')).not.toContain('points:');
  });
});
