/**
 * Runs a host command (docker, debootstrap, tar) and keeps only the tail of its output: image builds
 * print thousands of lines, and only the last ones explain a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inheritedEnv } from '../config/child-env.js';

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this many milliseconds (default: never). */
  timeoutMs?: number;
  /** Called with every non-empty line of stdout and stderr, for progress. */
  onLine?: (line: string) => void;
  /** Lines of output kept for error messages (default 40). */
  tailLines?: number;
}

export interface CommandResult {
  /** Exit status; null when the command was killed by a signal or could not start. */
  code: number | null;
  timedOut: boolean;
  /** The spawn error, such as ENOENT when the program is not installed. */
  error: NodeJS.ErrnoException | null;
  /** The last lines of stdout and stderr, interleaved as they arrived. */
  tail: string[];
}

export function runCommand(
  command: string,
  args: string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const child = spawn(command, args, {
    env: options.env ?? inheritedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, options);
}

/**
 * Runs `producer | consumer` (as `tar -c … | docker import -`), reporting the first failure. Both
 * processes share one tail so the message shows whichever side complained.
 */
export async function runPipeline(
  producer: [string, string[]],
  consumer: [string, string[]],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const env = options.env ?? inheritedEnv();
  const left = spawn(producer[0], producer[1], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const right = spawn(consumer[0], consumer[1], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  // The producer's stdout feeds the consumer, so only its stderr is collected.
  if (left.stdout && right.stdin) left.stdout.pipe(right.stdin);
  // A consumer that dies early makes the pipe throw EPIPE; the exit status reports it instead.
  right.stdin?.on('error', () => {});
  // Nobody reads the producer any more, so it would block on a full pipe forever.
  const stopProducer = () => left.exitCode === null && left.kill('SIGKILL');
  right.once('error', stopProducer);
  right.once('close', (code) => code !== 0 && stopProducer());
  const tail = new LineTail(options.tailLines ?? 40, options.onLine);
  const [l, r] = await Promise.all([
    collect(left, { ...options, stdout: false }, tail),
    collect(right, options, tail),
  ]);
  return l.code !== 0 || l.error ? l : r;
}

async function collect(
  child: ChildProcess,
  options: CommandOptions & { stdout?: boolean },
  tail = new LineTail(options.tailLines ?? 40, options.onLine),
): Promise<CommandResult> {
  if (options.stdout !== false) child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
  try {
    return await new Promise<CommandResult>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        resolve({ code: null, timedOut, error, tail: tail.lines() }),
      );
      child.once('close', (code) => resolve({ code, timedOut, error: null, tail: tail.lines() }));
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines of a stream, with `\r`-redrawn progress lines reduced to their final state. */
class LineTail {
  private readonly kept: string[] = [];
  private partial = '';

  constructor(
    private readonly max: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) this.add(part);
  }

  lines(): string[] {
    if (this.partial !== '') {
      this.add(this.partial);
      this.partial = '';
    }
    return [...this.kept];
  }

  private add(raw: string): void {
    const line = (raw.split('\r').pop() ?? '').trimEnd();
    if (line === '') return;
    this.kept.push(line);
    if (this.kept.length > this.max) this.kept.shift();
    this.onLine?.(line);
  }
}
