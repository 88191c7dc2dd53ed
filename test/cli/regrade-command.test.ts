/**
 * `gradebot regrade` against a live runner process: submissions graded with a course whose test
 * was wrong, then regraded with the fixed course. Real Redis, real Docker.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRegrade } from '../../src/cli/regrade-command.js';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { CourseRegistry } from '../../src/store/course-registry.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import type { StoredResult } from '../../src/results/stored-result.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { gradebot } from '../helpers/cli.js';
import { connect, dropPrefix, eventually, openQueues, REDIS_URL, testPrefix } from '../helpers/queue.js';
import { startRunner, type RunnerProcess } from '../helpers/runner-process.js';
import { UNACCOMMODATED_EXPORT } from '../helpers/unaccommodated.js';
import { hw1CourseFile } from '../helpers/hw1-course.js';

const GREETING = `{ name: greeting, run: 'cat hello.txt', stdout: 'hello', points: 2 }`;
/** The instructor meant the greeting in any case. */
const FIXED_GREETING = `{ name: greeting, run: 'tr A-Z a-z < hello.txt', stdout: 'hello', points: 2 }`;
const courseFile = (greeting: string) =>
  hw1CourseFile({
    course: 'regrade-test',
    due: '2026-01-10 00:00',
    lateUntil: '2026-01-20 00:00',
    tests: [`{ name: answer, run: 'cat answer.txt', stdout: '42', points: 8 }`, greeting],
  });

const ORG = 'local';
const ERIN_SUBMITTED_AT = '2026-02-01T12:00:00.000Z';
const prefix = testPrefix();
const cli = (...args: string[]) => gradebot(...args, '--prefix', prefix, '--redis', REDIS_URL);
let redis: Redis;
let queues: GradingQueues;
let blobs: BlobStore;
let results: ResultsStore;
let runner: RunnerProcess;
let tmp: string;
let brokenCourse: string;
let fixedCourse: string;
/** The latest live submission of each student, as first graded. */
const latest = new Map<string, StoredResult>();

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

/** Queues a submission made at `submittedAt`, graded with the broken course. */
async function submit(student: string, submittedAt: string, answer: string, hello: string): Promise<string> {
  const dir = await folder(`${student}-${submittedAt.replace(/:/g, '')}`, {
    'answer.txt': `${answer}\n`,
    'hello.txt': `${hello}\n`,
  });
  const payload: JobPayload = {
    version: 1,
    queue: 'live',
    org: ORG,
    repo: `hw1-${student}`,
    assignment: 'hw1',
    student,
    submittedAt,
    submission: { kind: 'blob', digest: await blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 })) },
    course: {
      kind: 'blob',
      digest: await blobs.put(await archiveFolder(brokenCourse, { maxBytes: 1 << 20 })),
    },
  };
  return (await queues.enqueue(payload)).jobId;
}

async function regradesOf(student: string): Promise<StoredResult[]> {
  return (await results.list(ORG, 'hw1', student)).filter((entry) => entry.jobId.startsWith('regrade-'));
}

beforeAll(async () => {
  redis = connect();
  queues = openQueues(redis, prefix);
  blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
  results = new ResultsStore(redis, prefix);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-regrade-'));
  brokenCourse = await folder('course-broken', { 'gradebot.yml': courseFile(GREETING) });
  fixedCourse = await folder('course-fixed', { 'gradebot.yml': courseFile(FIXED_GREETING) });
  for (const course of [brokenCourse, fixedCourse])
    await folder(path.relative(tmp, course) + '/hw1', { 'README.txt': 'Answer 42, greet.\n' });
  runner = startRunner(prefix);
  await runner.waitForLog('runner started');

  // alice's first push is graded before her second is queued: queued together, the newer one would
  // supersede it.
  const alicesFirst = await submit('alice', '2026-01-09T12:00:00.000Z', '42', 'Hello');
  await eventually(
    "alice's first submission graded",
    async () => (await queues.jobState('live', alicesFirst)).state === 'completed',
    60_000,
  );
  const jobs = [
    alicesFirst,
    await submit('alice', '2026-01-10T06:00:00.000Z', '42', 'HELLO'), // a day late
    await submit('bob', '2026-01-09T08:00:00.000Z', '42', 'hello'),
    await submit('carol', '2026-01-08T08:00:00.000Z', '41', 'Hello'),
  ];
  // erin goes through `gradebot submit`, long after the late deadline.
  const erin = await folder('erin', { 'answer.txt': '42\n', 'hello.txt': 'Hello\n' });
  const submitted = await cli(
    'submit',
    erin,
    '--course',
    brokenCourse,
    '--assignment',
    'hw1',
    '--submitted-at',
    ERIN_SUBMITTED_AT,
    '--wait',
    '--json',
  );
  expect(submitted.code).toBe(0);
  await eventually(
    'the live submissions graded',
    async () =>
      (await Promise.all(jobs.map((id) => queues.jobState('live', id)))).every(
        (j) => j.state === 'completed',
      ),
    60_000,
  );
  for (const student of ['alice', 'bob', 'carol', 'erin']) {
    latest.set(student, (await results.list(ORG, 'hw1', student)).at(-1)!);
  }
  expect([...latest.values()].map((e) => [e.result.student, e.result.score])).toEqual([
    ['alice', 7.2],
    ['bob', 10],
    ['carol', 0],
    ['erin', 0],
  ]);
});

