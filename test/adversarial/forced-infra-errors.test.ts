/**
 * What a submission can do to pass itself off as an infrastructure failure (issue 15, finding 8,
 * and the sparse file of finding 10): results it makes unreadable or endless to read, and trees of
 * so many empty files that copying them in outlasts the job. Each is the student's doing: an error
 * result that says what the submission did, ends promptly, is not retried, and counts toward the
 * submission limit. Graded for real, and once more through a runner, Redis and a git server.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load-course.js';
import type { Course } from '../../src/course/types.js';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import type { GradingResult } from '../../src/results/results.js';
import { MAX_SUBMISSION_ENTRIES } from '../../src/archive/entry-limit.js';
import { fetchCommit } from '../../src/runner/git/fetch-commit.js';
import { TreeTooLargeError } from '../../src/runner/git/tree-size.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { LimitLedger } from '../../src/store/limit-ledger.js';
import { leftovers, testProvider } from '../helpers/docker.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { gradeFixture, loadFixtureCourse } from '../helpers/grading.js';
import { connect, eventually, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from '../helpers/runner-process.js';

const provider = testProvider('forced-infra');
const scratch: string[] = [];
let course: Course;

beforeAll(async () => {
  course = await loadFixtureCourse('adversarial/results-course');
});

afterEach(async () => {
  expect(await leftovers(provider)).toBe(0);
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A submission whose write_results.py (run by the grader, as the student's code) is `script`. */
async function writerSubmission(script: string): Promise<string> {
  const dir = await tempDir('gradebot-forced-');
  await writeFile(path.join(dir, 'write_results.py'), script);
  return dir;
}

/** `count` empty files, ten to a folder: nothing against the disk limit, one entry each. */
function emptyFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`d${i % 10}/f${i}`] = '';
  return files;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

const RESULTS = '/autograder/results';
const UNREADABLE_FILE = `
import os
open('${RESULTS}/results.json', 'w').write('{"score": 1, "tests": []}')
os.chmod('${RESULTS}/results.json', 0)
`;
const UNREADABLE_FOLDER = `
import os
open('${RESULTS}/results.json', 'w').write('{"score": 1, "tests": []}')
os.chmod('${RESULTS}', 0)
`;
const FIFO = `
import os
os.mkfifo('${RESULTS}/results.json')
`;
// 100 GiB that take no space on the tmpfs: tar reads zeros for as long as it is let.
const SPARSE_FILE = `
import os
with open('${RESULTS}/results.json', 'w') as f:
    f.truncate(100 * 1024 ** 3)
`;

/** The result's verdict, for comparing in one `toEqual`. */
function verdict(result: GradingResult) {
  return { status: result.status, fault: result.fault, output: result.output };
}

describe('results the submission makes unreadable or endless', () => {
  it.each([
    [
      'a results.json of mode 000',
      UNREADABLE_FILE,
      'results.json cannot be read (its permissions were changed)',
    ],
    [
      'a results folder of mode 000',
      UNREADABLE_FOLDER,
      'the results folder cannot be entered (its permissions were changed)',
    ],
    ['a results.json that is a fifo', FIFO, 'a fifo results.json'],
    [
      'a sparse results.json of 100 GiB',
      SPARSE_FILE,
      'results.json takes 100 GiB, more than the 10 MiB that are read back',
    ],
  ])(
    '%s is the student’s error, not the infrastructure’s',
    async (what, script, reason) => {
      const { result, elapsedMs } = await gradeFixture(
        provider,
        course,
        'without-points',
        await writerSubmission(script),
      );
      console.log(`${what}: an error result after ${elapsedMs} ms`);
      expect(verdict(result)).toEqual({
        status: 'error',
        fault: 'submission',
        output: `The results were refused: ${reason}.`,
      });
    },
    180_000,
  );
});

