/**
 * When a sandbox may be swept: only when the process that owns it is known to be gone. A sweep
 * that guesses removes containers from under live graders (a `gradebot grade` beside a runner,
 * another deployment's runners), so every doubt keeps the container:
 *
 * - a container whose owner ran on this host, in this pid namespace, is judged by that process:
 *   gone (no such process, or the pid reused by another) means orphaned, whoever owned it;
 * - otherwise a runner's container is orphaned only when its deployment's heartbeats say that
 *   runner once beat and has stopped (`runnerDead`); a local command's is never judged from afar.
 */
import { LABELS } from './container-config.js';
import { liveness, parseStamp, type ProcessStamp } from './process-stamp.js';

export interface OrphanJudge {
  /** This process's stamp: containers stamped on the same host and pid namespace are judged by it. */
  here: ProcessStamp | null;
  /** The deployment whose runners' heartbeats `runnerDead` can see. */
  deployment: string;
  /** Whether a runner of `deployment` is known to have died; absent, no runner is judged dead. */
  runnerDead?: (runnerId: string) => Promise<boolean>;
}

export async function isOrphaned(labels: Record<string, string>, judge: OrphanJudge): Promise<boolean> {
  const stamp = parseStamp(labels[LABELS.process]);
  if (stamp) {
    const state = await liveness(stamp, judge.here);
    if (state !== 'unknown') return state === 'gone';
  }
  // Containers made before owners were labelled belonged to runners.
  if (labels[LABELS.owner] === 'local') return false;
  if (labels[LABELS.deployment] !== judge.deployment || !judge.runnerDead) return false;
  const runnerId = labels[LABELS.runner];
  return runnerId ? judge.runnerDead(runnerId) : false;
}
