/**
 * The Redis backup recipe of deploy/swarm/README.md, end to end: `deploy/redis/backup.sh` copies a
 * running server's append-only files while it serves, the copy is unpacked into a new server's
 * empty data directory (as into a new stack's volume), and there the results are as they were and
 * the job that was still queued is graded by a runner of the new deployment. Then the same with
 * the stack's Redis image and the README's exact commands (`docker exec -i … sh -s`, a new volume).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ResultsStore } from '../../src/store/results-store.js';
import { runCommand as run } from '../helpers/command.js';
import { REPO_ROOT } from '../helpers/grading.js';
import { eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { startRunner, type RunnerProcess } from '../helpers/runner-process.js';

const REDIS_IMAGE = 'gradebot/redis:7';
let old: OwnRedis;
let restored: OwnRedis;
let work: string;
const runners: RunnerProcess[] = [];

beforeAll(async () => {
  old = await ownRedis();
  restored = await ownRedis({ started: false });
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-backup-'));
});
afterAll(async () => {
  for (const runner of runners) {
    runner.child.kill('SIGTERM');
    await runner.exited;
  }
  await old.stop();
  await restored.stop();
  await rm(work, { recursive: true, force: true });
});

/** A runner of the deployment at `url` grading until the result of `jobId` for `student` is stored. */
async function gradedBy(url: string, prefix: string, student: string, jobId: string) {
  runners.push(startRunner(prefix, [], url));
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  try {
    const results = new ResultsStore(redis, prefix);
    return await eventually(
      `${student}'s result`,
      async () => (await results.list('test-org', 'quick', student)).find((stored) => stored.jobId === jobId),
      60_000,
    );
  } finally {
    redis.disconnect();
  }
}

it('restores results and queued jobs from a backup taken while Redis serves', async () => {
  const prefix = testPrefix();
  const redis = new Redis(old.url, { maxRetriesPerRequest: null });
  const queues = openQueues(redis, prefix);
  const graded = await queues.enqueue(await makePayload(redis, prefix, { student: 'ada' }));
  const first = await gradedBy(old.url, prefix, 'ada', graded.jobId);
  const runner = runners.pop()!;
  runner.child.kill('SIGTERM');
  await runner.exited;
  const queued = await queues.enqueue(await makePayload(redis, prefix, { student: 'bo' }));
  await queues.close();
  redis.disconnect();

  const backup = path.join(work, 'redis.tar');
  const port = new URL(old.url).port;
  const taken = await run('sh', ['-s'], {
    stdin: path.join(REPO_ROOT, 'deploy/redis/backup.sh'),
    stdout: backup,
    env: { REDIS_CLI_ARGS: `-p ${port}` },
  });
  expect(taken).toMatchObject({ code: 0, stderr: '' });
  expect((await stat(backup)).size).toBeGreaterThan(0);
  // Rewrites are on again afterwards.
  const check = new Redis(old.url);
  expect(await check.config('GET', 'auto-aof-rewrite-percentage')).toEqual([
    'auto-aof-rewrite-percentage',
    '100',
  ]);
  check.disconnect();
  await old.crash();

  // The restore: unpack into the new server's empty data directory, then start it.
  expect(await run('tar', ['-x', '-C', restored.dir], { stdin: backup })).toMatchObject({
    code: 0,
    stderr: '',
  });
  await restored.start();

  const after = new Redis(restored.url, { maxRetriesPerRequest: null });
  try {
    const results = new ResultsStore(after, prefix);
    expect(await results.list('test-org', 'quick', 'ada')).toEqual([first]);
    const waiting = openQueues(after, prefix);
    expect((await waiting.jobState(queued.queue, queued.jobId)).state).toBe('waiting');
    await waiting.close();
  } finally {
    after.disconnect();
  }
  const second = await gradedBy(restored.url, prefix, 'bo', queued.jobId);
  expect(second.result).toMatchObject({ status: 'graded', score: 1 });
});

it('refuses to copy from a Redis without its append-only file', async () => {
  const server = await ownRedis();
  const redis = new Redis(server.url);
  try {
    await redis.config('SET', 'appendonly', 'no');
    const taken = await run('sh', ['-s'], {
      stdin: path.join(REPO_ROOT, 'deploy/redis/backup.sh'),
      env: { REDIS_CLI_ARGS: `-p ${new URL(server.url).port}` },
    });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('appendonly no');
  } finally {
    redis.disconnect();
    await server.stop();
  }
});

it("backs up and restores the stack's Redis container with the README's commands", async () => {
  const name = `gradebot-backup-${process.pid}`;
  const [oldData, newData] = [`${name}-old`, `${name}-new`];
  const docker = async (...args: string[]) => {
    const answer = await run('docker', args);
    if (answer.code !== 0) throw new Error(`docker ${args.join(' ')}: ${answer.stderr}`);
  };
  const cli = async (container: string, ...args: string[]) =>
    (await run('docker', ['exec', container, 'redis-cli', '--raw', ...args])).stdout.trim();
  const startRedis = async (container: string, volume: string) => {
    await docker(
      'run',
      '-d',
      '--name',
      container,
      '-v',
      `${volume}:/data`,
      REDIS_IMAGE,
      '--appendonly',
      'yes',
    );
    await eventually(`${container} answering`, async () => (await cli(container, 'PING')) === 'PONG');
  };
  try {
    await startRedis(`${name}-a`, oldData);
    await cli(`${name}-a`, 'SET', 'gradebot:result', 'graded 1/1');
    await cli(`${name}-a`, 'RPUSH', 'gradebot:wait', 'job-1', 'job-2');

    const backup = path.join(work, 'stack-redis.tar');
    const taken = await run('docker', ['exec', '-i', `${name}-a`, 'sh', '-s'], {
      stdin: path.join(REPO_ROOT, 'deploy/redis/backup.sh'),
      stdout: backup,
    });
    expect(taken).toMatchObject({ code: 0, stderr: '' });
    const restore = await run(
      'docker',
      ['run', '--rm', '-i', '-v', `${newData}:/data`, REDIS_IMAGE, 'tar', '-x', '-C', '/data'],
      { stdin: backup },
    );
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    await startRedis(`${name}-b`, newData);

    expect(await cli(`${name}-b`, 'GET', 'gradebot:result')).toBe('graded 1/1');
    expect(await cli(`${name}-b`, 'LRANGE', 'gradebot:wait', '0', '-1')).toBe('job-1\njob-2');
  } finally {
    await run('docker', ['rm', '-f', `${name}-a`, `${name}-b`]);
    await run('docker', ['volume', 'rm', oldData, newData]);
  }
});
