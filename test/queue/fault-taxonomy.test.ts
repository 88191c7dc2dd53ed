/**
 * The fault taxonomy (src/faults.ts) as a runner acts on it: a real `RunnerDaemon` in this process,
 * real Redis and BullMQ, and the fake sandbox instead of Docker. An infrastructure fault is retried
 * as many times as the job allows, then stored as an error that does not count; a submission fault
 * that counts keeps its place under the submission limit and is never retried; a fault that spends
 * no attempt is waited out, however often it comes. Each is judged by what is stored: the result,
 * the job's attempts, the limit ledger. The same paths through Docker: runner-daemon.test.ts,
 * forced-infra-errors.test.ts, bot/bot-away.test.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import { createLogger } from '../../src/log/logger.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { openRunnerQueues } from '../../src/queue/runner-queues.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { runShow } from '../../src/cli/show-command.js';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import { BotUnavailableError } from '../../src/runner/daemon/bot-token.js';
import { RunnerDaemon, type RunnerOptions } from '../../src/runner/daemon/runner-daemon.js';
import type { GitTokenSource } from '../../src/runner/daemon/workspace.js';
import {
  SandboxInfrastructureError,
  SubmissionTooLargeError,
} from '../../src/runner/sandbox/sandbox-errors.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { keys } from '../../src/store/keys.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { LimitLedger } from '../../src/store/limit-ledger.js';
import { fakeProvider, type FakeProvider, type SandboxScript } from '../helpers/fake-sandbox.js';
import { freePort } from '../helpers/free-port.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import {
  connect,
  dropPrefix,
  eventually,
  makePayload,
  openQueues,
  REDIS_URL,
  testPrefix,
} from '../helpers/queue.js';

/** Every job is made with three attempts (queue/grading-queues.ts). */
const ATTEMPTS = 3;
const SCOPE = { org: 'test-org', assignment: 'limited', student: 'lim' };
const ANSWER = { match: 'cat answer.txt', result: { stdout: '42\n' } };
const T0 = Date.parse('2026-12-01T15:00:00Z');
/** The `limited` assignment allows one graded submission a day. */
const COURSE_FILE = [
  'course: fault-tests',
  'timezone: UTC',
  'assignments:',
  '  limited:',
  '    image: gradebot/base:latest',
  '    limits: { time: 60s, memory: 64MiB, disk: 16MiB }',
  '    limit: { submissions: 1, per: 24h }',
  '    tests:',
  "      - { name: answer, run: 'cat answer.txt', stdout: '42', points: 1 }",
  '',
].join('\n');

let redis: Redis;
let prefix: string;
let queues: GradingQueues;
let results: ResultsStore;
let ledger: LimitLedger;
let live: Queue;
let course: JobPayload['course'];
let runner: { daemon: RunnerDaemon; redis: Redis; provider: FakeProvider } | null = null;
let git: GitServer | null = null;

beforeEach(async () => {
  redis = connect();
  prefix = testPrefix();
  // Retries follow each other quickly; how many there are is the job's own setting.
  queues = openQueues(redis, prefix, { retryDelayMs: 20 });
  results = new ResultsStore(redis, prefix);
  ledger = new LimitLedger(redis, prefix);
  live = new Queue('live', { connection: redis, prefix });
  course = await uploadCourse();
});

