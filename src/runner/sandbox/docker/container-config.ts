/**
 * The hardened container of spec section 3, as a Docker create request. Pure, so every setting is
 * visible in one place and tests can compare it with what the engine reports back.
 */
import type { ContainerCreateOptions } from 'dockerode';
import { IDLE_USER, PATHS, ROOT_USER, type SandboxSpec } from '../sandbox.js';

/**
 * All a root grader keeps of root, found by trying what Gradescope graders do (`adduser`, `chown -R`,
 * `runuser -u student --`, `su student -c`, killing a student's process on a timeout): owning files
 * (CHOWN, FOWNER), reading and writing any of them (DAC_OVERRIDE), becoming another user (SETUID,
 * SETGID), and signalling it (KILL). Not SYS_ADMIN, SYS_PTRACE, NET_*, MKNOD, AUDIT_WRITE or
 * SETPCAP: nothing mounts, traces, opens sockets or makes devices. A process that changes to
 * another uid loses them all, and no-new-privileges keeps setuid programs (su, sudo) from
 * giving them back.
 */
export const ROOT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID', 'KILL'] as const;

/**
 * The image folders a root grader may change, each a tmpfs seeded with the image's copy at start:
 * /etc for the users and groups it adds, /home for their homes, /root, and /run for the tools' lock
 * files.
 */
export const ROOT_WRITABLE = ['/etc', '/home', '/root', '/run'] as const;
/**
 * Room for the image's copy of each ROOT_WRITABLE folder, on top of the disk limit: a small disk
 * limit must still fit the image's /etc. Only what is written takes memory, charged to the
 * container.
 */
export const IMAGE_FOLDER_MAX_BYTES = 32 * 1024 * 1024;

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

/**
 * `uid` is the sandbox user's, which owns the writable areas; in a sandbox created `asRoot`, root
 * owns them, as on Gradescope. Every writable place is a tmpfs of at most the disk limit, charged to
 * the container's memory as well.
 */
export function containerConfig(
  spec: SandboxSpec,
  identity: ContainerIdentity,
  uid: number,
): ContainerCreateOptions {
  const { limits } = spec;
  const disk = limits.diskBytes;
  const asRoot = spec.asRoot ?? false;
  // Docker's tmpfs defaults to noexec; submissions and graders must run their own programs.
  const tmpfs = (size: number, owner: string, mode: string, exec = true) =>
    `rw,${exec ? 'exec' : 'noexec'},nosuid,nodev,size=${size},mode=${mode},${owner}`;
  const rootOwner = 'uid=0,gid=0';
  const sandboxOwner = asRoot ? rootOwner : `uid=${uid},gid=${uid}`;
  const idleOwner = asRoot ? rootOwner : 'uid=65534,gid=65534';
  const mounts: Record<string, string> = {
    [PATHS.root]: tmpfs(disk, idleOwner, '0755'),
    [PATHS.submission]: tmpfs(disk, sandboxOwner, '0755'),
    [PATHS.results]: tmpfs(Math.min(disk, RESULTS_MAX_BYTES), sandboxOwner, '0755', false),
    [PATHS.tmp]: tmpfs(disk, rootOwner, '1777'),
  };
  if (spec.writableSource || asRoot) mounts[PATHS.source] = tmpfs(disk, sandboxOwner, '0755');
  // Seeded from the image once started (root-setup.ts), which sets their modes.
  if (asRoot) {
    for (const folder of ROOT_WRITABLE)
      mounts[folder] = tmpfs(disk + IMAGE_FOLDER_MAX_BYTES, rootOwner, '0755');
  }

  return {
    Image: spec.image,
    Cmd: ['sleep', 'infinity'],
    // Docker gives an exec'd root process the container's capabilities only when the container's
    // own user is root.
    User: asRoot ? ROOT_USER : IDLE_USER,
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
      ...(asRoot ? { CapAdd: [...ROOT_CAPABILITIES] } : {}),
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
