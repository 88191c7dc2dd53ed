/**
 * `gradebot runner`: takes grading jobs from the queues and runs each in a single-use sandbox,
 * `concurrency` at a time. SIGTERM drains: no new jobs, running ones finish (or are stopped at a
 * bound), then it exits. Containers left by runners that died are swept at start and periodically.
 */
import os from 'node:os';
import { DEFAULTS } from '../../config/defaults.js';
import { jobLogFieldsOf } from '../../jobs/job-log-fields.js';
import type { QueueClass } from '../../jobs/job-payload.js';
import type { Logger } from '../../log/logger.js';
import type { RunnerMetrics } from '../../metrics/runner-metrics.js';
import type { JobLeases } from '../../queue/job-leases.js';
import { settledWithin } from '../../queue/redis-connection.js';
import type { RunnerQueues } from '../../queue/runner-queues.js';
import type { RunnerRegistry } from '../../store/runner-registry.js';
import type { DockerSandboxProvider } from '../sandbox/docker/docker-provider.js';
import { PrestartPool } from '../sandbox/prestart-pool.js';
import { timedProvider } from '../sandbox/timed-provider.js';
import type { SandboxProvider } from '../sandbox/sandbox.js';
import { Heartbeat } from './heartbeat.js';
import { processJob, type JobDeps } from './process-job.js';
import type { GitTokenSource } from './workspace.js';

/**
 * What a runner needs of its sandboxes: to create them, to name itself on them, and to remove them
 * (its own at the drain's bound, dead runners' in sweeps). The Docker provider; a fake in tests.
 */
export type RunnerSandboxes = SandboxProvider &
  Pick<DockerSandboxProvider, 'runnerId' | 'destroyAll' | 'sweepOrphans'>;

export interface RunnerOptions {
  /** The served queues' leases, the stores and the report queue (`openRunnerQueues`). */
  queues: RunnerQueues;
  provider: RunnerSandboxes;
  log: Logger;
  /** Jobs run at once (default 2). */
  concurrency?: number;
  /** Jobs of one student running at once across all runners (default 1). */
  perStudent?: number;
  /** How long a drain lets running jobs finish before stopping them (default 10 min). */
  drainTimeoutMs?: number;
  /** How often leftovers of dead runners are swept (default 60 s). */
  sweepIntervalMs?: number;
  /** Keep the next sandbox of each slot created and started ahead of its job (default true). */
  prestart?: boolean;
  /** Tokens for fetching GitHub repositories, from the bot (default: none, public URLs only). */
  gitToken?: GitTokenSource;
  /** Hosts that may be fetched from over plain http:// besides loopback (default none). */
  httpGitHosts?: readonly string[];
  /** The clock grading times are measured with (default: `Date.now`). */
  now?: () => number;
  /** Where jobs, slots, sandboxes and the prestart pool are measured (none: not measured). */
  metrics?: RunnerMetrics;
}

