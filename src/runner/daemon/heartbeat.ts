/**
 * Each runner says every few seconds that it is alive and what it runs, in the runner registry
 * (`store/runner-registry.ts`), where operators and other runners read it.
 */
import type { RunnerRegistry, RunnerState } from '../../store/runner-registry.js';

/** A third of the registry's `HEARTBEAT_TTL_SECONDS`, so one late beat does not make a live runner look dead. */
const INTERVAL_MS = 5_000;

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  /** The beat still waiting for Redis: during an outage, later ticks do not pile up behind it. */
  private pending: Promise<void> | null = null;

  constructor(
    private readonly registry: RunnerRegistry,
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
    await this.registry.beat(this.state());
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.remove(this.state().id);
  }
}
