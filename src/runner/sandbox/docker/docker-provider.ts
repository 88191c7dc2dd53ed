/**
 * The Docker adapter of the Sandbox interface: creates hardened containers, and finds and removes
 * the ones a crashed process left behind. Together with `docker-sandbox.ts` it is the only code
 * that talks to the Docker engine.
 */
import os from 'node:os';
import Docker from 'dockerode';
import { DEFAULTS } from '../../../config/defaults.js';
import { VERSION } from '../../../version.js';
import { containerConfig, LABELS } from './container-config.js';
import { isOrphaned } from './orphans.js';
import { formatStamp, ownStamp, type ProcessStamp } from './process-stamp.js';
import type { Sandbox, SandboxProvider, SandboxSpec } from '../sandbox.js';
import {
  engineCall,
  errorMessage,
  ImageMissingError,
  SandboxInfrastructureError,
  statusCode,
} from '../sandbox-errors.js';
import { DockerSandbox } from './docker-sandbox.js';
import { removeQuietly } from './engine-process.js';
import { readImageFolders } from './root-setup.js';
import { createWithOwnUid, randomSlot } from './sandbox-uids.js';

export interface DockerSandboxOptions {
  /** Engine connection; default: DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Written on every container so a sweep can tell whose it is; default `<hostname>-<pid>`. */
  runnerId?: string;
  /**
   * The deployment (Redis key prefix) this runner serves; default `gradebot`. A sweep removes only
   * its own deployment's containers, whose runners' heartbeats it can see.
   */
  deployment?: string;
  /**
   * Who owns the sandboxes: `runner` (a daemon whose heartbeat other runners can see) or `local`
   * (a command such as `gradebot grade`, whose sandboxes only a sweep on its own host may reap,
   * once the process is gone); default `local`.
   */
  owner?: 'runner' | 'local';
  /**
   * Which block of the sandbox uid range (sandbox-uids.ts) a create tries first; default: a random
   * one, so concurrent creates rarely try the same.
   */
  firstUidSlot?: () => number;
}

export class DockerSandboxProvider implements SandboxProvider {
  readonly runnerId: string;
  readonly deployment: string;
  private readonly owner: 'runner' | 'local';
  private readonly firstUidSlot: () => number;
  private readonly docker: Docker;
  private readonly live = new Set<DockerSandbox>();
  private stamp: Promise<ProcessStamp | null> | null = null;

  constructor(options: DockerSandboxOptions = {}) {
    this.docker = options.docker ?? new Docker();
    this.runnerId = options.runnerId ?? `${os.hostname()}-${process.pid}`;
    this.deployment = options.deployment ?? DEFAULTS.prefix;
    this.owner = options.owner ?? 'local';
    this.firstUidSlot = options.firstUidSlot ?? randomSlot;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    await this.requireImage(spec.image);
    const stamp = await this.ownStamp();
    const identity = {
      runnerId: this.runnerId,
      owner: this.owner,
      process: stamp ? formatStamp(stamp) : '',
      deployment: this.deployment,
      version: VERSION,
      now: new Date(),
    };
    const { container, uid } = await createWithOwnUid(
      this.docker,
      (candidate) => containerConfig(spec, identity, candidate),
      this.firstUidSlot(),
    );
    const sandbox = new DockerSandbox(this.docker, container, spec, uid, () => this.live.delete(sandbox));
    this.live.add(sandbox);
    try {
      // Before the start, while no tmpfs hides the image's folders.
      const imageFolders = spec.asRoot ? await readImageFolders(container) : null;
      await engineCall('start the container', () => container.start());
      if (imageFolders) await sandbox.setUpRoot(imageFolders, uid);
      if (spec.source) await sandbox.copyIn('source', spec.source.tar);
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
   * Removes the sandboxes, running or not, whose owner is known to be gone (orphans.ts): those of
   * dead processes on this host, and those of runners that `runnerDead` says died. Returns how many
   * were removed.
   */
  async sweepOrphans(runnerDead?: (runnerId: string) => Promise<boolean>): Promise<number> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`] },
    });
    const judge = { here: await this.ownStamp(), deployment: this.deployment, runnerDead };
    const verdicts = await Promise.all(found.map((info) => isOrphaned(info.Labels, judge)));
    const orphans = found.filter((_, i) => verdicts[i]);
    await Promise.all(orphans.map((info) => removeQuietly(this.docker.getContainer(info.Id))));
    return orphans.length;
  }

  /**
   * Removes this deployment's containers whose runner `isGone` says is gone, whatever their owner's
   * state: for tests and tools that know. Returns how many were removed.
   */
  async sweepWhere(isGone: (runnerId: string) => boolean | Promise<boolean>): Promise<number> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`, `${LABELS.deployment}=${this.deployment}`] },
    });
    const verdicts = await Promise.all(found.map((info) => isGone(info.Labels[LABELS.runner] ?? '')));
    const stale = found.filter((_, i) => verdicts[i]);
    await Promise.all(stale.map((info) => removeQuietly(this.docker.getContainer(info.Id))));
    return stale.length;
  }

  /** Removes every container of one runner: its own leftovers after a crash, or a test's. */
  sweep(runnerId: string): Promise<number> {
    return this.sweepWhere((id) => id === runnerId);
  }

  /** The engine's view of a container, for tests and diagnostics. */
  async inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    return this.docker.getContainer(id).inspect();
  }

  /** This deployment's containers that exist now, running or not, with whose they are. */
  async listManaged(): Promise<{ id: string; runnerId: string; jobId: string }[]> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`, `${LABELS.deployment}=${this.deployment}`] },
    });
    return found.map((info) => ({
      id: info.Id,
      runnerId: info.Labels[LABELS.runner] ?? '',
      jobId: info.Labels[LABELS.job] ?? '',
    }));
  }

  private ownStamp(): Promise<ProcessStamp | null> {
    this.stamp ??= ownStamp();
    return this.stamp;
  }

  private async requireImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
    } catch (error) {
      if (statusCode(error) === 404) {
        throw new ImageMissingError(
          `grading image ${image} is not on this machine ` +
            '(build it: gradebot images build, or gradebot images build --course <dir> for a course image)',
        );
      }
      throw new SandboxInfrastructureError(`cannot reach the Docker engine: ${errorMessage(error)}`);
    }
  }
}