export class RunnerDaemon {
  readonly id: string;
  private readonly queues: QueueClass[];
  private readonly concurrency: number;
  private readonly leases: JobLeases;
  private readonly runners: RunnerRegistry;
  private readonly heartbeat: Heartbeat;
  private readonly deps: JobDeps;
  private readonly running = new Set<string>();
  /** The jobs being handled now, for a drain to wait on. */
  private readonly jobs = new Set<Promise<void>>();
  private readonly startedAt = new Date().toISOString();
  private draining = false;
  private slots: Promise<void>[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private closing: Promise<void> | null = null;
  private readonly pool: PrestartPool | null;
  /** Sandboxes still being removed after their job's result was stored. */
  private readonly removals = new Set<Promise<void>>();

  constructor(private readonly options: RunnerOptions) {
    this.id = options.provider.runnerId;
    const { leases, stores, reports, served } = options.queues;
    this.queues = served;
    this.concurrency = options.concurrency ?? DEFAULTS.runner.concurrency;
    this.leases = leases;
    this.runners = stores.runners;
    this.heartbeat = new Heartbeat(this.runners, () => ({
      id: this.id,
      host: os.hostname(),
      pid: process.pid,
      queues: this.queues,
      concurrency: this.concurrency,
      startedAt: this.startedAt,
      running: [...this.running],
      draining: this.draining,
    }));
    const { metrics } = options;
    const sandboxes = metrics
      ? timedProvider(options.provider, (operation, s) => metrics.sandboxSeconds.observe({ operation }, s))
      : options.provider;
    this.pool =
      options.prestart === false
        ? null
        : new PrestartPool(sandboxes, {
            size: this.concurrency,
            onError: (error) => options.log.warn('could not prestart a sandbox', { reason: String(error) }),
            onTake: (hit) => metrics?.prestart.inc({ result: hit ? 'hit' : 'miss' }),
          });
    this.deps = {
      provider: this.pool ?? sandboxes,
      ...(metrics ? { metrics } : {}),
      results: stores.results,
      grants: stores.staffCommands,
      supersede: stores.supersede,
      limits: stores.limits,
      fairShare: stores.fairShare(options.perStudent ?? DEFAULTS.runner.perStudent),
      workspace: {
        blobs: stores.blobs,
        gitToken: options.gitToken,
        ...(options.httpGitHosts ? { httpGitHosts: options.httpGitHosts } : {}),
      },
      reports,
      runnerId: this.id,
      ...(options.now ? { now: options.now } : {}),
      log: options.log,
      removals: (removal) => {
        const tracked = removal
          .catch((error: unknown) =>
            options.log.warn('could not remove a sandbox', { reason: String(error) }),
          )
          .finally(() => this.removals.delete(tracked));
        this.removals.add(tracked);
      },
    };
  }

  async start(): Promise<void> {
    await this.heartbeat.start();
    await this.sweep();
    this.sweeper = setInterval(
      () => void this.sweep(),
      this.options.sweepIntervalMs ?? DEFAULTS.runner.sweepSeconds * 1000,
    );
    this.slots = Array.from({ length: this.concurrency }, (_, slot) => this.runSlot(slot));
    this.options.metrics?.slots.set(this.concurrency);
    this.options.log.info('runner started', {
      runner: this.id,
      queues: this.queues,
      concurrency: this.concurrency,
    });
  }

  /** Stops taking jobs, lets running ones finish within the bound, then closes. Safe to call twice. */
  drain(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    this.draining = true;
    this.options.metrics?.slots.set(0);
    this.options.log.info('draining', { runner: this.id, running: [...this.running] });
    // Every step that needs Redis is bounded: a drain during an outage must still end.
    await settledWithin(this.heartbeat.beat());
    const jobs = Promise.all(this.jobs);
    if (!(await settledWithin(jobs, this.options.drainTimeoutMs ?? DEFAULTS.runner.drainSeconds * 1000))) {
      this.options.log.warn('drain bound reached; stopping running jobs', { running: [...this.running] });
      await this.options.provider.destroyAll();
      await settledWithin(jobs);
    }
    clearInterval(this.sweeper);
    await Promise.all(this.removals);
    await this.pool?.close();
    // Idle slots wait on a blocking fetch; closing the leases ends it, even while Redis is away.
    await settledWithin(this.leases.close());
    await settledWithin(Promise.all(this.slots));
    await settledWithin(this.deps.reports.close());
    await settledWithin(this.heartbeat.stop());
    this.options.log.info('runner stopped', { runner: this.id });
  }

  private async runSlot(slot: number): Promise<void> {
    while (!this.draining) {
      let lease;
      try {
        lease = await this.leases.next(() => this.draining);
      } catch (error) {
        if (this.draining) break; // the leases were closed under the fetch
        this.options.log.error('could not fetch a job', { slot, reason: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (!lease) break;
      if (this.draining) {
        // Taken by a fetch that was under way when the drain began, after the drain counted the
        // jobs it waits for: back to the queue, for another runner.
        await lease.delay(0).catch(() => undefined);
        break;
      }
      this.running.add(lease.id);
      this.options.metrics?.slotsBusy.inc();
      const job = processJob(lease, this.deps).catch((error: unknown) => {
        // Redis went away mid-job for longer than the lock: the job is run again, by whoever takes it.
        this.options.log.error('job handling failed', {
          ...jobLogFieldsOf(lease.id, lease.data),
          reason: String(error),
        });
      });
      this.jobs.add(job);
      await job;
      this.jobs.delete(job);
      this.running.delete(lease.id);
      this.options.metrics?.slotsBusy.dec();
    }
  }

  /**
   * Removes the sandboxes on this engine whose owner is known to be gone: processes on this host
   * that no longer exist, and runners whose heartbeat has lapsed (they died). Never a live
   * `gradebot grade`'s, nor another deployment's.
   */
  private async sweep(): Promise<void> {
    try {
      const removed = await this.options.provider.sweepOrphans((runnerId) => this.runners.isDead(runnerId));
      if (removed > 0) this.options.log.info('swept orphaned sandboxes', { removed });
    } catch (error) {
      this.options.log.warn('sweep failed', { reason: String(error) });
    }
  }
}
