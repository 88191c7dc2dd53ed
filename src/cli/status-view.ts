/**
 * What `gradebot status` shows, read at one instant: per queue its counts and the waiting jobs
 * oldest first (student, assignment, age), the running jobs with the runner and node that hold them
 * and how long they have run, and each live runner's slots.
 */
import { parseJobPayload, QUEUE_CLASSES, type QueueClass } from '../jobs/job-payload.js';
import type { GradingQueues, QueueCounts } from '../queue/grading-queues.js';
import type { RunnerState } from '../store/runner-registry.js';

/** Jobs listed per queue and state; the counts above them stay exact. */
export const LISTED_JOBS = 50;

export interface ListedJob {
  id: string;
  org: string | null;
  assignment: string | null;
  student: string | null;
  /** Since it was queued. */
  ageMs: number;
}

export interface RunningJob extends ListedJob {
  queue: QueueClass;
  runner: string | null;
  node: string | null;
  /** Since a runner took it. */
  elapsedMs: number | null;
}

export interface RunnerSlots extends RunnerState {
  busy: number;
  free: number;
}

export interface StatusView {
  at: string;
  queues: Record<QueueClass, QueueCounts & { waitingJobs: ListedJob[] }>;
  running: RunningJob[];
  runners: RunnerSlots[];
}

export async function readStatus(
  queues: Pick<GradingQueues, 'counts' | 'listed'>,
  runners: RunnerState[],
  now: Date,
): Promise<StatusView> {
  const counts = await queues.counts();
  const holder = new Map(runners.flatMap((r) => r.running.map((job) => [job, r] as const)));
  const perQueue = await Promise.all(
    QUEUE_CLASSES.map(async (queue) => {
      const [waiting, active] = await Promise.all([
        queues.listed(queue, 'waiting', LISTED_JOBS),
        queues.listed(queue, 'active', LISTED_JOBS),
      ]);
      const running = active.map((job): RunningJob => {
        const runner = holder.get(job.id) ?? null;
        return {
          ...listed(job, now),
          queue,
          runner: runner?.id ?? null,
          node: runner?.host ?? null,
          elapsedMs: job.startedAt === null ? null : Math.max(0, now.getTime() - job.startedAt),
        };
      });
      return { queue, waiting: waiting.map((job) => listed(job, now)), running };
    }),
  );
  return {
    at: now.toISOString(),
    queues: Object.fromEntries(
      perQueue.map(({ queue, waiting }) => [queue, { ...counts[queue], waitingJobs: waiting }]),
    ) as StatusView['queues'],
    running: perQueue.flatMap(({ running }) => running),
    runners: runners.map((r) => ({
      ...r,
      busy: r.running.length,
      free: Math.max(0, r.concurrency - r.running.length),
    })),
  };
}

function listed(job: { id: string; data: unknown; queuedAt: number }, now: Date): ListedJob {
  const parsed = parseJobPayload(job.data);
  const payload = parsed.ok ? parsed.payload : null;
  return {
    id: job.id,
    org: payload?.org ?? null,
    assignment: payload?.assignment ?? null,
    student: payload?.student ?? null,
    ageMs: Math.max(0, now.getTime() - job.queuedAt),
  };
}
