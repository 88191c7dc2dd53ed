/**
 * When the engine, not the student, ends a process: the sandbox says so as an infrastructure error
 * (retried, never counted against the student) with its cause, never as a failed test or an empty
 * reason. And the start mark that times a process from its real start never shows in its output.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedText } from '../../src/exec/output-capture.js';
import type { Sandbox } from '../../src/runner/sandbox/sandbox.js';
import {
  engineCall,
  errorMessage,
  SandboxInfrastructureError,
} from '../../src/runner/sandbox/sandbox-errors.js';
import { ENGINE_PATIENCE_MS } from '../../src/runner/sandbox/docker/engine-process.js';
import { leftovers, testLimits, testProvider } from '../helpers/docker.js';
import { eventually } from '../helpers/queue.js';

const limits = testLimits();
const provider = testProvider('faults');
const docker = new Docker();
let folder: string;

const create = () =>
  provider.create({ image: 'gradebot/base:latest', limits, jobId: 'faults', writableSource: false });
const exec = (sandbox: Sandbox, command: string, stdin?: Buffer) =>
  sandbox.exec({ command, cwd: '/autograder/submission', timeoutMs: 30_000, outputLimitBytes: 4096, stdin });

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'gradebot-faults-'));
  await writeFile(path.join(folder, 'a.txt'), 'a\n');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  expect(await leftovers(provider)).toBe(0);
});

describe('a sandbox whose container goes away', () => {
  it(
    'reports a process ended by the removal as an infrastructure error naming it',
    async () => {
      const sandbox = await create();
      const running = exec(sandbox, 'sleep 20; echo done').then(
        () => null,
        (e: unknown) => e,
      );
      await eventually('the process running', async () => {
        const top = await docker.getContainer(sandbox.id).top();
        return top.Processes.some((row: string[]) => row.join(' ').includes('sleep 20'));
      });
      await docker.getContainer(sandbox.id).remove({ force: true });
      const error = await running;
      expect(error).toBeInstanceOf(SandboxInfrastructureError);
      expect((error as Error).message).toMatch(/^the sandbox's container stopped while `.*sleep 20.*` ran/);
      await sandbox.destroy();
    },
    3 * ENGINE_PATIENCE_MS,
  ); // each engine wait may take its full patience on a busy machine

  it('says why a copy into it failed, never an empty reason', async () => {
    const sandbox = await create();
    await docker.getContainer(sandbox.id).kill();
    const error = await sandbox.copyIn('submission', folder).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxInfrastructureError);
    expect((error as Error).message).toMatch(/could not start a process in the sandbox: .*\S/);
    await sandbox.destroy();
  });
});

describe('a process in a sandbox', () => {
  it('keeps its own status: a crash by signal in a live container is a result', async () => {
    const sandbox = await create();
    try {
      const killed = await exec(sandbox, 'kill -KILL $$');
      expect([killed.exitCode, killed.timedOut]).toEqual([137, false]);
      const exited = await exec(sandbox, 'exit 137');
      expect(exited.exitCode).toBe(137);
    } finally {
      await sandbox.destroy();
    }
  });

  it('sees its stdin and stderr exactly, without the start mark', async () => {
    const sandbox = await create();
    try {
      const echoed = await exec(sandbox, 'cat >&2; printf "\\036x" >&2', Buffer.from('\u001ein'));
      expect(capturedText(echoed.stderr)).toBe('\u001ein\u001ex');
      expect(echoed.stdout.totalBytes).toBe(0);
      expect(echoed.stderr.totalBytes).toBe(5);
    } finally {
      await sandbox.destroy();
    }
  });
});

describe('error messages', () => {
  it('are never empty, even for errors that come without one', async () => {
    const socket = Object.assign(new Error(''), { code: 'ECONNRESET' });
    expect(errorMessage(socket)).toBe('Error without a message, code ECONNRESET');
    expect(errorMessage(Object.assign(new Error(' '), { statusCode: 500 }))).toBe(
      'Error without a message, HTTP 500',
    );
    expect(errorMessage('')).toBe('string without a message');
    await expect(engineCall('start the container', () => Promise.reject(socket))).rejects.toThrow(
      'could not start the container: Error without a message, code ECONNRESET',
    );
  });
});
