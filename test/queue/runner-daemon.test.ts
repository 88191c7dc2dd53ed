/**
 * Runner daemons as operators run them: separate processes, real Redis, real Docker. Each test has
 * its own key prefix, so its queues, results and runners never meet another test's.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/jobs/job-id.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { startGitServer } from '../helpers/git-server.js';
import { connect, eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from '../helpers/runner-process.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';

let redis: Redis;
let prefix: string;
let queues: GradingQueues;
let results: ResultsStore;
const runners: RunnerProcess[] = [];

const run = (...args: string[]) => {
  const runner = startRunner(prefix, args);
  runners.push(runner);
  return runner;
};
const state = async (queue: 'live' | 'regrade', jobId: string) => (await queues.jobState(queue, jobId)).state;
const graded = (runner: RunnerProcess) =>
  runner.logs.filter((l) => l.msg === 'graded').map((l) => l.job as string);

beforeEach(() => {
  redis = connect();
  prefix = testPrefix();
  queues = openQueues(redis, prefix);
  results = new ResultsStore(redis, prefix);
});

afterEach(async () => {
  await tearDownQueueTest({ runners: runners.splice(0), queues, redis, prefix });
});

describe('runner daemons', () => {
  it('grade many jobs across two runner processes, each exactly once, results stored', async () => {
    const payloads = await Promise.all(
      ['ana', 'ben', 'cy', 'dee', 'eli', 'fay'].map((student, i) =>
        makePayload(redis, prefix, { student, answer: i % 2 ? '42' : '41' }),
      ),
    );
    // Two of them come from a real git server, as pushes do.
    const git = await startGitServer();
    for (const i of [4, 5]) {
      const repo = await git.createRepo(`quick-${payloads[i]!.student}`);
      const commit = await repo.commit({ 'answer.txt': i % 2 ? '42\n' : '41\n' });
      payloads[i] = { ...payloads[i]!, submission: { kind: 'git', url: repo.url, commit } };
    }
    const ids: string[] = [];
    for (const payload of payloads) ids.push((await queues.enqueue(payload)).jobId);
    const [a, b] = [run('--concurrency', '2'), run('--concurrency', '2')];
    for (const id of ids)
      await eventually(`job ${id} done`, async () => (await state('live', id)) === 'completed', 60_000);

    expect([...graded(a!), ...graded(b!)].sort()).toEqual([...ids].sort());
    for (const [i, payload] of payloads.entries()) {
      const stored = await results.list('test-org', 'quick', payload.student);
      expect(stored.map((s) => [s.jobId, s.result.status, s.result.score])).toEqual([
        [ids[i], 'graded', i % 2 ? 1 : 0],
      ]);
    }
  });

  it('queue the same submission once, and run only the newest of rapid pushes', async () => {
    const base = Date.now();
    const pushes: Awaited<ReturnType<typeof makePayload>>[] = [];
    for (let i = 0; i < 5; i++) {
      pushes.push(
        await makePayload(redis, prefix, { student: 'gus', submittedAt: new Date(base + i * 1000) }),
      );
    }
    const ids: string[] = [];
    for (const payload of pushes) ids.push((await queues.enqueue(payload)).jobId);
    expect(await queues.enqueue(pushes[4]!)).toEqual({ jobId: ids[4], queue: 'live', added: false });

    const runner = run('--concurrency', '2');
    for (const id of ids)
      await eventually(`job ${id} done`, async () => (await state('live', id)) === 'completed', 60_000);
    expect(graded(runner)).toEqual([ids[4]]);
    const superseded = runner.logs.filter((l) => l.msg === 'superseded by a newer submission');
    expect(superseded.map((l) => l.job).sort()).toEqual(ids.slice(0, 4).sort());
    for (const id of ids.slice(0, 4)) {
      expect((await queues.jobState('live', id)).returnvalue).toEqual({ outcome: 'superseded', by: ids[4] });
    }
    expect(await results.list('test-org', 'quick', 'gus')).toHaveLength(1);
  });

  it('start a live submission next, ahead of a backlog of regrades', async () => {
    const regrades: string[] = [];
    for (const student of ['r1', 'r2', 'r3']) {
      const payload = await makePayload(redis, prefix, {
        student,
        assignment: 'slow',
        delay: 1,
        queue: 'regrade',
        requestId: 'batch',
      });
      regrades.push((await queues.enqueue(payload)).jobId);
    }
    const runner = run('--concurrency', '1');
    await eventually('a regrade running', async () => (await state('regrade', regrades[0]!)) === 'active');
    const live = (await queues.enqueue(await makePayload(redis, prefix, { student: 'lia' }))).jobId;
    await eventually('everything done', async () => (await queues.counts()).regrade.completed === 3, 60_000);
    expect(graded(runner)).toEqual([regrades[0], live, regrades[1], regrades[2]]);
  });

  it("run one student's jobs one at a time, while others' run beside them", async () => {
    const slow = (
      await queues.enqueue(await makePayload(redis, prefix, { student: 'sam', assignment: 'slow', delay: 2 }))
    ).jobId;
    const quick = (await queues.enqueue(await makePayload(redis, prefix, { student: 'sam' }))).jobId;
    const other = (await queues.enqueue(await makePayload(redis, prefix, { student: 'ola' }))).jobId;
    const runner = run('--concurrency', '2', '--per-student', '1');
    for (const id of [slow, quick, other]) {
      await eventually(`job ${id} done`, async () => (await state('live', id)) === 'completed', 60_000);
    }
    // sam's quick job waited for sam's slow one; ola's did not wait for either.
    expect(graded(runner)).toEqual([other, slow, quick]);
    expect(
      runner.logs.some(
        (l) => l.msg === 'student has a job running; waiting for a fair share' && l.job === quick,
      ),
    ).toBe(true);
  });

  it('let another runner finish the job of a runner killed mid-job, once, and sweep its container', async () => {
    const payload = await makePayload(redis, prefix, { student: 'kim', assignment: 'slow', delay: 6 });
    const { jobId } = await queues.enqueue(payload);
    const doomed = run('--lock-duration', '2');
    await eventually('the job running', async () => (await state('live', jobId)) === 'active');
    const doomedId = (await doomed.waitForLog('runner started')).runner;
    const provider = new DockerSandboxProvider({ deployment: prefix });
    const containersOf = async (runner: unknown) =>
      (await provider.listManaged()).filter((c) => c.runnerId === runner);
    // Killed once a sandbox of its exists, however long the engine took to make it.
    await eventually('its sandbox created', async () => (await containersOf(doomedId)).length > 0);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');

    const rescuer = run('--lock-duration', '2', '--sweep-interval', '1');
    await eventually('the job done', async () => (await state('live', jobId)) === 'completed', 90_000);
    expect(graded(rescuer)).toEqual([jobId]);
    expect(graded(doomed)).toEqual([]);
    const stored = await results.list('test-org', 'slow', 'kim');
    expect(stored.map((s) => [s.jobId, s.result.score])).toEqual([[jobId, 1]]);
    // The rescuer's sweep reaps them, unless a `gradebot grade` starting on this host reaped them first.
    await eventually('its sandboxes swept', async () => (await containersOf(doomedId)).length === 0, 40_000);
  });

  it('drain on SIGTERM: no new jobs, the running one finishes, exit 0', async () => {
    const first = (
      await queues.enqueue(await makePayload(redis, prefix, { student: 'dan', assignment: 'slow', delay: 3 }))
    ).jobId;
    const runner = run('--concurrency', '1');
    await eventually('the job running', async () => (await state('live', first)) === 'active');
    runner.child.kill('SIGTERM');
    await runner.waitForLog('draining');
    const second = (await queues.enqueue(await makePayload(redis, prefix, { student: 'eve' }))).jobId;
    expect(await runner.exited).toBe(0);
    expect(await state('live', first)).toBe('completed');
    expect(await state('live', second)).toBe('waiting');
    expect(graded(runner)).toEqual([first]);
  });

  it('retry an infrastructure failure, then store an error that does not count against the student', async () => {
    const retrying = openQueues(redis, prefix, { retryDelayMs: 200 });
    const payload = await makePayload(redis, prefix, { student: 'gil' });
    const { jobId } = await retrying.enqueue({ ...payload, assignment: 'no-image', repo: 'no-image-gil' });
    await retrying.close();
    const runner = run();
    await eventually(
      'the job failed for good',
      async () => (await state('live', jobId)) === 'failed',
      60_000,
    );
    const failures = runner.logs.filter((l) => String(l.msg).startsWith('infrastructure failure'));
    expect(failures.map((l) => [l.msg, l.attempt])).toEqual([
      ['infrastructure failure; will retry', 1],
      ['infrastructure failure; will retry', 2],
      ['infrastructure failure; no attempts left', 3],
    ]);
    const [stored] = await results.list('test-org', 'no-image', 'gil');
    expect(stored!.result).toMatchObject({
      status: 'error',
      score: 0,
      output: expect.stringContaining('does not count against you'),
      staff_output: expect.stringContaining('gradebot/not-built-here:0 is not on this machine'),
    });
  });

  it('reject junk on the queue with a logged reason, and keep going', async () => {
    // Written by hand past the producer's validation, as a broken or hostile producer would.
    const raw = new Queue('live', { connection: redis, prefix });
    await raw.add('grade', { hello: 'world' }, { jobId: 'junk-1', attempts: 3 });
    await raw.close();
    const good = (await queues.enqueue(await makePayload(redis, prefix, { student: 'fin' }))).jobId;
    const runner = run();
    await eventually('the good job done', async () => (await state('live', good)) === 'completed', 60_000);
    expect(await queues.jobState('live', 'junk-1')).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('invalid job payload'),
    });
    const rejection = await runner.waitForLog('rejected a job with an invalid payload');
    expect(rejection).toMatchObject({ job: 'junk-1', reason: expect.stringContaining('version') });
    expect(graded(runner)).toEqual([good]);
  });
});

describe('job ids', () => {
  it('are what the producer and the runner agree on', async () => {
    const payload = await makePayload(redis, prefix, { student: 'ida' });
    expect((await queues.enqueue(payload)).jobId).toBe(jobIdFor(payload));
  });
});
