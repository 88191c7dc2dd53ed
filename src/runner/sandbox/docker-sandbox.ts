/**
 * The Docker adapter of the Sandbox interface, and the only module that talks to the engine.
 * Files go in and results come out through `tar` run inside the container (docker cp cannot reach
 * tmpfs mounts on engine 20.10); timeouts are enforced from here, outside the container.
 */
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { PassThrough, Readable, Writable } from 'node:stream';
import Docker from 'dockerode';
import { VERSION } from '../../version.js';
import { containerConfig, IDLE_USER, LABELS, PATHS, SANDBOX_USER } from './container-config.js';
import { OutputCapture } from './output-capture.js';
import { readResultsTar } from './results-reader.js';
import type {
  Area,
  CopyInOptions,
  ExecOptions,
  ExecResult,
  Sandbox,
  SandboxProvider,
  SandboxSpec,
} from './sandbox.js';
import {
  ImageMissingError,
  SandboxInfrastructureError,
  SandboxStoppedError,
  SubmissionTooLargeError,
} from './sandbox-errors.js';
import { FolderTooLargeError, packFolder } from './tar-pack.js';
import { formatBytes } from '../../text/format-bytes.js';

/** How long killed processes get to let go of their pipes before the container is stopped. */
const KILL_GRACE_MS = 3_000;
const KILL_ATTEMPTS = 3;

export interface DockerSandboxOptions {
  /** Engine connection; default: DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Written on every container so a sweep can tell whose it is; default `<hostname>-<pid>`. */
  runnerId?: string;
}

export class DockerSandboxProvider implements SandboxProvider {
  readonly runnerId: string;
  private readonly docker: Docker;
  private readonly live = new Set<DockerSandbox>();

  constructor(options: DockerSandboxOptions = {}) {
    this.docker = options.docker ?? new Docker();
    this.runnerId = options.runnerId ?? `${os.hostname()}-${process.pid}`;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    await this.requireImage(spec.image);
    const config = containerConfig(spec, { runnerId: this.runnerId, version: VERSION, now: new Date() });
    const container = await engineCall('create a container', () => this.docker.createContainer(config));
    const sandbox = new DockerSandbox(this.docker, container, spec, () => this.live.delete(sandbox));
    this.live.add(sandbox);
    try {
      await engineCall('start the container', () => container.start());
    } catch (error) {
      await sandbox.destroy();
      throw error;
    }
    return sandbox;
  }

  /** Removes every sandbox this provider still holds: for shutdown and interrupted commands. */
  async destroyAll(): Promise<void> {
    await Promise.all([...this.live].map((sandbox) => sandbox.destroy()));
  }

  /**
   * Removes gradebot containers left behind by crashed runs: those of `runnerId` when given,
   * otherwise every one created before `olderThan`. Returns how many were removed.
   */
  async sweep(filter: { runnerId?: string; olderThan?: Date }): Promise<number> {
    const labels = [`${LABELS.managed}=true`];
    if (filter.runnerId) labels.push(`${LABELS.runner}=${filter.runnerId}`);
    const found = await this.docker.listContainers({ all: true, filters: { label: labels } });
    const stale = found.filter((info) => {
      const created = info.Labels[LABELS.created];
      return !filter.olderThan || (created !== undefined && new Date(created) < filter.olderThan);
    });
    await Promise.all(stale.map((info) => removeQuietly(this.docker.getContainer(info.Id))));
    return stale.length;
  }

