/**
 * One sandbox: a running container. Every process in it is run and timed from here, outside the
 * container; files go in and out through `sandbox-files.ts`, the submission is kept between tests by
 * `step-reset.ts`, and processes are ended by `process-killer.ts`.
 */
import type Docker from 'dockerode';
import { OutputCapture } from '../../../exec/output-capture.js';
import {
  IDLE_USER,
  PATHS,
  ROOT_USER,
  sandboxUser,
  type Area,
  type CopyInOptions,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
  type SandboxSpec,
} from '../sandbox.js';
import { engineCall, SandboxInfrastructureError, SandboxStoppedError } from '../sandbox-errors.js';
import {
  captureInto,
  feedStdin,
  settlesWithin,
  startMarked,
  startMarkSink,
  streamEnd,
} from '../stream-helpers.js';
import {
  ENGINE_PATIENCE_MS,
  recordedExitStatus,
  removeQuietly,
  whyContainerIsGone,
} from './engine-process.js';
import { stillRunning } from './process-alive.js';
import { killAll } from './process-killer.js';
import { copyAreaIn, copyFileIn, copyResultsOut } from './sandbox-files.js';
import { KILL_ALL_BUT_IDLE, rootSetupCommand } from './root-setup.js';
import { failure, type RunRequest } from './run-request.js';
import { SavedSubmission } from './step-reset.js';

