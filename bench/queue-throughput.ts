/**
 * Trivial submissions through the queue to runner daemons on this machine, next to the same jobs
 * as bare `docker run --rm` at the same concurrency, in the same run.
 *
 *   npm run bench:queue -- [jobs] [runners]     (default 40 jobs, 2 runners of one slot each)
 *
 * Prints throughput (jobs per minute), the time from enqueue to result (median, p95), and one job
 * at a time through the queue next to the local grading path, with and without prestarted sandboxes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DEFAULTS } from '../src/config/defaults.js';
import { findAssignment, loadCourse } from '../src/course/load-course.js';
import type { JobPayload } from '../src/jobs/job-payload.js';
import { submissionPayload } from '../src/jobs/submission-payload.js';
import { createLogger } from '../src/log/logger.js';
import { openRunnerQueues } from '../src/queue/runner-queues.js';
import { RunnerDaemon } from '../src/runner/daemon/runner-daemon.js';
import { gradeSubmission } from '../src/runner/grade/grade-submission.js';
import { DockerSandboxProvider } from '../src/runner/sandbox/docker/docker-provider.js';
import { BlobStore } from '../src/store/blob-store.js';
import { archiveFolder } from '../src/archive/folder-archive.js';
import { openQueues } from '../test/helpers/queue.js';
import { bareDockerRun, describeMachine, median, percentile } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const jobs = Number(process.argv[2] ?? 40);
const runnerCount = Number(process.argv[3] ?? 2);
const SEQUENTIAL = 15;
/** Pause between one-at-a-time jobs, as between two students' pushes; not part of any timing. */
const GAP_MS = 500;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = createLogger('bench', () => undefined);

async function main(): Promise<void> {
  console.log(await describeMachine());
  const courseDir = path.join(here, 'course');
  const course = await loadCourse(courseDir);
  const assignment = findAssignment(course, 'one');
  const redis = new Redis(url, { maxRetriesPerRequest: null });

  console.log(`\nthroughput: ${jobs} jobs, ${runnerCount} runner(s) × 1 slot, prestarted sandboxes`);
  const bare = await timedPool(jobs, runnerCount, () => bareDockerRun(assignment.image, 'echo hello'));
  const queued = await throughQueue(
    redis,
    courseDir,
    jobs,
    runnerCount,
    process.env.BENCH_PRESTART !== '0',
    'parallel',
  );
  report('bare docker run --rm', bare.totalMs, jobs);
  report('through the queue', queued.totalMs, jobs);
  console.log(
    `  ratio: ${((bare.totalMs / queued.totalMs) * 100).toFixed(0)}% of bare docker run's throughput (aim ≥ 80%)`,
  );
  console.log(
    `  enqueue → result: median ${median(queued.latencies).toFixed(0)} ms, p95 ${percentile(queued.latencies, 95).toFixed(0)} ms`,
  );

  console.log(
    `\none job at a time, ${GAP_MS} ms apart (${SEQUENTIAL} each, after 2 warm-ups): median time per job`,
  );
  const provider = new DockerSandboxProvider({ runnerId: `bench-${process.pid}` });
  const submissionDir = path.join(here, 'submission');
  const submission = { student: 'bench', commit: null, submittedAt: new Date() };
  const local = await timedSequence(() =>
    gradeSubmission(provider, { course, assignment, submissionDir, submission }),
  );
  const bareOne = await timedSequence(() => bareDockerRun(assignment.image, 'echo hello'));
  const cold = await throughQueue(redis, courseDir, SEQUENTIAL + 2, 1, false, 'sequential');
  const warm = await throughQueue(redis, courseDir, SEQUENTIAL + 2, 1, true, 'sequential');
  const line = (label: string, ms: number) =>
    console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms`);
  line('bare docker run --rm', median(bareOne));
  line('gradebot grade path (no queue)', median(local));
  line('queue + daemon, no prestart', median(cold.latencies.slice(2)));
  line('queue + daemon, prestarted sandbox', median(warm.latencies.slice(2)));
  console.log(
    `  queue and daemon add ${(median(cold.latencies.slice(2)) - median(local)).toFixed(0)} ms over the local path (aim < 50 ms)`,
  );
  console.log(
    `  prestarted: ${((median(warm.latencies.slice(2)) / median(bareOne)) * 100).toFixed(0)}% of bare docker run (aim < 50%)`,
  );
  await provider.sweep(provider.runnerId);
  redis.disconnect();
}

/** Runs `task` n times, k at a time, and returns the wall time. */
async function timedPool(n: number, k: number, task: () => Promise<unknown>): Promise<{ totalMs: number }> {
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next++ < n) await task();
    }),
  );
  return { totalMs: Date.now() - started };
}

async function timedSequence(task: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL + 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    const started = process.hrtime.bigint();
    await task();
    if (i >= 2) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

/** n jobs through a fresh queue to k in-process runner daemons; all at once, or one after another. */
async function throughQueue(
  redis: Redis,
  courseDir: string,
  n: number,
  k: number,
  prestart: boolean,
  mode: 'parallel' | 'sequential',
): Promise<{ totalMs: number; latencies: number[] }> {
  const prefix = `gbbench-${process.pid}-${Date.now()}`;
  const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
  const queues = openQueues(redis, prefix);
  const courseDigest = await blobs.put(await archiveFolder(courseDir, { maxBytes: 1 << 20 }));
  const submission = {
    kind: 'blob' as const,
    digest: await blobs.put(await archiveFolder(path.join(here, 'submission'), { maxBytes: 1 << 20 })),
  };
  const daemons = Array.from({ length: k }, (_, i) => {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const provider = new DockerSandboxProvider({ runnerId: `${prefix}-r${i}`, deployment: prefix });
    return {
      connection,
      daemon: new RunnerDaemon({
        queues: openRunnerQueues(connection, { prefix, queues: [...DEFAULTS.runner.queues] }),
        provider,
        log: quiet,
        concurrency: 1,
        prestart,
      }),
    };
  });
  await Promise.all(daemons.map(({ daemon }) => daemon.start()));
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let the first sandboxes prestart

  const payload = (i: number): JobPayload =>
    submissionPayload({
      origin: 'submit',
      org: 'bench',
      repo: `one-s${i}`,
      assignment: 'one',
      student: `s${i}`,
      submittedAt: new Date(),
      submission,
      courseDigest,
    });
  const started = Date.now();
  const ids: string[] = [];
  const latencies: number[] = [];
  const finished = async (id: string) => {
    for (;;) {
      const job = await queues.jobState('live', id);
      if (job.state === 'completed' || job.state === 'failed') {
        if (job.state === 'failed') console.error(`job ${id} failed: ${job.reason}`);
        return job.finishedAt! - job.queuedAt!;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  if (mode === 'parallel') {
    for (let i = 0; i < n; i++) ids.push((await queues.enqueue(payload(i))).jobId);
    for (const id of ids) latencies.push(await finished(id));
  } else {
    for (let i = 0; i < n; i++) {
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      latencies.push(await finished((await queues.enqueue(payload(i))).jobId));
    }
  }
  const totalMs = Date.now() - started - (mode === 'sequential' ? n * GAP_MS : 0);
  await Promise.all(daemons.map(({ daemon }) => daemon.drain()));
  for (const { connection } of daemons) connection.disconnect();
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  return { totalMs, latencies };
}

function report(label: string, totalMs: number, n: number): void {
  console.log(
    `  ${label.padEnd(24)} ${((n / totalMs) * 60_000).toFixed(0).padStart(5)} jobs/min (${(totalMs / 1000).toFixed(1)} s)`,
  );
}

await main();
