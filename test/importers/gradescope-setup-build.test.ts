/**
 * The image an imported Gradescope autograder builds on, and what its setup.sh may do there, through
 * the real import → `images build --course` → grade path:
 *
 * - a setup.sh that asks only for python3, pip and python3-dev (as Gradescope's samples do), then
 *   compiles a C helper with make, and a run_autograder that compiles the student's C: both need the
 *   build tools that Gradescope's images have, so the default base has them;
 * - a setup.sh without `set -e` whose apt-get install fails (Ubuntu's package names) must fail the
 *   build with its output, the failed line and the Debian packages likely meant, not pass silently;
 * - `--base` chooses what the image builds on.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradebot, gradeJson } from '../helpers/cli.js';
import { writeZip, type ZipEntrySpec } from '../helpers/make-zip.js';
import { COURSE_IMAGE_LABEL } from '../../src/importers/gradescope/course-files.js';

const run = promisify(execFile);
const COURSE = 'gradebot-test';
const imageOf = (id: string) => `gradebot-course/${COURSE}/${id}:latest`;

let work: string;
/** Images this file built, removed at the end; no other image is touched. */
const built: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-setup-build-'));
});

afterAll(async () => {
  for (const image of built.reverse()) {
    // With the layers a failed build left in the cache, which carry the image's label.
    const { stdout } = await run('docker', [
      'images',
      '-q',
      '--filter',
      `label=${COURSE_IMAGE_LABEL}=${image}`,
    ]);
    const ids = [...new Set(stdout.split('\n').filter(Boolean))];
    await run('docker', ['rmi', '--force', image, ...ids]).catch(() => undefined);
  }
  await rm(work, { recursive: true, force: true });
});

/** Imports a zip of `entries` as assignment `id` (plus any `extra` options) into a new course folder. */
async function importZip(id: string, entries: ZipEntrySpec[], ...extra: string[]) {
  const zip = path.join(work, `${id}.zip`);
  const course = path.join(work, id);
  await writeZip(zip, entries);
  const imported = await gradebot(
    ...['import', 'gradescope', zip, '--course', COURSE, '--points', '2', '--out', course, ...extra],
  );
  return { course, imported };
}

/** Imports as importZip does, which must succeed, then `gradebot images build --course`. */
async function importAndBuild(id: string, entries: ZipEntrySpec[], ...extra: string[]) {
  const { course, imported } = await importZip(id, entries, ...extra);
  expect(imported.code).toBe(0);
  built.push(imageOf(id));
  return { course, imported, build: await gradebot('images', 'build', '--course', course) };
}

async function submission(id: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, `${id}-student`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

const executable = 0o100755;

describe('the default base has build tools, as Gradescope images do', () => {
  const ID = 'c-helper';
  // What Gradescope's samples ask for: on Ubuntu pip's recommends bring gcc and make along.
  const SETUP = [
    '#!/usr/bin/env bash',
    'apt-get install -y python3 python3-pip python3-dev',
    'make -C /autograder/source expect',
    '',
  ].join('\n');
  const MAKEFILE = 'expect: expect.c\n\tgcc -O2 -o expect expect.c\n';
  // The helper setup.sh compiles: prints what sum should print for its arguments.
  const EXPECT_C = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    'int main(int argc, char **argv) { long s = 0; for (int i = 1; i < argc; i++) s += atol(argv[i]); printf("%ld\\n", s); return 0; }',
    '',
  ].join('\n');
  // Compiles the student's sum.c at grading time, as Gradescope's C samples do, and checks it twice.
  const RUN_AUTOGRADER = [
    '#!/bin/sh',
    'cd /autograder/source',
    'cp /autograder/submission/sum.c .',
    'score=0',
    'if gcc -o sum sum.c; then',
    '  for args in "1 2" "40 2"; do',
    '    [ "$(./sum $args)" = "$(./expect $args)" ] && score=$((score + 1))',
    '  done',
    'fi',
    'printf \'{"tests": [{"name": "sum", "score": %s, "max_score": 2}]}\' "$score" > /autograder/results/results.json',
    '',
  ].join('\n');
  const SUM_C = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    'int main(int argc, char **argv) { printf("%d\\n", atoi(argv[1]) + atoi(argv[2])); return 0; }',
    '',
  ].join('\n');

  it('builds a setup.sh that compiles a C helper, and grades C with full marks', async () => {
    const { course, build } = await importAndBuild(ID, [
      { name: 'run_autograder', data: RUN_AUTOGRADER, mode: executable },
      { name: 'setup.sh', data: SETUP },
      { name: 'Makefile', data: MAKEFILE },
      { name: 'expect.c', data: EXPECT_C },
    ]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const result = await gradeJson(await submission(ID, { 'sum.c': SUM_C }), course, ID);
    expect(result).toMatchObject({ status: 'graded', score: 2, max_score: 2 });
  }, 600_000);
});

