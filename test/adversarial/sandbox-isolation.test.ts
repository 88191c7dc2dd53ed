/**
 * Isolation inside one job and around it (issue 15): what a hidden test sees must never reach a
 * visible one, a submission's git tree cannot expand past the sandbox's disk, and a results folder
 * cannot make the runner hold more than a bounded amount. Graded for real, against the engine.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAssignment, loadCourse } from '../../src/course/load-course.js';
import {
  MAX_RESULT_ENTRIES,
  readResultsTar,
  UnsafeResultsError,
} from '../../src/runner/sandbox/results-reader.js';
import { fetchCommit } from '../../src/runner/git/fetch-commit.js';
import { packBound, PackTooLargeError } from '../../src/runner/git/pack-limit.js';
import { TreeTooLargeError } from '../../src/runner/git/tree-size.js';
import type { Course } from '../../src/course/types.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { gradeFixture } from '../helpers/grading.js';

const provider = testProvider('isolation');
const scratch: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content, { mode: 0o755 });
  }
  return dir;
}

/** A course whose assignments (YAML lines) share the adversarial suite's small limits. */
async function loadTestCourse(
  dir: string,
  assignments: string[],
  files: Record<string, string> = { [`${dir}/README`]: 'nothing here\n' },
): Promise<Course> {
  const root = await tempDir('gradebot-isolation-course-');
  await writeFiles(root, {
    'gradebot.yml': [
      'course: isolation',
      'timezone: UTC',
      'defaults:',
      '  image: gradebot/python:3',
      '  limits: { cpus: 1, memory: 128MiB, pids: 64, time: 60s, output: 64KiB, disk: 32MiB }',
      'assignments:',
      ...assignments,
    ].join('\n'),
    ...files,
  });
  return loadCourse(root);
}

afterEach(async () => {
  expect(await leftovers(provider)).toBe(0);
});

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A process that outlives its test: it records every command line and stdin it can reach. */
const SPY = `
import os, sys, time
if os.fork(): sys.exit(0)
os.setsid()
if os.fork(): sys.exit(0)
null = os.open('/dev/null', os.O_RDWR)
for fd in (0, 1, 2): os.dup2(null, fd)
seen = b''
me = str(os.getpid())
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or pid == me: continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f: line = f.read()
            if b'SECRET' in line and line not in seen: seen += line + b'\\n'
            fd = os.open(f'/proc/{pid}/fd/0', os.O_RDONLY | os.O_NONBLOCK)
            try: seen += os.read(fd, 4096)
            except OSError: pass
            os.close(fd)
            if b'show.sh' in line and seen:
                with open(f'/proc/{pid}/fd/1', 'wb') as out: out.write(b'spy: ' + seen + b'\\n')
        except OSError: pass
    for place in ('/tmp/spy.log', '/autograder/submission/spy.log'):
        try:
            with open(place, 'wb') as f: f.write(seen)
        except OSError: pass
    time.sleep(0.02)
`;

const LEAKY_SUBMISSION = {
  'spy.py': SPY,
  'hidden.sh': [
    'cat > /tmp/saved',
    'cp /tmp/saved ./saved-here; cp /tmp/saved /dev/shm/saved; mkdir -p /tmp/locked; cp /tmp/saved /tmp/locked/x',
    'chmod 000 /tmp/locked',
    'python3 spy.py',
    'sleep 1',
    'echo hidden-done',
  ].join('\n'),
  'show.sh': [
    'sleep 1',
    'for f in /tmp/saved /dev/shm/saved ./saved-here /tmp/spy.log ./spy.log; do [ -e "$f" ] && { echo "$f:"; cat "$f"; }; done',
    'cat built.txt',
    'echo end',
  ].join('\n'),
};

describe('between the tests of one job', () => {
  let course: Course;
  beforeAll(async () => {
    course = await loadTestCourse('leak', [
      '  leak:',
      '    repos: "leak-*"',
      '    dir: leak',
      '    build: "echo built > built.txt"',
      '    tests:',
      '      - { name: plant, run: "python3 spy.py; echo planted", stdout: planted, points: 1 }',
      '      - name: hidden',
      '        run: "sh ./hidden.sh SECRET-ARG-777"',
      '        stdin: "SECRET-STDIN 3000000000 4000000000 -5 -10 +0\\n"',
      '        stdout: hidden-done',
      '        points: 1',
      '        visibility: hidden',
      '      - { name: show, run: "sh ./show.sh", stdout: "built\\nend", points: 1, timeout: 5s }',
    ]);
  });

  it('lets no hidden input, file or process reach a later visible test', async () => {
    const submission = await writeFiles(await tempDir('leak-alice-'), LEAKY_SUBMISSION);
    const { result } = await gradeFixture(provider, course, 'leak', submission);
    const visible = result.tests.filter((t) => t.visibility === 'visible');
    for (const test of visible) expect(test.output).not.toMatch(/SECRET|3000000000/);
    // The build's output is back for every test; nothing the hidden test left is.
    expect(result.status).toBe('graded');
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ['plant', 'passed'],
      ['hidden', 'passed'],
      ['show', 'passed'],
    ]);
  });
});

/** Bytes of every file under `dir`, counted as the disk holds them. */
async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).blocks * 512;
  }
  return total;
}

