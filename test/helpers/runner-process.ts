/**
 * `gradebot runner` and `gradebot serve` in their own processes, as operators run them, so tests
 * can SIGKILL or SIGTERM them and read their JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './grading.js';
import type { Redis } from 'ioredis';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';
import { dropPrefix, REDIS_URL } from './queue.js';

export interface GradebotProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export type RunnerProcess = GradebotProcess;

export function startRunner(
  prefix: string,
  args: string[] = [],
  redisUrl = REDIS_URL,
  env: Record<string, string> = {},
): RunnerProcess {
  return startGradebot(['runner', '--prefix', prefix, '--redis', redisUrl, ...args], env);
}

/** `gradebot serve` on a free loopback port; resolves once it listens, with its address. */
export async function startServe(
  prefix: string,
  env: Record<string, string>,
  redisUrl = REDIS_URL,
): Promise<GradebotProcess & { url: string }> {
  const serve = startGradebot(['serve', '--prefix', prefix, '--redis', redisUrl], {
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const line = await serve.waitForLog('gradebot serve listening');
  return { ...serve, url: `http://127.0.0.1:${String(line.port)}` };
}

export function startGradebot(args: string[], env: Record<string, string> = {}): GradebotProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/run.ts'), ...args],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'debug', ...env },
    },
  );
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line, raw: true });
      }
    }
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const waitForLog = async (msg: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logs.find((line) => line.msg === msg);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`gradebot ${args[0]} never logged "${msg}"; it logged: ${JSON.stringify(logs)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, logs, exited, waitForLog };
}

/**
 * Ends a queue test: kills its runners still alive, removes the sandboxes they left (a killed runner
 * cannot sweep its prestarted one), closes the queues and drops the test's Redis keys.
 */
export async function tearDownQueueTest(test: {
  runners: (RunnerProcess | null)[];
  queues: GradingQueues;
  redis: Redis;
  prefix: string;
}): Promise<void> {
  for (const runner of test.runners) {
    if (!runner) continue;
    if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill('SIGKILL');
    await runner.exited;
  }
  await new DockerSandboxProvider({ deployment: test.prefix }).sweepWhere(() => true);
  await test.queues.close();
  await dropPrefix(test.redis, test.prefix);
  test.redis.disconnect();
}
