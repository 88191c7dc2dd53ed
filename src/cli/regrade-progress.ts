/**
 * Following the jobs of one regrade to their end: polls each unfinished job's state, reports how
 * many are done, and turns every ending into an outcome with the reason when it was not graded.
 */
import type { GradingQueues } from '../queue/grading-queues.js';
import type { ResultsStore } from '../store/results-store.js';

const POLL_MS = 500;

export interface RegradeJob {
  student: string;
  jobId: string;
  submittedAt: string;
  /** The score the submission stood on before this regrade (null when it was not graded). */
  before: number | null;
}

export interface RegradeOutcome extends RegradeJob {
  /** `graded`, or why not: `error`, `rejected`, `failed` (no result), or `queued` (not waited for). */
  outcome: string;
  score: number | null;
  maxScore: number | null;
  /** Why it was not graded, in one line. */
  reason?: string;
}

export interface RegradeCounts {
  total: number;
  graded: number;
  failed: number;
  running: number;
}

export async function waitForRegrade(
  jobs: RegradeJob[],
  deps: { queues: GradingQueues; results: ResultsStore; org: string; assignment: string },
  onProgress: (counts: RegradeCounts) => void,
): Promise<RegradeOutcome[]> {
  const ended = new Map<string, RegradeOutcome>();
  for (;;) {
    const pending = jobs.filter((job) => !ended.has(job.jobId));
    let running = 0;
    await Promise.all(
      pending.map(async (job) => {
        const now = await deps.queues.jobState('regrade', job.jobId);
        if (now.state === 'active') running += 1;
        if (now.state !== 'completed' && now.state !== 'failed' && now.state !== 'unknown') return;
        const result = await deps.results.get(deps.org, deps.assignment, job.student, job.jobId);
        const reason = result?.output.split('\n').find((line) => line.trim() !== '') ?? now.reason;
        const returned = now.returnvalue as { outcome?: string } | undefined;
        const outcome =
          result?.status ?? (now.state === 'unknown' ? 'failed' : (returned?.outcome ?? now.state));
        ended.set(job.jobId, {
          ...job,
          outcome,
          score: result?.score ?? null,
          maxScore: result?.max_score ?? null,
          ...(outcome === 'graded'
            ? {}
            : {
                reason: reason ?? (now.state === 'unknown' ? 'the job is no longer in the queue' : outcome),
              }),
        });
      }),
    );
    const outcomes = [...ended.values()];
    const graded = outcomes.filter((o) => o.outcome === 'graded').length;
    onProgress({ total: jobs.length, graded, failed: outcomes.length - graded, running });
    if (ended.size === jobs.length) return jobs.map((job) => ended.get(job.jobId)!);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
