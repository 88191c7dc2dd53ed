/**
 * Submission limits through a real runner process, real Redis and real Docker: live submissions over
 * the limit are not run and say when the next one is possible; infrastructure failures and regrades
 * never count, and regrades are never refused.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobPayload, QueueClass } from '../../src/jobs/job-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { limitReachedMessage } from '../../src/scoring/submission-limit.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { LimitLedger } from '../../src/store/limit-ledger.js';
import { connect, eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from '../helpers/runner-process.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMIT = { submissions: 2, perMs: DAY };
const scope = { org: 'test-org', assignment: 'limited', student: 'lim' };

let redis: Redis;
let prefix: string;
let queues: GradingQueues;
let results: ResultsStore;
let runner: RunnerProcess | null = null;

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  queues = openQueues(redis, prefix, { retryDelayMs: 200 });
  results = new ResultsStore(redis, prefix);
});

afterEach(async () => {
  const runners = [runner];
  runner = null;
  await tearDownQueueTest({ runners, queues, redis, prefix });
});

/** A course whose `limited` assignment allows 2 graded submissions per 24 hours, graded with `image`. */
async function uploadCourse(image: string): Promise<JobPayload['course']> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-limit-course-'));
  try {
    await mkdir(path.join(dir, 'limited'));
    await writeFile(path.join(dir, 'limited', 'README.txt'), 'Print 42.\n');
    await writeFile(
      path.join(dir, 'gradebot.yml'),
      [
        'course: limit-tests',
        'timezone: America/Toronto',
        'assignments:',
        '  limited:',
        `    image: ${image}`,
        '    limits: { time: 60s, memory: 64MiB, disk: 16MiB }',
        '    limit: { submissions: 2, per: 24h }',
        '    tests:',
        "      - { name: answer, run: 'cat answer.txt', stdout: '42', points: 1 }",
        '',
      ].join('\n'),
    );
    const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
    return { kind: 'blob', digest: await blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('submission limits', () => {
  it('refuse the third graded submission in 24 hours without running it; errors and regrades never count', async () => {
    const course = await uploadCourse('gradebot/base:latest');
    const broken = await uploadCourse('gradebot/not-built-here:0');
    const t0 = Date.parse('2026-12-01T15:00:00Z');
    const submit = async (minutes: number, queue: QueueClass = 'live', courseSource = course) => {
      const base = await makePayload(redis, prefix, {
        student: 'lim',
        queue,
        submittedAt: new Date(t0 + minutes * 60_000),
        ...(queue === 'regrade' ? { requestId: `regrade-${minutes}` } : {}),
      });
      const payload = { ...base, assignment: 'limited', repo: 'limited-lim', course: courseSource };
      const { jobId } = await queues.enqueue(payload);
      const final = await eventually(
        `job ${jobId} finished`,
        async () => {
          const state = await queues.jobState(queue, jobId);
          return state.state === 'completed' || state.state === 'failed' ? state : null;
        },
        60_000,
      );
      const stored = await results.get('test-org', 'limited', 'lim', jobId);
      return { jobId, state: final, result: stored };
    };
    runner = startRunner(prefix, ['--concurrency', '1']);
    const ledger = new LimitLedger(redis, prefix);

    // An infrastructure failure, retried and then stored as an error: it holds no place.
    const failed = await submit(0, 'live', broken);
    expect(failed.state.state).toBe('failed');
    expect(failed.result).toMatchObject({ status: 'error' });
    expect(await ledger.reserved(scope)).toEqual([]);

    // A regrade is graded and holds no place either.
    const regrade = await submit(10, 'regrade');
    expect(regrade.result).toMatchObject({ status: 'graded', score: 1 });

    const first = await submit(60);
    const second = await submit(120);
    expect([first.result?.status, second.result?.status]).toEqual(['graded', 'graded']);

    const third = await submit(180);
    const next = new Date(t0 + 60 * 60_000 + DAY);
    expect(third.state).toMatchObject({
      state: 'completed',
      returnvalue: { outcome: 'rejected', score: 0, max_score: 0 },
    });
    expect(third.result).toEqual({
      assignment: 'limited',
      student: 'lim',
      commit: null,
      submitted_at: new Date(t0 + 180 * 60_000).toISOString(),
      graded_at: expect.any(String),
      late: null,
      status: 'rejected',
      score: 0,
      max_score: 0,
      raw_score: 0,
      output: limitReachedMessage(LIMIT, next, 'America/Toronto'),
      tests: [],
      next_submission_at: next.toISOString(),
    });
    expect(third.result?.output).toContain(
      'from 2026-12-02 11:00:00 EST (America/Toronto), that is 2026-12-02T16:00:00.000Z',
    );
    // Not run: no sandbox step was ever reported for it.
    expect(third.state.progress).toEqual({ state: 'running', runner: expect.any(String) });
    expect(runner.logs.find((l) => l.msg === 'submission limit reached')).toMatchObject({
      job: third.jobId,
      next: next.toISOString(),
    });

    // Re-running the refused submission (a student may press "Re-run" on its check run) keeps it refused.
    const refused = (await results.list('test-org', 'limited', 'lim')).find((s) => s.jobId === third.jobId);
    const rerun = await queues.enqueue({
      ...refused!.payload!,
      queue: 'regrade',
      requestId: 'rerun-of-third',
    });
    await eventually(
      'the re-run finished',
      async () => (await queues.jobState('regrade', rerun.jobId)).state === 'completed' || null,
      60_000,
    );
    expect(await results.get('test-org', 'limited', 'lim', rerun.jobId)).toMatchObject({
      status: 'rejected',
      next_submission_at: next.toISOString(),
      output: expect.stringContaining('Re-running a submission the limit refused does not grade it'),
    });

    // Regrades are never refused, even with the window full.
    const lateRegrade = await submit(210, 'regrade');
    expect(lateRegrade.result).toMatchObject({ status: 'graded', score: 1 });

    // At the instant named, the first submission has left the window.
    const afterWindow = await submit(60 + 24 * 60);
    expect(afterWindow.result).toMatchObject({ status: 'graded', score: 1 });

    expect((await ledger.reserved(scope)).map((r) => r.jobId)).toEqual([
      first.jobId,
      second.jobId,
      afterWindow.jobId,
    ]);
    const stored = await results.list('test-org', 'limited', 'lim');
    expect(stored.map((s) => [s.jobId, s.result.status])).toEqual([
      [failed.jobId, 'error'],
      [regrade.jobId, 'graded'],
      [first.jobId, 'graded'],
      [second.jobId, 'graded'],
      [third.jobId, 'rejected'],
      [rerun.jobId, 'rejected'],
      [lateRegrade.jobId, 'graded'],
      [afterWindow.jobId, 'graded'],
    ]);
  });
});
