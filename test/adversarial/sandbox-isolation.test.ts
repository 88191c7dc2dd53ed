/**
 * Isolation inside one job and around it (issue 15): what a hidden test sees must never reach a
 * visible one, a submission's git tree cannot expand past the sandbox's disk, and a results folder
 * cannot make the runner hold more than a bounded amount. Graded for real, against the engine.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load-course.js';
import type { Course } from '../../src/course/types.js';
import { leftovers, testProvider } from '../helpers/docker.js';
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
    await writeFile(path.join(dir, name), content);
  }
  return dir;
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
    const root = await tempDir('gradebot-isolation-course-');
    await writeFiles(root, {
      'gradebot.yml': [
        'course: isolation',
        'timezone: UTC',
        'defaults:',
        '  image: gradebot/python:3',
        '  limits: { cpus: 1, memory: 128MiB, pids: 64, time: 60s, output: 64KiB, disk: 32MiB }',
        'assignments:',
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
      ].join('\n'),
      'leak/README': 'nothing here\n',
    });
    course = await loadCourse(root);
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
