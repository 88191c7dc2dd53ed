/**
 * A Gradescope autograder that does what real ones do because Gradescope runs `run_autograder` as
 * root (issue 16, point 4): it adds a `student` user, hands the submission to it with `chown -R`,
 * hides its answers with mode 600, runs the student's program through `runuser -u student --` and
 * writes results.json as root, mode 600. Imported, built and graded through the CLI in a real
 * container, it gives full marks to a correct submission; the student's code cannot read the
 * answers nor get root back; with `user: sandbox` it fails as it did before graders ran as root.
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeJson } from '../helpers/cli.js';
import { importAndBuild, importedImage } from '../helpers/gradescope-import.js';
import { writeZip } from '../helpers/make-zip.js';

const run = promisify(execFile);
const ID = 'root-grader';
const IMAGE = importedImage(ID);

const SETUP = ['#!/bin/bash', 'echo "nothing to install"', ''].join('\n');

/** Written in the manner of real autograders: bash, set -e, root's tools, results as root. */
const RUN_AUTOGRADER = [
  '#!/usr/bin/env bash',
  'set -e',
  'adduser --disabled-password --gecos "" student > /dev/null',
  'chmod 600 /autograder/source/answer.txt',
  'chown -R student:student /autograder/submission',
  'cd /autograder/submission',
  'output=$(runuser -u student -- python3 main.py 2>&1 || true)',
  'expected=$(cat /autograder/source/answer.txt)',
  'score=0',
  'if [ "$(printf "%s" "$output" | head -n 1)" = "$expected" ]; then score=10; fi',
  'python3 - "$score" "$output" <<\'EOF\'',
  'import json, sys',
  'test = {"name": "greets", "score": int(sys.argv[1]), "max_score": 10, "output": sys.argv[2]}',
  'json.dump({"tests": [test]}, open("/autograder/results/results.json", "w"))',
  'EOF',
  'chmod 600 /autograder/results/results.json',
  '',
].join('\n');

/** Tries, as `student`, every way back to root or to the answers, and says how each went. */
const HOSTILE = `import os, subprocess
def attempt(name, action):
    try:
        action()
        print(name + ": allowed")
    except Exception:
        print(name + ": denied")
attempt("read answers", lambda: open("/autograder/source/answer.txt").read())
attempt("setuid root", lambda: os.setuid(0))
attempt("su root", lambda: subprocess.run(["su", "-c", "true", "root"], stdin=subprocess.DEVNULL,
                                          capture_output=True, check=True))
attempt("write results", lambda: open("/autograder/results/results.json", "w").write("{}"))
attempt("change users", lambda: open("/etc/passwd", "a").write("x::0:0::/:/bin/sh\\n"))
`;

let work: string;
let course: string;
const submissions: Record<string, string> = {};

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-root-grader-'));
  course = path.join(work, 'course');
  for (const [name, main] of Object.entries({ correct: 'print("hello, grader")\n', hostile: HOSTILE })) {
    submissions[name] = path.join(work, name);
    await mkdir(submissions[name]!);
    await writeFile(path.join(submissions[name]!, 'main.py'), main);
  }
  const zip = path.join(work, `${ID}.zip`);
  await writeZip(zip, [
    { name: 'run_autograder', data: RUN_AUTOGRADER, mode: 0o100755 },
    { name: 'setup.sh', data: SETUP },
    { name: 'answer.txt', data: 'hello, grader\n' },
  ]);
  await importAndBuild(zip, course, 10);
}, 600_000);

afterAll(async () => {
  // Only the image this test built; every other image and container is left alone.
  await run('docker', ['rmi', '--force', IMAGE]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe('a Gradescope grader that needs root', () => {
  it('gives a correct submission full marks, run as root like on Gradescope', async () => {
    const result = await gradeJson(submissions.correct!, course, ID);
    expect(result).toMatchObject({ status: 'graded', score: 10, max_score: 10 });
  });

  it("keeps the student's code, run as student, from the answers and from root", async () => {
    const result = await gradeJson(submissions.hostile!, course, ID);
    expect(result).toMatchObject({ status: 'graded', score: 0, max_score: 10 });
    expect(result.tests[0]?.output?.split('\n')).toEqual([
      'read answers: denied',
      'setuid root: denied',
      'su root: denied',
      'write results: denied',
      'change users: denied',
    ]);
  });

  it('fails as before when the course file says user: sandbox', async () => {
    await appendFile(path.join(course, 'gradebot.yml'), '    user: sandbox\n');
    const result = await gradeJson(submissions.correct!, course, ID);
    expect(result).toMatchObject({ status: 'error', score: 0 });
    expect(result.staff_output).toMatch(/adduser/);
  });
});