const KILL_ATTEMPTS = 3;
export class DockerSandbox implements Sandbox {
  readonly id: string;
  private stopped = false;
  private removal: Promise<void> | null = null;
  private saved: SavedSubmission | null = null;
  /** The `user` of every process run as the sandbox user: root in a sandbox created `asRoot`. */
  private readonly user: string;
  /** Who writes what the sandbox user must not change: root itself when the grader is root. */
  private readonly keeper: string;
  /** In a sandbox created `asRoot`: the idle process, which kills spare (setUpRoot). */
  private idlePid = '';

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    private readonly spec: SandboxSpec,
    uid: number,
    private readonly onDestroy: () => void,
  ) {
    this.id = container.id;
    this.user = spec.asRoot ? ROOT_USER : sandboxUser(uid);
    this.keeper = spec.asRoot ? ROOT_USER : IDLE_USER;
  }

  /**
   * Readies a started sandbox created `asRoot`: seeds its writable image folders with the image's
   * copies (`readImageFolders`), confines the users a grader adds to the uid block from `firstUid`,
   * and notes the idle process.
   */
  async setUpRoot(imageFolders: Buffer, firstUid: number): Promise<void> {
    const result = await this.run({
      cmd: rootSetupCommand(firstUid),
      user: ROOT_USER,
      stdin: imageFolders,
      outputLimitBytes: 64 * 1024,
      timeoutMs: 60_000,
    });
    if (result.exitCode !== 0 || result.timedOut)
      throw new SandboxInfrastructureError(
        `preparing the sandbox for a root grader failed (${failure(result)})`,
      );
    this.idlePid = result.stdout.head.toString('utf8').trim();
    if (!/^\d+$/.test(this.idlePid))
      throw new SandboxInfrastructureError(
        `the idle process is not init's only child (${this.idlePid || 'none'})`,
      );
  }

  async copyIn(area: Area, from: string | Buffer, options: CopyInOptions = {}): Promise<void> {
    // A read-only source is written by the idle user, whom the sandbox user cannot overwrite.
    const asSandbox = area === 'submission' || this.spec.writableSource || this.spec.asRoot;
    await copyAreaIn((step) => this.run({ ...step, user: asSandbox ? this.user : this.keeper }), {
      area,
      from,
      exclude: options.exclude,
      diskBytes: this.spec.limits.diskBytes,
    });
  }

  copyInFile(name: string, content: Buffer): Promise<void> {
    return copyFileIn((step) => this.run({ ...step, user: this.keeper }), name, content);
  }

  async exec(options: ExecOptions): Promise<ExecResult> {
    return this.run({
      cmd: ['sh', '-c', options.command],
      cwd: options.cwd,
      user: this.user,
      stdin: options.stdin,
      outputLimitBytes: options.outputLimitBytes,
      timeoutMs: options.timeoutMs,
    });
  }

  async copyOutResults(names: readonly string[], maxBytes: number): Promise<Map<string, Buffer>> {
    // Nothing the student started may still be writing while the results are read.
    await this.killSandboxProcesses();
    return copyResultsOut(
      (step) => this.run({ ...step, user: this.user }),
      { names, maxBytes },
      () => this.killSandboxProcesses(),
    );
  }

  async saveSubmission(): Promise<void> {
    await this.killSandboxProcesses();
    await this.saved?.discard();
    this.saved = await SavedSubmission.save(
      (step) => this.run({ ...step, user: this.user }),
      this.spec.limits.diskBytes,
      () => this.killSandboxProcesses(),
    );
  }

  async resetBetweenTests(): Promise<void> {
    if (!this.saved) throw new Error('resetBetweenTests before saveSubmission');
    await this.killSandboxProcesses();
    await this.saved.restore((step) => this.run({ ...step, user: this.user }));
  }

  destroy(): Promise<void> {
    this.removal ??= removeQuietly(this.container)
      .finally(() => this.saved?.discard())
      .finally(this.onDestroy);
    return this.removal;
  }

  /**
   * Runs one process in the container and waits for it, its timeout, or the kill that follows. The
   * timeout counts from the moment the process starts, so the engine's own latency is never the
   * student's; waits on the engine have their own, patient bound.
   */
  private async run(request: RunRequest): Promise<ExecResult> {
    if (this.stopped) throw new SandboxStoppedError('the sandbox was stopped');
    const what = request.cmd.join(' ').slice(0, 80);
    const stdout = new OutputCapture(request.outputLimitBytes);
    const stderr = new OutputCapture(request.outputLimitBytes);
    const exec = await engineCall('start a process in the sandbox', () =>
      this.container.exec({
        Cmd: startMarked(request.cmd),
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
    const marked = startMarkSink(captureInto(stderr));
    this.docker.modem.demuxStream(stream, request.stdoutSink ?? captureInto(stdout), marked.sink);
    feedStdin(stream, request.stdin);

    // A process that cannot start at all ends without the mark; its exit status says why.
    const started = Promise.race([marked.started, ended.then(() => ({ at: Date.now(), pid: null }))]);
    if (!(await settlesWithin(started, ENGINE_PATIENCE_MS))) {
      stream.destroy();
      throw new SandboxInfrastructureError(
        `the engine did not start \`${what}\` in the sandbox within ${ENGINE_PATIENCE_MS / 1000} s`,
      );
    }
    const { at: startedAt, pid } = await started;
    let timedOut = false;
    if (!(await settlesWithin(ended, request.timeoutMs))) {
      timedOut = await this.ranPastLimit(exec, pid);
      await this.killSandboxProcesses(KILL_ATTEMPTS);
      if (!(await settlesWithin(ended, ENGINE_PATIENCE_MS))) {
        stream.destroy();
        await this.stop();
      }
    }
    const durationMs = Date.now() - startedAt;
    const exitCode = timedOut ? null : await this.exitStatus(exec, what);
    return { exitCode, stdout: stdout.result(), stderr: stderr.result(), timedOut, durationMs };
  }

  /**
   * Whether the process outlived its time: not if the engine says it ended (the command may have
   * exited while a background child holds its pipes open), nor if the container's /proc shows it
   * gone, which a busy engine reports late; otherwise, or when neither can be asked, it did.
   */
  private async ranPastLimit(exec: Docker.Exec, pid: number | null): Promise<boolean> {
    const state = await exec.inspect().catch(() => null);
    if (state?.Running === false) return false;
    if (pid === null) return true;
    return (await stillRunning(this.container, pid)) ?? true;
  }

  /**
   * The exit status once the engine has recorded it (the attached stream can end a moment before
   * the engine marks the process finished). A process killed because its container went away (a
   * removal by someone else, the engine stopping it) is the infrastructure's failure, not a result.
   */
  private async exitStatus(exec: Docker.Exec, what: string): Promise<number | null> {
    const code = await recordedExitStatus(exec, ENGINE_PATIENCE_MS);
    if ((code !== null && code < 128) || this.stopped) return code;
    const gone = await whyContainerIsGone(this.container, IDLE_USER);
    if (gone) {
      throw new SandboxInfrastructureError(`the sandbox's container stopped while \`${what}\` ran (${gone})`);
    }
    if (code === null) {
      throw new SandboxInfrastructureError(
        `the engine did not report how \`${what}\` ended within ${ENGINE_PATIENCE_MS / 1000} s`,
      );
    }
    return code;
  }

  /**
   * SIGKILL to every process of the sandbox user (every process but the container's own, when that
   * user is root), `passes` times (see `killAll`). Should the engine still fail to run it, the whole
   * container is stopped.
   */
  private async killSandboxProcesses(passes = 1): Promise<void> {
    if (this.stopped) return;
    // Waited for with patience: a kill still pending could land on the next step's processes.
    const killed = await killAll(this.container, {
      cmd: this.spec.asRoot ? [...KILL_ALL_BUT_IDLE, this.idlePid] : ['sh', '-c', 'kill -KILL -1'],
      user: this.user,
      pidsLimit: this.spec.limits.pids,
      passes,
      spareTries: KILL_ATTEMPTS,
    });
    if (!killed && !this.stopped) await this.stop();
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    await this.container.kill().catch(() => undefined);
  }
}
