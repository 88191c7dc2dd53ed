/**
 * Each runner says every few seconds that it is alive and what it runs. Operators read it with
 * `gradebot status`; runners read it to tell a dead runner's leftover containers from live ones.
 */
import type { Redis } from 'ioredis';

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
const INTERVAL_MS = 5_000;
/** How long a runner that beat once is remembered, so its leftovers can be told from strangers'. */
const REMEMBERED_MS = 7 * 24 * 3600_000;

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  /** The beat still waiting for Redis: during an outage, later ticks do not pile up behind it. */
  private pending: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly state: () => RunnerState,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.pending ??= this.beat()
        .catch(() => undefined)
        .finally(() => (this.pending = null));
    }, INTERVAL_MS);
  }

  async beat(): Promise<void> {
    const state = this.state();
    const now = Date.now();
    await this.redis
      .multi()
      .set(runnerKey(this.prefix, state.id), JSON.stringify(state), 'EX', HEARTBEAT_TTL_SECONDS)
      .sadd(`${this.prefix}:runners`, state.id)
      .zadd(seenKey(this.prefix), now, state.id)
      .zremrangebyscore(seenKey(this.prefix), '-inf', now - REMEMBERED_MS)
      .exec();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const { id } = this.state();
    await this.redis.multi().del(runnerKey(this.prefix, id)).srem(`${this.prefix}:runners`, id).exec();
  }
}

/** Runners alive now; ids whose heartbeat lapsed are dropped from the set as a side effect. */
export async function liveRunners(redis: Redis, prefix: string): Promise<RunnerState[]> {
  const ids = await redis.smembers(`${prefix}:runners`);
  if (ids.length === 0) return [];
  const values = await redis.mget(...ids.map((id) => runnerKey(prefix, id)));
  const dead = ids.filter((_, i) => !values[i]);
  if (dead.length > 0) await redis.srem(`${prefix}:runners`, ...dead);
  return values.flatMap((value) => (value ? [JSON.parse(value) as RunnerState] : []));
}

/**
 * Whether a runner is known to have died: it beat once, and its heartbeat has lapsed. An id never
 * seen (a local command's, another deployment's) is not judged dead.
 */
export async function isRunnerDead(redis: Redis, prefix: string, id: string): Promise<boolean> {
  const [[, exists], [, seen]] = (await redis
    .multi()
    .exists(runnerKey(prefix, id))
    .zscore(seenKey(prefix), id)
    .exec()) as [[unknown, number], [unknown, string | null]];
  return exists === 0 && seen !== null;
}

function runnerKey(prefix: string, id: string): string {
  return `${prefix}:runner:${id}`;
}

function seenKey(prefix: string): string {
  return `${prefix}:runners:seen`;
}
