/**
 * `gradebot status` against real Redis and real BullMQ queues: who waits, oldest first, with age;
 * what runs, on which runner and node, for how long; each runner's slots. Jobs are added with set
 * creation times and the clock is passed in, so every age is exact.
 */
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus, renderStatus } from '../../src/cli/status-command.js';
import type { StatusView } from '../../src/cli/status-view.js';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import { jobIdFor } from '../../src/jobs/job-id.js';
import { openStores } from '../../src/store/open-stores.js';
import { connect, dropPrefix, makePayload, REDIS_URL, testPrefix } from '../helpers/queue.js';

const redis = connect();
const workerRedis = connect();
const prefix = testPrefix();
const T0 = Date.parse('2026-12-04T12:00:00Z');
const NOW = new Date(T0 + 10 * 60_000);
let running = { id: '', startedAt: 0 };
let worker: Worker;

beforeAll(async () => {
  const live = new Queue('live', { connection: redis, prefix });
  // Queued 9, 6 and 3 minutes before NOW, in that order; the first is then taken by a runner.
  for (const [i, student] of ['ada', 'bob', 'cy'].entries()) {
    const payload = await makePayload(redis, prefix, { student });
    await live.add('grade', payload, { jobId: jobIdFor(payload), timestamp: T0 + (1 + 3 * i) * 60_000 });
  }
  await live.close();
  worker = new Worker('live', null, { connection: workerRedis, prefix, autorun: false });
  const taken = await worker.getNextJob('test-token');
  running = { id: taken!.id!, startedAt: taken!.processedOn! };
  await openStores(redis, prefix).runners.beat({
    id: 'runner-a',
    host: 'node-1',
    pid: 1,
    queues: ['live', 'regrade'],
    concurrency: 2,
    startedAt: new Date(T0).toISOString(),
    running: [running.id],
    draining: false,
  });
});

afterAll(async () => {
  await worker.close();
  workerRedis.disconnect();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

async function status(...flags: ('json' | 'watch')[]) {
  const terminal = createRecordingTerminal();
  const code = await runStatus(
    {
      redis: REDIS_URL,
      prefix,
      now: () => NOW,
      json: flags.includes('json'),
      watch: flags.includes('watch'),
    },
    terminal,
  );
  return { code, terminal };
}

describe('gradebot status', () => {
  it('lists the waiting oldest first with student and age, the running with runner, node and time, and the slots', async () => {
    const { code, terminal } = await status('json');
    expect(code).toBe(0);
    const view = JSON.parse(terminal.stdout) as StatusView;
    expect(view.at).toBe(NOW.toISOString());
    expect(view.queues.live).toMatchObject({ waiting: 2, active: 1 });
    expect(
      view.queues.live.waitingJobs.map(({ student, assignment, ageMs }) => [student, assignment, ageMs]),
    ).toEqual([
      ['bob', 'quick', 6 * 60_000],
      ['cy', 'quick', 3 * 60_000],
    ]);
    expect(view.queues.regrade.waitingJobs).toEqual([]);
    expect(view.running).toEqual([
      {
        id: running.id,
        queue: 'live',
        org: 'test-org',
        assignment: 'quick',
        student: 'ada',
        ageMs: 9 * 60_000,
        runner: 'runner-a',
        node: 'node-1',
        elapsedMs: Math.max(0, NOW.getTime() - running.startedAt),
      },
    ]);
    expect(view.runners).toEqual([expect.objectContaining({ id: 'runner-a', busy: 1, free: 1 })]);
  });

  it('says the same as text, a line per job', async () => {
    const { code, terminal } = await status();
    expect(code).toBe(0);
    const lines = terminal.stdout.split('\n');
    expect(lines).toContain('live: 2 waiting, 1 running, 0 delayed (retrying), 0 completed, 0 failed');
    expect(lines.filter((line) => line.startsWith('  waiting'))).toEqual([
      expect.stringMatching(/^ {2}waiting +6 min {2}test-org\/quick bob {2}/),
      expect.stringMatching(/^ {2}waiting +3 min {2}test-org\/quick cy {2}/),
    ]);
    expect(lines).toContain('  runner-a on node-1: 1 of 2 slots busy; serves live, regrade');
    expect(
      lines.some((line) => line.includes('test-org/quick ada') && line.includes('on runner-a (node-1)')),
    ).toBe(true);
  });

  it('refuses --watch when its output is not a terminal, and says why', async () => {
    const { code, terminal } = await status('watch');
    expect(code).toBe(2);
    expect(terminal.stderr).toContain('--watch needs a terminal');
  });

  it('renders a job whose payload it cannot read by its id alone', () => {
    const view: StatusView = {
      at: NOW.toISOString(),
      queues: {
        live: {
          waiting: 1,
          active: 0,
          delayed: 0,
          completed: 0,
          failed: 0,
          waitingJobs: [{ id: 'live:x', org: null, assignment: null, student: null, ageMs: 1000 }],
        },
        regrade: { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0, waitingJobs: [] },
      },
      running: [],
      runners: [],
    };
    expect(renderStatus(view)).toContain('live:x (unreadable payload)');
  });
});