describe('a git blob bomb', () => {
  let server: GitServer;
  let diskBytes: number;
  beforeAll(async () => {
    server = await startGitServer();
    const course = await loadTestCourse('hw', [
      '  hw: { repos: "hw-*", dir: hw, tests: [{ name: t, run: "true" }] }',
    ]);
    diskBytes = findAssignment(course, 'hw').limits.diskBytes;
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a commit whose files exceed the writable space, before checking anything out', async () => {
    const repo = await server.createRepo('hw-mallory');
    // 128 MiB of zeros: a pack of a few hundred kilobytes.
    const commit = await repo.commit({
      'zeros.bin': '\0'.repeat(128 * 1024 * 1024),
      'main.py': 'print(1)\n',
    });
    const into = await tempDir('gradebot-bomb-');
    const refused = await fetchCommit({ url: repo.url, commit }, into, { maxTreeBytes: diskBytes }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TreeTooLargeError);
    expect(String(refused)).toMatch(/more than the assignment's writable space \(32 MiB\)/);
    // Nothing was expanded: only git's own (compressed) objects are on disk.
    const used = await diskUsage(into);
    console.log(`blob bomb: ${used} bytes on the runner's disk after the refusal`);
    expect(used).toBeLessThan(4 * 1024 * 1024);
    expect((await readdir(into)).filter((name) => name !== '.git')).toEqual([]);
  }, 120_000);

  it('cuts off a download larger than files that fit the writable space could need', async () => {
    const repo = await server.createRepo('hw-oscar');
    // Random bytes do not compress: a 48 MiB pack, past the 35 MiB bound that 32 MiB of disk gives.
    const commit = await repo.commit({ 'noise.bin': randomBytes(48 * 1024 * 1024), 'main.py': 'print(1)\n' });
    const into = await tempDir('gradebot-pack-');
    const refused = await fetchCommit({ url: repo.url, commit }, into, { maxTreeBytes: diskBytes }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PackTooLargeError);
    expect(String(refused)).toMatch(/git download grew past 35 MiB and was stopped/);
    const used = await diskUsage(into);
    console.log(`pack bomb: ${used} bytes on the runner's disk when the download was stopped`);
    expect(used).toBeLessThanOrEqual(packBound(diskBytes) + 1024 * 1024);
    expect((await readdir(into)).filter((name) => name !== '.git')).toEqual([]);
  }, 120_000);

  it('counts entries too, so many empty files cannot slip under the byte limit', async () => {
    const repo = await server.createRepo('hw-trudy');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1_000; i++) files[`d${i % 10}/f${i}`] = '';
    const commit = await repo.commit(files);
    const into = await tempDir('gradebot-entries-');
    // 1,000 empty files hold 0 bytes, but each costs a header on the way into the sandbox.
    await expect(
      fetchCommit({ url: repo.url, commit }, into, { maxTreeBytes: 256 * 1024 }),
    ).rejects.toBeInstanceOf(TreeTooLargeError);
    await fetchCommit({ url: repo.url, commit }, await tempDir('gradebot-entries-'), {
      maxTreeBytes: diskBytes,
    });
  }, 120_000);
});

/** A path of about 4 KB: nested folders of 250-character names. */
const LONG_DIR = Array.from({ length: 16 }, (_, i) => String(i).padEnd(250, 'x')).join('/');

describe('a results bomb', () => {
  let course: Course;
  beforeAll(async () => {
    // The grader itself is honest; the student's code it runs litters the results folder.
    course = await loadTestCourse(
      'grader',
      ['  grader: { repos: "g-*", dir: grader, grader: run_autograder }'],
      {
        'grader/run_autograder': [
          '#!/bin/sh',
          'cd /autograder/submission && sh ./litter.sh',
          `printf '{"score": 7, "tests": [{"name": "t", "score": 7, "max_score": 10}]}' > /autograder/results/results.json`,
        ].join('\n'),
      },
    );
  });

  it('copies out results.json alone, whatever else the student left in the results folder', async () => {
    const submission = await writeFiles(await tempDir('g-mallory-'), {
      'litter.sh': [
        'cd /autograder/results',
        `mkdir -p '${LONG_DIR}' && cd '${LONG_DIR}'`,
        // Empty files with 4 KB paths cost no data bytes; a fifo is not a file at all.
        `i=0; while [ $i -lt ${MAX_RESULT_ENTRIES * 3} ]; do : > f$i; i=$((i+1)); done`,
        'mkfifo /autograder/results/pipe',
      ].join('\n'),
    });
    const { result } = await gradeFixture(provider, course, 'grader', submission);
    expect(result).toMatchObject({ status: 'graded', score: 7, max_score: 10 });
  }, 120_000);

  it('refuses an archive of endless entries after a bounded number, holding little memory', async () => {
    // 300,000 empty files with 4 KB names: 1.4 GB of tar, made as it is read.
    const entries = 300_000;
    let made = 0;
    async function* bomb(): AsyncGenerator<Buffer> {
      while (made < entries) {
        const pack = tar.pack();
        for (let i = 0; i < 100; i++) pack.entry({ name: `${LONG_DIR}/f${made++}`, size: 0 }, '');
        pack.finalize();
        const chunks: Buffer[] = [];
        for await (const chunk of pack) chunks.push(chunk as Buffer);
        // Without each batch's end-of-archive blocks, the batches read as one archive.
        const batch = Buffer.concat(chunks);
        yield batch.subarray(0, batch.length - 1024);
      }
      yield Buffer.alloc(1024);
    }
    const archive = Readable.from(bomb());
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const refused = await readResultsTar(archive, 10 * 1024 * 1024).catch((e: unknown) => e);
    const madeAtRefusal = made;
    clearInterval(sampler);
    archive.destroy();
    expect(refused).toBeInstanceOf(UnsafeResultsError);
    console.log(
      `results bomb: refused after ${madeAtRefusal} of ${entries} entries; rss grew by ${((peak - before) / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(madeAtRefusal).toBeLessThan(entries / 10);
  });
});
