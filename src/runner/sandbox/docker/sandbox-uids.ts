/**
 * Gives every live sandbox on an engine a block of uids of its own, so that per-uid kernel limits
 * (inotify instances, RLIMIT_NPROC, user watches) are never shared by two students' jobs: one
 * sandbox that exhausts them leaves the others untouched. The block's first uid is the sandbox
 * user; a grader run as root gets the whole block for the users it adds itself (root-setup.ts).
 *
 * The engine is the lock. A block is held by naming the container after its first uid, and Docker refuses a
 * second container of the same name (409) whichever runner, CLI process or runner container asks;
 * the name, and so the uid, is free again once the container is removed, by its owner or by a sweep
 * of orphans. Two engines are two kernels, so nothing needs to be unique beyond one engine.
 */
import type Docker from 'dockerode';
import { engineCall, SandboxInfrastructureError, statusCode } from '../sandbox-errors.js';

/**
 * Sandboxes run as uids SANDBOX_UID_BASE … SANDBOX_UID_BASE + SANDBOX_UID_COUNT - 1 (2000000 …
 * 2065535): far above login users and the first subordinate-uid ranges of rootless containers
 * (100000 + 65536 per user), and below 2097152, the largest uid a plain ustar header can hold.
 */
export const SANDBOX_UID_BASE = 2_000_000;
export const SANDBOX_UID_COUNT = 65_536;
/** Uids per sandbox: room for the few users a Gradescope grader adds (`adduser student`). */
export const SANDBOX_UID_BLOCK = 16;
const BLOCKS = SANDBOX_UID_COUNT / SANDBOX_UID_BLOCK;

/** How many taken blocks in a row a create steps over before it gives up. */
const PROBES = 256;

export interface OwnUidContainer {
  container: Docker.Container;
  /** The first uid of the sandbox's block. */
  uid: number;
}

export function uidContainerName(uid: number): string {
  return `gradebot-uid-${uid}`;
}

/**
 * Creates the container `configFor(uid)` describes under the first block not held by another
 * container on the engine, probing upwards from `firstSlot` (a block number, taken modulo the
 * number of blocks); `uid` is the block's first uid.
 */
export async function createWithOwnUid(
  docker: Docker,
  configFor: (uid: number) => Docker.ContainerCreateOptions,
  firstSlot: number,
): Promise<OwnUidContainer> {
  for (let probe = 0; probe < PROBES; probe++) {
    const uid = SANDBOX_UID_BASE + ((firstSlot + probe) % BLOCKS) * SANDBOX_UID_BLOCK;
    // A name already in use (409) means another container holds this block: try the next.
    const container = await engineCall('create a container', () =>
      docker.createContainer({ ...configFor(uid), name: uidContainerName(uid) }).catch((error: unknown) => {
        if (statusCode(error) === 409) return null;
        throw error;
      }),
    );
    if (container) return { container, uid };
  }
  throw new SandboxInfrastructureError(
    `no free sandbox uid: ${PROBES} uid blocks in a row from block ${firstSlot % BLOCKS} are held by other containers`,
  );
}

/** Where a provider starts probing when not told: anywhere, so concurrent creates rarely meet. */
export function randomSlot(): number {
  return Math.floor(Math.random() * BLOCKS);
}