  /** The engine's view of a container, for tests and diagnostics. */
  async inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    return this.docker.getContainer(id).inspect();
  }

  /** Ids of the gradebot containers that exist now, running or not. */
  async listManaged(): Promise<string[]> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`] },
    });
    return found.map((info) => info.Id);
  }

  private async requireImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
    } catch (error) {
      if (statusCode(error) === 404) {
        throw new ImageMissingError(`grading image ${image} is not on this machine (gradebot images build)`);
      }
      throw new SandboxInfrastructureError(`cannot reach the Docker engine: ${message(error)}`);
    }
  }
}

class DockerSandbox implements Sandbox {
  readonly id: string;
  private stopped = false;
  private removal: Promise<void> | null = null;

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    private readonly spec: SandboxSpec,
    private readonly onDestroy: () => void,
  ) {
    this.id = container.id;
  }

  async copyIn(area: Area, hostDir: string, options: CopyInOptions = {}): Promise<void> {
    // A read-only source is written by the idle user, whom the sandbox user cannot overwrite.
    const writableSource = this.spec.writableSource;
    const asSandbox = area === 'submission' || writableSource;
    const target = area === 'submission' ? PATHS.submission : writableSource ? PATHS.source : PATHS.root;
    const prefix = area === 'source' && !writableSource ? 'source/' : '';
    const pack = packFolder(hostDir, {
      prefix,
      exclude: options.exclude,
      maxBytes: this.spec.limits.diskBytes,
    });
    let packError: unknown = null;
    pack.on('error', (error: unknown) => (packError = error));
    const result = await this.run({
      cmd: ['tar', '-x', '-C', target, '--no-same-owner', '--no-same-permissions'],
      user: asSandbox ? SANDBOX_USER : IDLE_USER,
      stdin: Readable.from(pack),
      outputLimitBytes: 64 * 1024,
      timeoutMs: 120_000,
    });
    const stderr = result.stderr.head.toString('utf8').trim();
    // GNU tar on a full tmpfs says "Wrote only N of M bytes" rather than naming ENOSPC.
    if (packError instanceof FolderTooLargeError || /No space left|Wrote only/i.test(stderr)) {
      throw new SubmissionTooLargeError(
        `the ${area} is larger than the sandbox's writable space (${formatBytes(this.spec.limits.diskBytes)})`,
      );
    }
    if (packError) throw new SandboxInfrastructureError(`reading the ${area} failed: ${message(packError)}`);
    if (result.exitCode !== 0) {
      throw new SandboxInfrastructureError(`copying the ${area} into the sandbox failed: ${stderr}`);
    }
  }

  async exec(options: ExecOptions): Promise<ExecResult> {
    return this.run({
      cmd: ['sh', '-c', options.command],
      cwd: options.cwd,
      user: SANDBOX_USER,
      stdin: options.stdin,
      outputLimitBytes: options.outputLimitBytes,
      timeoutMs: options.timeoutMs,
    });
  }

  async copyOutResults(maxBytes: number): Promise<Map<string, Buffer>> {
    // Nothing the student started may still be writing while the results are read.
    await this.killSandboxProcesses();
    const archive = new PassThrough();
    const reading = readResultsTar(archive, maxBytes);
    reading.catch(() => undefined); // awaited below, once the tar process is done
    const result = await this.run({
      cmd: ['tar', '-c', '-C', PATHS.results, '.'],
      user: SANDBOX_USER,
      outputLimitBytes: 64 * 1024,
      timeoutMs: 60_000,
      stdoutSink: archive,
    });
    archive.end();
    const files = await reading;
    if (result.exitCode !== 0) {
      throw new SandboxInfrastructureError(
        `reading the results failed: ${result.stderr.head.toString('utf8')}`,
      );
    }
    return files;
  }

  destroy(): Promise<void> {
    this.removal ??= removeQuietly(this.container).finally(this.onDestroy);
    return this.removal;
  }

  /** Runs one process in the container and waits for it, its timeout, or the kill that follows. */
  private async run(request: RunRequest): Promise<ExecResult> {
    if (this.stopped) throw new SandboxStoppedError('the sandbox was stopped');
    const started = Date.now();
    const stdout = new OutputCapture(request.outputLimitBytes);
    const stderr = new OutputCapture(request.outputLimitBytes);
    const exec = await engineCall('start a process in the sandbox', () =>
      this.container.exec({
        Cmd: request.cmd,
        User: request.user,
        WorkingDir: request.cwd ?? PATHS.root,
        AttachStdin: request.stdin !== undefined,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      }),
    );
    const stream = await engineCall('attach to the sandbox', () =>
      exec.start({ hijack: true, stdin: request.stdin !== undefined }),
    );
    const ended = streamEnd(stream);
    this.docker.modem.demuxStream(stream, request.stdoutSink ?? sink(stdout), sink(stderr));
    feedStdin(stream, request.stdin);

    let timedOut = false;
    if (!(await settlesWithin(ended, request.timeoutMs))) {
      const state = await exec.inspect().catch(() => null);
      // The command may have exited while a background child still holds its pipes open.
      timedOut = state?.Running !== false;
      await this.killSandboxProcesses(KILL_ATTEMPTS);
      if (!(await settlesWithin(ended, KILL_GRACE_MS))) {
        stream.destroy();
        await this.stop();
      }
    }
    const state = await exec.inspect().catch(() => null);
    return {
      exitCode: timedOut ? null : (state?.ExitCode ?? null),
      stdout: stdout.result(),
      stderr: stderr.result(),
      timedOut,
      durationMs: Date.now() - started,
    };
  }

  /**
   * SIGKILL to every process of the sandbox user, `passes` times, because a fork bomb keeps
   * spawning between the kernel's passes. When even that cannot start (the pids limit is exhausted),
   * the whole container is stopped.
   */
  private async killSandboxProcesses(passes = 1): Promise<void> {
    let done = 0;
    for (let attempt = 0; attempt < passes + KILL_ATTEMPTS && done < passes && !this.stopped; attempt++) {
      try {
        const exec = await this.container.exec({ Cmd: ['sh', '-c', 'kill -KILL -1'], User: SANDBOX_USER });
        const stream = await exec.start({ hijack: true, stdin: false });
        stream.resume();
        await settlesWithin(streamEnd(stream), KILL_GRACE_MS);
        const state = await exec.inspect();
        // 1 means there was nothing left to kill.
        if (state.ExitCode === null || state.ExitCode > 1) throw new Error(`kill exited ${state.ExitCode}`);
        done++;
      } catch {
        await delay(100);
      }
    }
    if (done < passes && !this.stopped) await this.stop();
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    await this.container.kill().catch(() => undefined);
  }
}

interface RunRequest {
  cmd: string[];
  user: string;
  cwd?: string;
  stdin?: Buffer | Readable;
  timeoutMs: number;
  outputLimitBytes: number;
  stdoutSink?: Writable;
}

function sink(capture: OutputCapture): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      capture.push(chunk);
      callback();
    },
  });
}

function feedStdin(stream: NodeJS.ReadWriteStream, stdin: Buffer | Readable | undefined): void {
  if (stdin === undefined) return;
  // A program that never reads its input closes the pipe early; that is its business, not an error.
  stream.on('error', () => undefined);
  if (Buffer.isBuffer(stdin)) {
    stream.end(stdin);
  } else {
    stdin.on('error', () => stream.end());
    stdin.pipe(stream);
  }
}

function streamEnd(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function engineCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SandboxInfrastructureError(`could not ${what}: ${message(error)}`);
  }
}

async function removeQuietly(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
  }
}

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