describe('a failing apt-get or pip in setup.sh fails the build', () => {
  const ID = 'ubuntu-names';
  // No `set -e`, and the last command succeeds: only the failed install says anything went wrong.
  const SETUP = [
    '#!/usr/bin/env bash',
    'echo "installing the JDK and Python 3.10"',
    'apt-get install -y openjdk-11-jdk python3.10 python3.8-dev',
    'apt install -y python-pip',
    'pip3 install --no-index nosuchpkg-zz',
    'echo "setup finished"',
    '',
  ].join('\n');

  it('shows the setup output, the failed line and the Debian packages likely meant', async () => {
    const { build } = await importAndBuild(ID, [
      { name: 'run_autograder', data: '#!/bin/sh\njava -version\n', mode: executable },
      { name: 'setup.sh', data: SETUP },
    ]);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('installing the JDK and Python 3.10');
    expect(build.stderr).toContain('E: Unable to locate package openjdk-11-jdk');
    expect(build.stderr).toContain('setup finished');
    expect(build.stderr).toContain(
      'gradebot: setup.sh failed, so the image would lack what it should install:',
    );
    expect(build.stderr).toContain(
      'apt-get install -y openjdk-11-jdk python3.10 python3.8-dev (exit status 100)',
    );
    expect(build.stderr).toMatch(
      /openjdk-11-jdk is not in the package lists of Debian GNU\/Linux 12 \(bookworm\) \(Gradescope's images are Ubuntu, whose names may differ\): the likely package here is openjdk-17-jdk\n/,
    );
    expect(build.stderr).toMatch(
      /python3\.10 is not in the package lists .*: the likely package here is python3\n/,
    );
    expect(build.stderr).toMatch(
      /python3\.8-dev is not in the package lists .*: the likely package here is python3-dev\n/,
    );
    // pip too, but its packages are not looked up among Debian's.
    expect(build.stderr).toContain('pip3 install --no-index nosuchpkg-zz (exit status 1)');
    expect(build.stderr).not.toContain('nosuchpkg-zz is not in the package lists');
    // apt, not only apt-get, is watched.
    expect(build.stderr).toContain('apt install -y python-pip (exit status 100)');
    expect(build.stderr).toMatch(
      /python-pip is not in the package lists .*: the likely package here is python3-pip\n/,
    );
    expect(build.stderr).toMatch(/gradebot: building image ubuntu-names \(.*\) failed/);
    await expect(run('docker', ['image', 'inspect', imageOf(ID)])).rejects.toThrow();
  }, 600_000);

  it("names setup.sh's own exit status when it fails", async () => {
    const id = 'exit-status';
    const { build } = await importAndBuild(id, [
      { name: 'run_autograder', data: '#!/bin/sh\n', mode: executable },
      { name: 'setup.sh', data: '#!/bin/bash\necho "about to fail"\nexit 3\n' },
    ]);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(
      /about to fail\n(\s*\n)?\s*gradebot: setup.sh failed, so the image would lack what it should install:\n\s+setup.sh exited with status 3\n/,
    );
    // Not in the colour codes docker build puts around a step's stderr.
    expect(build.stderr).not.toContain('\\u001b');
    expect(build.stderr).not.toContain('\u001b');
  }, 600_000);
});

describe('--base', () => {
  const ID = 'own-base';
  const BASE = 'gradebot-test/marked-base:1';
  const RUN_AUTOGRADER = [
    '#!/bin/sh',
    'score=0',
    '[ "$(cat /etc/gradebot-test-base)" = marked ] && score=1',
    '[ -f /autograder/source/made-by-setup ] && score=$((score + 1))',
    'printf \'{"tests": [{"name": "base", "score": %s, "max_score": 2}]}\' "$score" > /autograder/results/results.json',
    '',
  ].join('\n');

  beforeAll(async () => {
    const dir = path.join(work, 'marked-base');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'Dockerfile'),
      'FROM gradebot/base:latest\nRUN echo marked > /etc/gradebot-test-base\n',
    );
    built.push(BASE);
    await run('docker', ['build', '-q', '-t', BASE, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  }, 120_000);

  it('builds the image on the base given, and setup.sh runs there', async () => {
    const { course, imported, build } = await importAndBuild(
      ID,
      [
        { name: 'run_autograder', data: RUN_AUTOGRADER, mode: executable },
        { name: 'setup.sh', data: '#!/bin/bash\ntouch made-by-setup\n' },
      ],
      '--base',
      BASE,
    );
    expect(imported.stderr).toContain(
      `warning: the image builds on ${BASE}, which must have sh, tar, kill and sleep for gradebot's sandbox`,
    );
    const dockerfile = await readFile(path.join(course, 'images', ID, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`\nFROM ${BASE}\n`);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const result = await gradeJson(await submission(ID, { 'a.txt': 'a\n' }), course, ID);
    expect(result).toMatchObject({ status: 'graded', score: 2, max_score: 2 });
  }, 600_000);

  it('refuses a base without a tag, in one line', async () => {
    const { imported } = await importZip(
      'no-tag',
      [{ name: 'run_autograder', data: '#!/bin/sh\n' }],
      '--base',
      'ubuntu',
    );
    expect(imported.code).toBe(1);
    expect(imported.stderr).toBe(
      'gradebot: --base must be an image with its tag, like gradebot/gradescope:bookworm or gradescope/autograder-base:ubuntu-22.04; got "ubuntu"\n',
    );
  });
});
