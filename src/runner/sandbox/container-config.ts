/**
 * The hardened container of spec section 3, as a Docker create request. Pure, so every setting is
 * visible in one place and tests can compare it with what the engine reports back.
 */
import type { ContainerCreateOptions } from 'dockerode';
import type { SandboxSpec } from './sandbox.js';

/**
 * How `docker exec` names the unprivileged user that student code and graders run as: a uid of the
 * sandbox's own (sandbox-uids.ts), with a group of the same number.
 */
export function sandboxUser(uid: number): string {
  return `${uid}:${uid}`;
}
/**
 * The container's idle main process runs as `nobody`, a different uid from the sandbox user, so
 * `kill -KILL -1` as the sandbox user ends every student process but never the container itself.
 */
export const IDLE_USER = '65534:65534';

export const LABELS = {
  managed: 'dev.gradebot.managed',
  job: 'dev.gradebot.job',
  runner: 'dev.gradebot.runner',
  /** `runner` (a daemon with a heartbeat) or `local` (a CLI process such as `gradebot grade`). */
  owner: 'dev.gradebot.owner',
  /** The owning process's stamp (process-stamp.ts), so a sweep on its host can tell it is gone. */
  process: 'dev.gradebot.process',
  deployment: 'dev.gradebot.deployment',
  version: 'dev.gradebot.version',
  created: 'dev.gradebot.created',
} as const;

export const PATHS = {
  root: '/autograder',
  source: '/autograder/source',
  submission: '/autograder/submission',
  results: '/autograder/results',
  tmp: '/tmp',
} as const;

const RESULTS_MAX_BYTES = 64 * 1024 * 1024;
const SHM_MAX_BYTES = 64 * 1024 * 1024;

export interface ContainerIdentity {
  runnerId: string;
  owner: 'runner' | 'local';
  /** The owning process's formatted stamp; empty where /proc could not say. */
  process: string;
  /** Which deployment (Redis key prefix) the runner belongs to; sweeps judge only their own. */
  deployment: string;
  version: string;
  now: Date;
}

/** `uid` is the sandbox user's, which owns the writable areas. */
export function containerConfig(
  spec: SandboxSpec,
  identity: ContainerIdentity,
  uid: number,
): ContainerCreateOptions {
  const { limits } = spec;
  const disk = limits.diskBytes;
  // Docker's tmpfs defaults to noexec; submissions and graders must run their own programs.
  const tmpfs = (size: number, owner: string, mode: string, exec = true) =>
    `rw,${exec ? 'exec' : 'noexec'},nosuid,nodev,size=${size},mode=${mode},${owner}`;
  const sandboxOwner = `uid=${uid},gid=${uid}`;
  const idleOwner = 'uid=65534,gid=65534';
  const mounts: Record<string, string> = {
    [PATHS.root]: tmpfs(disk, idleOwner, '0755'),
    [PATHS.submission]: tmpfs(disk, sandboxOwner, '0755'),
    [PATHS.results]: tmpfs(Math.min(disk, RESULTS_MAX_BYTES), sandboxOwner, '0755', false),
    [PATHS.tmp]: tmpfs(disk, 'uid=0,gid=0', '1777'),
  };
  if (spec.writableSource) mounts[PATHS.source] = tmpfs(disk, sandboxOwner, '0755');

  return {
    Image: spec.image,
    Cmd: ['sleep', 'infinity'],
    User: IDLE_USER,
    WorkingDir: PATHS.root,
    Hostname: 'sandbox',
    Env: ['HOME=/tmp', 'LANG=C.UTF-8', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    NetworkDisabled: true,
    Labels: {
      [LABELS.managed]: 'true',
      [LABELS.job]: spec.jobId,
      [LABELS.runner]: identity.runnerId,
      [LABELS.owner]: identity.owner,
      [LABELS.process]: identity.process,
      [LABELS.deployment]: identity.deployment,
      [LABELS.version]: identity.version,
      [LABELS.created]: identity.now.toISOString(),
    },
    HostConfig: {
      NetworkMode: 'none',
      Init: true,
      ReadonlyRootfs: true,
      Tmpfs: mounts,
      ShmSize: Math.min(disk, SHM_MAX_BYTES),
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      MemorySwappiness: 0,
      CpuPeriod: 100_000,
      CpuQuota: Math.max(1_000, Math.round(limits.cpus * 100_000)),
      PidsLimit: limits.pids,
      IpcMode: 'private',
      OomScoreAdj: 500,
      Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      Privileged: false,
    },
  };
}
