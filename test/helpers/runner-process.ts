/**
 * A `gradebot runner` in its own process, as operators run it, so tests can SIGKILL or SIGTERM it
 * and read its JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './grading.js';
import { REDIS_URL } from './queue.js';

export interface RunnerProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function startRunner(prefix: string, args: string[] = [], redisUrl = REDIS_URL): RunnerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'src/cli/run.ts'),
      'runner',
      '--prefix',
      prefix,
      '--redis',
      redisUrl,
      ...args,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GRADEBOT_LOG: 'debug' } },
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
        logs.push({ message: line, raw: true });
      }
    }
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const waitForLog = async (message: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logs.find((line) => line.message === message);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`runner never logged "${message}"; it logged: ${JSON.stringify(logs)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, logs, exited, waitForLog };
}