describe('submissions of many empty files', () => {
  let server: GitServer;
  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('a folder of one entry too many is refused while packing, before anything runs', async () => {
    const dir = await tempDir('gradebot-many-');
    // Ten folders and their files: exactly one entry past the bound.
    await writeFiles(dir, emptyFiles(MAX_SUBMISSION_ENTRIES - 9));
    const { result, elapsedMs } = await gradeFixture(provider, course, 'without-points', dir);
    console.log(`${MAX_SUBMISSION_ENTRIES + 1} entries in a folder: refused after ${elapsedMs} ms`);
    expect(verdict(result)).toEqual({
      status: 'rejected',
      fault: 'submission',
      output:
        'the submission holds more than 10,000 files and folders; remove generated or downloaded files ' +
        '(build output, node_modules, virtual environments) from it; it was not graded.',
    });
    // At the bound exactly, it is graded (and its grader, finding no write_results.py, fails).
    await rm(path.join(dir, 'd0', 'f0'));
    const atBound = await gradeFixture(provider, course, 'without-points', dir);
    expect(atBound.result.output).not.toContain('files and folders');
  }, 180_000);

  it('a commit of one entry too many is refused before checkout', async () => {
    const repo = await server.createRepo('hw-many');
    const commit = await repo.commit(emptyFiles(MAX_SUBMISSION_ENTRIES - 9));
    const into = await tempDir('gradebot-many-commit-');
    const started = Date.now();
    const refused = await fetchCommit({ url: repo.url, commit }, into).catch((error: unknown) => error);
    console.log(
      `${MAX_SUBMISSION_ENTRIES + 1} entries in a commit: refused after ${Date.now() - started} ms`,
    );
    expect(refused).toBeInstanceOf(TreeTooLargeError);
    expect(String(refused)).toContain('it holds more than 10,000 files and folders');
  }, 180_000);
});

