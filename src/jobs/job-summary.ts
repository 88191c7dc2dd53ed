/**
 * What the queue dashboard shows of a grading job: who, what and which commit, never the whole
 * payload. The payload holds no secret today (tokens are minted per job, never queued), but a
 * summary keeps it that way whatever is added to the payload later: only these fields are shown.
 * Pure.
 */
import { parseJobPayload } from './job-payload.js';

export interface JobSummary {
  org: string;
  assignment: string;
  student: string;
  repo: string;
  /** The commit graded, or `upload <digest>` for a folder from `gradebot submit`. */
  submission: string;
  submittedAt: string;
  /** Set for a regrade or re-run. */
  requestId?: string;
}

/** The summary of a job's data; null when the data is not a valid payload. */
export function jobSummary(data: unknown): JobSummary | null {
  const parsed = parseJobPayload(data);
  if (!parsed.ok) return null;
  const p = parsed.payload;
  return {
    org: p.org,
    assignment: p.assignment,
    student: p.student,
    repo: p.repo,
    submission:
      p.submission.kind === 'git' ? p.submission.commit : `upload ${p.submission.digest.slice(0, 12)}`,
    submittedAt: p.submittedAt,
    ...(p.requestId ? { requestId: p.requestId } : {}),
  };
}

/** A job's one-line title: `hw1 · alice (cs101)`, with the runner that holds it while it runs. */
export function jobTitle(summary: JobSummary | null, progress: unknown): string {
  const what = summary ? `${summary.assignment} · ${summary.student} (${summary.org})` : 'invalid payload';
  const runner = runnerOf(progress);
  return runner ? `${what} on ${runner}` : what;
}

/** The runner's progress report, only its known fields: state, runner and step. */
export function jobProgress(progress: unknown): Record<string, string> | number {
  if (typeof progress === 'number') return progress;
  if (typeof progress !== 'object' || progress === null) return {};
  const known: Record<string, string> = {};
  for (const key of ['state', 'runner', 'step', 'by']) {
    const value = (progress as Record<string, unknown>)[key];
    if (typeof value === 'string') known[key] = value;
  }
  return known;
}

function runnerOf(progress: unknown): string | null {
  const known = jobProgress(progress);
  return typeof known === 'object' && known.state === 'running' && known.runner ? known.runner : null;
}