afterAll(async () => {
  runner?.child.kill('SIGTERM');
  await runner?.exited;
  await queues?.close();
  if (redis) {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('gradebot regrade', () => {
  it("regrades every student's latest submission with the fixed course, keeping its submission time", async () => {
    const { code, stdout, stderr } = await cli(
      'regrade',
      '--org',
      ORG,
      '--assignment',
      'hw1',
      '--course',
      fixedCourse,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' }); // no progress lines in a pipe
    expect(stdout).toBe(
      [
        'regraded 4 of 4 submissions of local/hw1',
        '2 score(s) changed:',
        '  alice: 7.2 → 9 / 10',
        '  carol: 0 → 2 / 10',
        '',
      ].join('\n'),
    );

    for (const [student, original] of latest) {
      const regrades = await regradesOf(student);
      expect(regrades).toHaveLength(1);
      const [regrade] = regrades;
      expect(regrade!.result.submitted_at).toBe(original.result.submitted_at);
      expect(regrade!.result.late).toEqual(original.result.late);
      expect(regrade!.payload).toMatchObject({
        queue: 'regrade',
        submittedAt: original.payload!.submittedAt,
        submission: original.payload!.submission,
        repo: original.payload!.repo,
      });
      expect(regrade!.payload!.course).not.toEqual(original.payload!.course);
    }
    expect((await regradesOf('alice'))[0]!.result).toMatchObject({
      score: 9,
      raw_score: 10,
      late: { days: 1 },
    });
    expect((await regradesOf('erin'))[0]!.result).toMatchObject({
      score: 0,
      raw_score: 10,
      late: { past_until: true },
    });

    const exported = await cli('export', '--org', ORG, '--assignment', 'hw1', '--format', 'json');
    expect(exported.code).toBe(0);
    const rows = JSON.parse(exported.stdout) as Record<string, unknown>[];
    // No course is published here (the regrade took --course), so no due date is known, and nobody
    // has an extension or an override.
    expect(rows).toEqual([
      {
        login: 'alice',
        best_on_time: 8,
        best_with_penalty: 9,
        max_score: 10,
        submissions: 2,
        commit: null,
        submitted_at: '2026-01-10T06:00:00.000Z',
        late_days: 1,
        ...UNACCOMMODATED_EXPORT,
      },
      {
        login: 'bob',
        best_on_time: 10,
        best_with_penalty: 10,
        max_score: 10,
        submissions: 1,
        commit: null,
        submitted_at: '2026-01-09T08:00:00.000Z',
        late_days: 0,
        ...UNACCOMMODATED_EXPORT,
      },
      {
        login: 'carol',
        best_on_time: 2,
        best_with_penalty: 2,
        max_score: 10,
        submissions: 1,
        commit: null,
        submitted_at: '2026-01-08T08:00:00.000Z',
        late_days: 0,
        ...UNACCOMMODATED_EXPORT,
      },
      {
        login: 'erin',
        best_on_time: null,
        best_with_penalty: 0,
        max_score: 10,
        submissions: 1,
        commit: null,
        submitted_at: ERIN_SUBMITTED_AT,
        late_days: 23, // 22 days and 12 hours after the due date: 23 started days
        ...UNACCOMMODATED_EXPORT,
      },
    ]);
  });

  it('shows progress on a terminal, and gives a second run jobs of its own', async () => {
    const terminal = createRecordingTerminal();
    const first = new Map(
      await Promise.all(
        ['alice', 'bob', 'carol', 'erin'].map(async (s) => [s, (await regradesOf(s))[0]!.jobId] as const),
      ),
    );
    const code = await runRegrade(
      { org: ORG, assignment: 'hw1', course: fixedCourse, redis: REDIS_URL, prefix, json: true },
      terminal,
    );
    expect(code).toBe(0);
    expect(terminal.steps.slice(0, 3)).toEqual([
      'checking the course file',
      'uploading the course',
      'queuing 1 of 4',
    ]);
    const following = terminal.steps.filter((step) => step.startsWith('regrading hw1: '));
    expect(following[0]).toMatch(/^regrading hw1: 0 of 4 graded(, \d running)?$/);
    expect(terminal.steps.at(-1)).toBe('regrading hw1: 4 of 4 graded');
    const summary = JSON.parse(terminal.stdout) as {
      jobs: { student: string; jobId: string; outcome: string }[];
    };
    expect(summary.jobs.map((j) => [j.student, j.outcome])).toEqual([
      ['alice', 'graded'],
      ['bob', 'graded'],
      ['carol', 'graded'],
      ['erin', 'graded'],
    ]);
    for (const job of summary.jobs) expect(job.jobId).not.toBe(first.get(job.student));
  });

  it('with --no-wait only queues; an expired upload is named and makes the exit status 1', async () => {
    const carol = latest.get('carol')!.payload!.submission;
    if (carol.kind !== 'blob') throw new Error('expected an upload');
    await redis.del(`${prefix}:blob:${carol.digest}`);
    const before = await regradesOf('alice');
    const { code, stdout, stderr } = await cli(
      'regrade',
      '--org',
      ORG,
      '--assignment',
      'hw1',
      '--course',
      fixedCourse,
      '--no-wait',
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^queued 3 of 4 submissions of local\/hw1 for regrading \(regrade-\S+\)\n/);
    expect(stdout).toContain('not queued:\n  carol: its uploaded folder has expired; submit it again\n');
    expect(stderr).toBe('gradebot: 1 of 4 submissions could not be queued\n');
    await eventually(
      'the queued regrades graded',
      async () => (await regradesOf('alice')).length > before.length,
      60_000,
    );
    await eventually('the runner idle', async () => {
      const counts = await queues.counts();
      return counts.regrade.waiting + counts.regrade.active === 0;
    });
  });

  it('refuses without a course to grade with, in one line', async () => {
    const unpublished = await cli('regrade', '--org', ORG, '--assignment', 'hw1');
    expect(unpublished).toMatchObject({
      code: 1,
      stderr:
        'gradebot: no course is published for local (the bot publishes it when it loads the course repository); use --course DIR to regrade with a course folder\n',
    });

    await new CourseRegistry(redis, prefix).publish({
      org: ORG,
      course: 'regrade-test',
      timezone: 'UTC',
      commit: 'c'.repeat(40),
      archive: 'e'.repeat(64),
      installation: 1,
      publishedAt: new Date().toISOString(),
      assignments: [],
    });
    const missing = await cli('regrade', '--org', ORG, '--assignment', 'hw1');
    expect(missing.stderr).toBe(
      'gradebot: the course in force for local has no assignment hw1 (it has: none)\n',
    );

    const published = (await new CourseRegistry(redis, prefix).get(ORG))!;
    await new CourseRegistry(redis, prefix).publish({
      ...published,
      assignments: [
        {
          id: 'hw1',
          title: 'hw1',
          repos: 'hw1-*',
          kind: 'tests',
          due: null,
          late: null,
          limit: null,
          scoreboard: false,
        },
      ],
    });
    const expired = await cli('regrade', '--org', ORG, '--assignment', 'hw1');
    expect(expired).toMatchObject({
      code: 1,
      stderr:
        'gradebot: the course in force for local (commit cccccccccccc) has expired from Redis; push the course repository again, or use --course DIR\n',
    });

    const unknown = await cli('regrade', '--org', ORG, '--assignment', 'hw9', '--course', fixedCourse);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^gradebot: no assignment "hw9" in .*gradebot\.yml; known assignments: hw1\n$/,
    );
  });
});