afterEach(async () => {
  const stopping = runner;
  runner = null;
  if (stopping) {
    await stopping.daemon.drain();
    stopping.redis.disconnect();
    stopping.provider.verify();
  }
  await git?.close();
  git = null;
  await live.close();
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** Uploads a course folder with this `gradebot.yml`. */
async function uploadCourse(courseFile = COURSE_FILE): Promise<JobPayload['course']> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-faults-course-'));
  try {
    await mkdir(path.join(dir, 'limited'));
    await writeFile(path.join(dir, 'limited', 'README.txt'), 'Print 42.\n');
    await writeFile(path.join(dir, 'gradebot.yml'), courseFile);
    const blobs = new BlobStore(redis, { prefix: keys(prefix).blobPrefix });
    return { kind: 'blob', digest: await blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts a runner of one slot whose sandboxes are the fake's, scripted by `script`. */
async function startDaemon(script: SandboxScript, options: Partial<RunnerOptions> = {}): Promise<void> {
  const provider = fakeProvider(script);
  const own = connect();
  const daemon = new RunnerDaemon({
    queues: openRunnerQueues(own, { prefix, queues: [...DEFAULTS.runner.queues] }),
    provider: {
      ...provider,
      runnerId: `fake-runner-${prefix}`,
      destroyAll: async () => {
        await Promise.all(provider.sandboxes.map((sandbox) => sandbox.destroy()));
      },
      sweepOrphans: async () => 0,
    },
    log: createLogger('runner', () => undefined),
    concurrency: 1,
    prestart: false,
    ...options,
  });
  runner = { daemon, redis: own, provider };
  await daemon.start();
}

/** Queues a live submission of `lim`'s, `minutes` after T0, and waits until it is settled. */
async function submit(minutes: number, source: Partial<Pick<JobPayload, 'submission' | 'course'>> = {}) {
  const base = await makePayload(redis, prefix, {
    student: 'lim',
    submittedAt: new Date(T0 + minutes * 60_000),
  });
  const payload: JobPayload = {
    ...base,
    assignment: 'limited',
    repo: 'limited-lim',
    course,
    ...source,
  };
  const { jobId } = await queues.enqueue(payload);
  const state = await eventually(
    `job ${jobId} settled`,
    async () => {
      const found = await queues.jobState('live', jobId);
      return found.state === 'completed' || found.state === 'failed' ? found.state : null;
    },
    60_000,
  );
  const job = await live.getJob(jobId);
  return {
    jobId,
    state,
    attempts: job?.attemptsMade,
    result: await results.get(SCOPE.org, SCOPE.assignment, SCOPE.student, jobId),
  };
}

describe('the runner, by fault', () => {
  it('retries an infrastructure fault as often as the job allows, then stores an error that does not count', async () => {
    const gone = new SandboxInfrastructureError('the sandbox’s container stopped');
    await startDaemon({ exec: [{ match: 'cat answer.txt', throws: gone }] });

    const failed = await submit(0);

    expect({ state: failed.state, attempts: failed.attempts }).toEqual({
      state: 'failed',
      attempts: ATTEMPTS,
    });
    expect(failed.result).toEqual({
      assignment: 'limited',
      student: 'lim',
      commit: null,
      submitted_at: new Date(T0).toISOString(),
      graded_at: expect.any(String),
      late: null,
      status: 'error',
      score: 0,
      max_score: 0,
      raw_score: 0,
      output:
        'The submission could not be graded because of an infrastructure failure (after 3 attempts); ' +
        'it does not count against you.',
      tests: [],
      staff_output: 'the sandbox’s container stopped',
    });
    expect(await ledger.reserved(SCOPE)).toEqual([]);
  }, 90_000);

  it('ends a job on a submission fault that does not count at once (an expired archive, a broken course, an assignment it lost), saying what is wrong', async () => {
    await startDaemon({});

    const expired = await submit(0, { submission: { kind: 'blob', digest: 'ab'.repeat(32) } });
    const broken = await submit(10, {
      course: await uploadCourse(COURSE_FILE.replace('per: 24h', 'per: lots')),
    });
    const renamed = await submit(20, {
      course: await uploadCourse(COURSE_FILE.replace('  limited:\n', '  renamed:\n    dir: limited\n')),
    });

    for (const ended of [expired, broken, renamed]) {
      expect({ state: ended.state, attempts: ended.attempts }).toEqual({ state: 'completed', attempts: 1 });
      expect(ended.result).toMatchObject({ status: 'error', score: 0, max_score: 0 });
      expect(ended.result).not.toHaveProperty('fault');
    }
    expect(expired.result?.output).toBe(
      'The submission could not be fetched: the submission archive abababababab is no longer stored.',
    );
    expect(broken.result?.output).toBe(
      'The course configuration is invalid:\n' +
        'gradebot.yml:7:35: assignments.limited.limit.per: expected a duration like 10m or 1h30m, got "lots"',
    );
    expect(renamed.result?.output).toBe(
      'The course has no assignment "limited" (it may have been renamed or removed since this submission ' +
        'was made); course staff can fix this.',
    );
    expect(await ledger.reserved(SCOPE)).toEqual([]);
  }, 90_000);

  it('stores a counted submission fault on the first attempt, and it keeps its place under the limit', async () => {
    const tooLarge = new SubmissionTooLargeError('the submission holds more than 16777216 bytes');
    await startDaemon({ copyIn: { submission: tooLarge } });

    const refused = await submit(0);

    expect({ state: refused.state, attempts: refused.attempts }).toEqual({ state: 'completed', attempts: 1 });
    expect(refused.result).toMatchObject({
      status: 'rejected',
      fault: 'submission',
      output: 'the submission holds more than 16777216 bytes; it was not graded.',
    });
    expect((await ledger.reserved(SCOPE)).map((reserved) => reserved.jobId)).toEqual([refused.jobId]);

    // The day's one submission is spent: the next is refused by the limit, without a sandbox.
    const next = await submit(60);
    expect(next.result).toMatchObject({
      status: 'rejected',
      next_submission_at: new Date(T0 + 24 * 3_600_000).toISOString(),
    });
    expect(next.result).not.toHaveProperty('fault');
  }, 90_000);

  it('waits out a git server that cannot be reached, spending no attempt, and grades once it is back', async () => {
    git = await startGitServer();
    const repo = await git.createRepo('limited-lim');
    const commit = await repo.commit({ 'answer.txt': '42\n' });
    // The runner reaches the server through a port where, at first, nothing listens.
    const away = new URL(repo.url);
    const serverPort = Number(away.port);
    away.port = String(await freePort());
    const lines: string[] = [];
    await startDaemon({ exec: [ANSWER] }, { log: createLogger('runner', (line) => void lines.push(line)) });
    const waits = () => lines.filter((line) => line.includes('the git server cannot be reached')).length;

    const settled = submit(0, { submission: { kind: 'git', url: away.href, commit } });
    await eventually('the job waiting as often as it has attempts', async () => waits() >= ATTEMPTS, 60_000);
    const back = net.createServer((socket) => {
      const upstream = net.connect(serverPort, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => back.listen(Number(away.port), '127.0.0.1', resolve));
    try {
      const graded = await settled;
      expect({ state: graded.state, attempts: graded.attempts }).toEqual({ state: 'completed', attempts: 1 });
      expect(graded.result).toMatchObject({ status: 'graded', score: 1, commit });
    } finally {
      await new Promise((resolve) => back.close(resolve));
    }
  }, 120_000);

  it('waits out a fault that spends no attempt, as often as the job has attempts, and then grades', async () => {
    git = await startGitServer();
    const repo = await git.createRepo('limited-lim');
    const commit = await repo.commit({ 'answer.txt': '42\n' });
    // The bot is away for as many fetch-token requests as the job has attempts, then back.
    let away = ATTEMPTS;
    const gitToken: GitTokenSource = async () => {
      if (away-- > 0) throw new BotUnavailableError('could not reach the bot for a fetch token');
      return undefined;
    };
    await startDaemon({ exec: [ANSWER] }, { gitToken });

    const graded = await submit(0, { submission: { kind: 'git', url: repo.url, commit } });

    expect({ state: graded.state, attempts: graded.attempts }).toEqual({ state: 'completed', attempts: 1 });
    expect(graded.result).toMatchObject({ status: 'graded', score: 1, max_score: 1, commit });
    expect((await ledger.reserved(SCOPE)).map((reserved) => reserved.jobId)).toEqual([graded.jobId]);
  }, 90_000);
});

describe('what the runner records for staff', () => {
  it('stores which runner graded a submission and how long it took, and `gradebot show` prints it', async () => {
    // Each reading of the clock is 1.5 s after the last: grading takes one step.
    let clock = Date.now();
    const now = () => (clock += 1_500);
    await startDaemon({ exec: [ANSWER] }, { now });

    const graded = await submit(0);

    expect(graded.result).toMatchObject({ status: 'graded', score: 1 });
    const [stored] = await results.list(SCOPE.org, SCOPE.assignment, SCOPE.student);
    expect(stored?.grading).toEqual({
      runner: `fake-runner-${prefix}`,
      grading_ms: 1_500,
      queued_ms: expect.any(Number),
    });
    expect(graded.result).not.toHaveProperty('grading');
    expect(graded.result).not.toHaveProperty('runner');
    const terminal = createRecordingTerminal();
    const options = { org: SCOPE.org, assignment: SCOPE.assignment, redis: REDIS_URL, prefix, json: true };
    expect(await runShow(options, terminal)).toBe(0);
    expect(JSON.parse(terminal.stdout).submissions).toEqual([
      { student: 'lim', job_id: graded.jobId, result: graded.result, grading: stored?.grading },
    ]);
  }, 90_000);
});
