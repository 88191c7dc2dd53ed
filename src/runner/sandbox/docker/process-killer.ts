/**
 * Ending every process of a sandbox's user from outside, as often as a fork bomb needs, even when
 * the student holds every pid the limit allows.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { runEngineProcess } from './engine-process.js';

/** The engine's exit status for a process it could not start (runc found no pid to take). */
const COULD_NOT_START = 126;
/** Pids lent for the kill when the student holds them all: the kill itself needs one or two. */
const LENT_PIDS = 8;
/** How long killed processes may take to be reaped before the limit goes back regardless. */
const REAP_PATIENCE_MS = 10_000;

export interface KillOrder {
  /** The kill command, run inside the container. */
  cmd: string[];
  user: string;
  /** The sandbox's pids limit, restored after a loan. */
  pidsLimit: number;
  /** Successful kills wanted (a fork bomb spawns between the kernel's passes). */
  passes: number;
  /** Failed tries allowed beyond `passes`. */
  spareTries: number;
}

/**
 * Runs the kill until it has succeeded `passes` times or the tries run out; true when it has. With
 * every pid held the engine cannot start the kill (runc needs a pid in the container's cgroup, and
 * on a busy machine it does not always find one freed in time): the limit is then raised by a few
 * pids for the kill and put back afterwards, so processes that only hold their pids are killed
 * and the sandbox goes on. A fork bomb that takes the lent pids too is the caller's to stop.
 */
export async function killAll(container: Docker.Container, order: KillOrder): Promise<boolean> {
  let done = 0;
  let lent = false;
  try {
    for (let attempt = 0; attempt < order.passes + order.spareTries && done < order.passes; attempt++) {
      const exitCode = await runEngineProcess(container, order.cmd, order.user).catch(() => null);
      // 1 means there was nothing left to kill.
      if (exitCode !== null && exitCode <= 1) {
        done++;
        continue;
      }
      if (exitCode === COULD_NOT_START && !lent)
        lent = await setPidsLimit(container, order.pidsLimit + LENT_PIDS);
      await delay(100);
    }
  } finally {
    if (lent) {
      // Killed processes free their pids only once reaped: the limit goes back when there is room.
      await untilPidsBelow(container, order.pidsLimit, REAP_PATIENCE_MS);
      await setPidsLimit(container, order.pidsLimit);
    }
  }
  return done === order.passes;
}

/** Polls the container's pid count (the engine's one-shot stats, milliseconds) until it is below `limit`. */
async function untilPidsBelow(container: Docker.Container, limit: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const stats = await container.stats({ stream: false, 'one-shot': true }).catch(() => null);
    if (!stats || (stats.pids_stats?.current ?? 0) < limit) return;
    await delay(50);
  }
}

async function setPidsLimit(container: Docker.Container, pids: number): Promise<boolean> {
  return container.update({ PidsLimit: pids }).then(
    () => true,
    () => false,
  );
}