describe('a build that leaves what cannot be saved between hidden tests', () => {
  let hidden: Course;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gradebot-forced-hidden-'));
    await writeFiles(root, {
      'gradebot.yml': [
        'course: forced-hidden',
        'timezone: UTC',
        'defaults:',
        '  image: gradebot/python:3',
        '  limits: { cpus: 1, memory: 128MiB, pids: 64, time: 20s, output: 64KiB, disk: 32MiB }',
        'assignments:',
        '  hw:',
        '    repos: "hw-*"',
        '    dir: hw',
        '    build: "sh ./build.sh"',
        '    tests:',
        '      - { name: visible, run: "true", points: 1 }',
        '      - { name: hidden, run: "true", points: 1, visibility: hidden }',
        '',
      ].join('\n'),
      'hw/README': 'nothing here\n',
    });
    hidden = await loadCourse(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Within the job's limit of 20 s: a save that reads the sparse file for its own 120 s limit ran
  // into the job's backstop (an infrastructure failure).
  it.each([
    ['a sparse file of 100 GiB', 'truncate -s 100G big.bin', 'larger than'],
    [
      `${MAX_SUBMISSION_ENTRIES + 1} empty files`,
      `mkdir many && cd many && seq ${MAX_SUBMISSION_ENTRIES + 1} | xargs touch`,
      'the submission after the build holds more than 10,000 files and folders',
    ],
  ])(
    '%s fails the tests with a message, promptly',
    async (what, build, message) => {
      const dir = await tempDir('gradebot-forced-build-');
      await writeFile(path.join(dir, 'build.sh'), `${build}\n`);
      const { result, elapsedMs } = await gradeFixture(provider, hidden, 'hw', dir);
      console.log(`a build leaving ${what}: graded after ${elapsedMs} ms`);
      expect(result.status).toBe('graded');
      expect(result.tests.map((test) => [test.name, test.status])).toEqual([
        ['visible', 'error'],
        ['hidden', 'error'],
      ]);
      expect(result.tests[0]!.output).toContain(message);
    },
    180_000,
  );
});

describe('through a runner', () => {
  let redis: Redis;
  let prefix: string;
  let queues: GradingQueues;
  let runner: RunnerProcess | null = null;
  let server: GitServer;

  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(async () => {
    const runners = [runner];
    runner = null;
    await tearDownQueueTest({ runners, queues, redis, prefix });
  });

  /** A course whose `limited` grader assignment runs the student's write_results.py, 5 a day. */
  async function uploadCourse(blobs: BlobStore): Promise<JobPayload['course']> {
    const dir = await tempDir('gradebot-forced-course-');
    await mkdir(path.join(dir, 'limited'));
    const grader = path.join(dir, 'limited', 'run_autograder');
    await writeFile(grader, '#!/bin/sh\ncd /autograder/submission && python3 ./write_results.py\n');
    await chmod(grader, 0o755);
    await writeFile(
      path.join(dir, 'gradebot.yml'),
      [
        'course: forced-infra',
        'timezone: UTC',
        'assignments:',
        '  limited:',
        '    image: gradebot/python:3',
        '    limits: { time: 60s, memory: 256MiB, disk: 64MiB }',
        '    limit: { submissions: 5, per: 24h }',
        '    dir: limited',
        '    grader: run_autograder',
        // As in results-course: results.json of mode 000 is unreadable only to a grader not root.
        '    user: sandbox',
        '',
      ].join('\n'),
    );
    return { kind: 'blob', digest: await blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 })) };
  }

  it('stores each as the student’s error on the first attempt, and each keeps its place', async () => {
    redis = connect();
    prefix = testPrefix();
    queues = openQueues(redis, prefix, { retryDelayMs: 200 });
    const results = new ResultsStore(redis, prefix);
    const ledger = new LimitLedger(redis, prefix);
    const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
    const courseSource = await uploadCourse(blobs);
    const upload = async (dir: string): Promise<JobPayload['submission']> => ({
      kind: 'blob',
      digest: await blobs.put(await archiveFolder(dir, { maxBytes: 64 << 20 })),
    });
    const manyFiles = await tempDir('gradebot-many-');
    await writeFiles(manyFiles, emptyFiles(MAX_SUBMISSION_ENTRIES));
    const repo = await server.createRepo('limited-forced');
    const submissions: [string, JobPayload['submission']][] = [
      ['unreadable results.json', await upload(await writerSubmission(UNREADABLE_FILE))],
      ['sparse results.json', await upload(await writerSubmission(SPARSE_FILE))],
      ['many files uploaded', await upload(manyFiles)],
      [
        'many files pushed',
        { kind: 'git', url: repo.url, commit: await repo.commit(emptyFiles(MAX_SUBMISSION_ENTRIES)) },
      ],
    ];
    runner = startRunner(prefix, ['--concurrency', '1']);
    const t0 = Date.parse('2026-12-01T15:00:00Z');
    const outcomes = [];
    for (const [index, [what, submission]] of submissions.entries()) {
      const payload: JobPayload = {
        version: 1,
        queue: 'live',
        org: 'test-org',
        repo: 'limited-forced',
        assignment: 'limited',
        student: 'forced',
        submittedAt: new Date(t0 + index * 60_000).toISOString(),
        submission,
        course: courseSource,
      };
      const started = Date.now();
      const { jobId } = await queues.enqueue(payload);
      const state = await eventually(
        `${what} finished`,
        async () => {
          const current = await queues.jobState('live', jobId);
          return current.state === 'completed' || current.state === 'failed' ? current : null;
        },
        170_000,
      );
      console.log(`${what}: job ${state.state} after ${Date.now() - started} ms`);
      const result = await results.get('test-org', 'limited', 'forced', jobId);
      outcomes.push({ what, jobId, state: state.state, fault: result?.fault, status: result?.status });
    }
    expect(outcomes.map(({ what, state, fault, status }) => ({ what, state, fault, status }))).toEqual([
      { what: 'unreadable results.json', state: 'completed', fault: 'submission', status: 'error' },
      { what: 'sparse results.json', state: 'completed', fault: 'submission', status: 'error' },
      { what: 'many files uploaded', state: 'completed', fault: 'submission', status: 'rejected' },
      { what: 'many files pushed', state: 'completed', fault: 'submission', status: 'error' },
    ]);
    // Never retried: no attempt failed as the infrastructure's.
    expect(runner.logs.filter((line) => String(line.msg).startsWith('infrastructure failure'))).toEqual([]);
    // Each counts toward the limit.
    const reserved = await ledger.reserved({ org: 'test-org', assignment: 'limited', student: 'forced' });
    expect(reserved.map((r) => r.jobId)).toEqual(outcomes.map((o) => o.jobId));
  }, 600_000);
});
