/**
 * A runner's metrics (`gradebot runner`, its own /metrics server), in a registry of its own. Every
 * name is listed in docs/metrics.md.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CALL_SECONDS, JOB_SECONDS } from './buckets.js';
import { redisReconnects } from './redis-reconnects.js';

export type SandboxOperation = 'create' | 'exec' | 'destroy';

export function createRunnerMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    jobsStarted: new Counter({
      name: 'gradebot_runner_jobs_started_total',
      help: 'Jobs this runner began to grade, by queue.',
      labelNames: ['queue'] as const,
      registers,
    }),
    jobsCompleted: new Counter({
      name: 'gradebot_runner_jobs_completed_total',
      help:
        'Jobs this runner finished, by queue and status (a result status, superseded, or ' +
        'infrastructure_retry for a failure that is retried).',
      labelNames: ['queue', 'status'] as const,
      registers,
    }),
    queueSeconds: new Histogram({
      name: 'gradebot_runner_queue_seconds',
      help: 'Time a job waited in its queue before this runner began to grade it.',
      labelNames: ['queue'] as const,
      buckets: JOB_SECONDS,
      registers,
    }),
    gradingSeconds: new Histogram({
      name: 'gradebot_runner_grading_seconds',
      help: 'Time from taking a job to its stored result.',
      labelNames: ['queue'] as const,
      buckets: JOB_SECONDS,
      registers,
    }),
    sandboxSeconds: new Histogram({
      name: 'gradebot_sandbox_seconds',
      help: 'Sandbox operations: create (started, source copied in), exec (one command), destroy.',
      labelNames: ['operation'] as const,
      buckets: CALL_SECONDS,
      registers,
    }),
    prestart: new Counter({
      name: 'gradebot_prestart_total',
      help: 'Sandboxes asked of the prestart pool: hit (a warm one was ready) or miss (created on the spot).',
      labelNames: ['result'] as const,
      registers,
    }),
    slotsBusy: new Gauge({
      name: 'gradebot_runner_slots_busy',
      help: 'Slots of this runner handling a job now.',
      registers,
    }),
    slots: new Gauge({
      name: 'gradebot_runner_slots',
      help: 'Slots of this runner (its --concurrency); 0 once it drains.',
      registers,
    }),
    redisReconnects: redisReconnects(registry),
  };
}

export type RunnerMetrics = ReturnType<typeof createRunnerMetrics>;
