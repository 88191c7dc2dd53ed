/**
 * The nickname file is read on the runner host, outside the sandbox, from what the student pushed:
 * only a regular file, only 1 KiB, only a valid nickname; and a runner records it for every job.
 * Real files, real Redis, and at the end a real runner process grading real pushes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import { createLogger } from '../../src/log/logger.js';
import { readNickname, recordNickname } from '../../src/runner/daemon/read-nickname.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { startGitServer } from '../helpers/git-server.js';
import { connect, dropPrefix, eventually, makePayload, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner } from '../helpers/runner-process.js';

let dir: string;
let redis: Redis;
let prefix: string;
let results: ResultsStore;

beforeAll(async () => {
  redis = connect();
  prefix = testPrefix();
  results = new ResultsStore(redis, prefix);
});

afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

async function submission(setup: (file: string) => Promise<void>): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-nickname-'));
  await setup(path.join(dir, 'gradebot-nickname.txt'));
  return dir;
}

describe('readNickname', () => {
  it.each([
    [
      'a valid file',
      (file: string) => writeFile(file, 'Ada Lovelace\n'),
      { kind: 'valid', nickname: 'Ada Lovelace' },
    ],
    ['no file', async () => undefined, { kind: 'absent' }],
    [
      'a symbolic link to a host file',
      (file: string) => symlink('/etc/hostname', file),
      { kind: 'invalid', reason: 'not a regular file' },
    ],
    [
      'a dangling symbolic link',
      (file: string) => symlink('/nonexistent', file),
      { kind: 'invalid', reason: 'not a regular file' },
    ],
    ['a directory', (file: string) => mkdir(file), { kind: 'invalid', reason: 'not a regular file' }],
    [
      'a FIFO (which would block a read)',
      async (file: string) => void execFileSync('mkfifo', [file]),
      { kind: 'invalid', reason: 'not a regular file' },
    ],
    [
      'more than 1 KiB',
      (file: string) => writeFile(file, 'x'.repeat(1025)),
      { kind: 'invalid', reason: 'larger than 1024 bytes' },
    ],
    [
      'invalid UTF-8',
      (file: string) => writeFile(file, Buffer.from([0x41, 0xff, 0x42])),
      { kind: 'invalid', reason: 'not UTF-8 text' },
    ],
    [
      'a bidi override',
      (file: string) => writeFile(file, 'Ada\u202E'),
      { kind: 'invalid', reason: 'U+202E is not a printable character' },
    ],
  ])('%s', async (_, setup, expected) => {
    try {
      expect(await readNickname(await submission(setup))).toEqual(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('recordNickname', () => {
  const payload = { org: 'cs101', assignment: 'hw1', student: 'alice' } as JobPayload;
  const deps = () => ({ results, log: createLogger('test', () => undefined), jobId: 'live:job' });
  const nickname = async () => (await results.nicknames('cs101', 'hw1')).get('alice');

  it('stores a valid nickname, keeps it over an invalid file, and clears it when the file is gone', async () => {
    try {
      await recordNickname(await submission((file) => writeFile(file, '<b>Ada</b>')), payload, deps());
      expect(await nickname()).toBe('<b>Ada</b>');
      await rm(dir, { recursive: true });
      await recordNickname(await submission((file) => symlink('/etc/passwd', file)), payload, deps());
      expect(await nickname()).toBe('<b>Ada</b>');
      await rm(dir, { recursive: true });
      await recordNickname(await submission(async () => undefined), payload, deps());
      expect(await nickname()).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never throws: a path the file system refuses is logged', async () => {
    const lines: string[] = [];
    const log = createLogger('test', (line) => lines.push(line));
    await recordNickname('/proc/self/root/nonexistent\0', payload, { results, log, jobId: 'live:job' });
    expect(lines.join('')).toMatch(/could not record the nickname/);
  });
});

describe('a runner', () => {
  it('records the nickname of each push it grades, and clears it when the file is removed', async () => {
    const git = await startGitServer();
    const queues = openQueues(redis, prefix);
    const runner = startRunner(prefix, ['--concurrency', '1']);
    try {
      const repo = await git.createRepo('quick-bea');
      const grade = async (files: Record<string, string>) => {
        const commit = await repo.commit(files);
        const payload = {
          ...(await makePayload(redis, prefix, { student: 'bea' })),
          submission: { kind: 'git' as const, url: repo.url, commit },
        };
        const { jobId } = await queues.enqueue(payload);
        await eventually(
          `job ${jobId}`,
          async () => (await queues.jobState('live', jobId)).state === 'completed',
          60_000,
        );
      };
      const nickname = async () => (await results.nicknames('test-org', 'quick')).get('bea');

      await grade({ 'answer.txt': '42\n', 'gradebot-nickname.txt': 'Bea 🐝\n' });
      expect(await nickname()).toBe('Bea 🐝');
      await grade({ 'answer.txt': '42\n', 'gradebot-nickname.txt': 'two\nlines\n' });
      expect(await nickname()).toBe('Bea 🐝');
      await grade({ 'answer.txt': '42\n' });
      expect(await nickname()).toBeUndefined();
      expect(runner.logs.some((line) => line.msg === 'ignored an invalid nickname file')).toBe(true);
    } finally {
      runner.child.kill('SIGTERM');
      await runner.exited;
      await new DockerSandboxProvider({ deployment: prefix }).sweepWhere(() => true);
      await queues.close();
      await git.close();
    }
    // Three gradings through a runner process of its own: up to a minute each on a busy machine.
  }, 240_000);
});
