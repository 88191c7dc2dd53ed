/**
 * Which runners are alive and what they run, as each runner's heartbeat last wrote it. Operators
 * read it with `gradebot status`; runners read it to tell a dead runner's leftover containers from
 * live ones. The timer that beats is the runner's (`runner/daemon/heartbeat.ts`).
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export interface RunnerState {
  id: string;
  host: string;
  pid: number;
  queues: string[];
  concurrency: number;
  startedAt: string;
  /** Job ids running now. */
  running: string[];
  draining: boolean;
}

/** A runner that has not spoken for this long is taken for dead. */
export const HEARTBEAT_TTL_SECONDS = 15;
/** How long a runner that beat once is remembered, so its leftovers can be told from strangers'. */
const REMEMBERED_MS = 7 * 24 * 3600_000;

export class RunnerRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Records the runner as alive, in this state, for the next `HEARTBEAT_TTL_SECONDS`. */
  async beat(state: RunnerState): Promise<void> {
    const k = keys(this.prefix);
    const now = Date.now();
    await this.redis
      .multi()
      .set(k.runner(state.id), JSON.stringify(state), 'EX', HEARTBEAT_TTL_SECONDS)
      .sadd(k.runners(), state.id)
      .zadd(k.runnersSeen(), now, state.id)
      .zremrangebyscore(k.runnersSeen(), '-inf', now - REMEMBERED_MS)
      .exec();
  }

  /** A runner that stopped on purpose: no longer alive (it is still remembered as seen). */
  async remove(id: string): Promise<void> {
    const k = keys(this.prefix);
    await this.redis.multi().del(k.runner(id)).srem(k.runners(), id).exec();
  }

  /** Runners alive now; ids whose heartbeat lapsed are dropped from the set as a side effect. */
  async live(): Promise<RunnerState[]> {
    const k = keys(this.prefix);
    const ids = await this.redis.smembers(k.runners());
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => k.runner(id)));
    const dead = ids.filter((_, i) => !values[i]);
    if (dead.length > 0) await this.redis.srem(k.runners(), ...dead);
    return values.flatMap((value) => (value ? [JSON.parse(value) as RunnerState] : []));
  }

  /**
   * Whether a runner is known to have died: it beat once, and its heartbeat has lapsed. An id never
   * seen (a local command's, another deployment's) is not judged dead.
   */
  async isDead(id: string): Promise<boolean> {
    const k = keys(this.prefix);
    const [[, exists], [, seen]] = (await this.redis
      .multi()
      .exists(k.runner(id))
      .zscore(k.runnersSeen(), id)
      .exec()) as [[unknown, number], [unknown, string | null]];
    return exists === 0 && seen !== null;
  }
}
