/**
 * What `gradebot regrade` says at the end: how many submissions were regraded, whose score changed,
 * and every one that was not regraded with the reason; as text or JSON. Pure.
 */
import type { RegradeSkip } from '../gradebook/regrade-plan.js';
import type { RegradeOutcome } from './regrade-progress.js';

export interface RegradeRun {
  org: string;
  assignment: string;
  requestId: string;
  /** Digest of the course archive the jobs grade with. */
  course: string;
  /** False with --no-wait: the outcomes are all `queued`. */
  waited: boolean;
  outcomes: RegradeOutcome[];
  skipped: RegradeSkip[];
}

export interface RegradeSummary {
  text: string;
  json: unknown;
  /** Set when not every submission was regraded (or queued, with --no-wait): the one-line reason. */
  problem: string | null;
}

export function regradeSummary(run: RegradeRun): RegradeSummary {
  const { org, assignment, waited, outcomes, skipped } = run;
  const json = {
    org,
    assignment,
    requestId: run.requestId,
    course: run.course,
    jobs: outcomes,
    skipped,
  };
  const total = outcomes.length + skipped.length;
  const where = `${org}/${assignment}`;
  if (total === 0) {
    return { text: `nothing to regrade: no submissions of ${where}`, json, problem: null };
  }
  const done = outcomes.filter((o) => o.outcome === (waited ? 'graded' : 'queued'));
  const lines = [
    waited
      ? `regraded ${done.length} of ${total} submission${total === 1 ? '' : 's'} of ${where}`
      : `queued ${done.length} of ${total} submission${total === 1 ? '' : 's'} of ${where} for regrading (${run.requestId})`,
  ];
  const changed = done.filter((o) => o.score !== o.before);
  if (waited) {
    lines.push(changed.length === 0 ? 'no score changed' : `${changed.length} score(s) changed:`);
    for (const o of changed) lines.push(`  ${o.student}: ${o.before ?? '—'} → ${o.score} / ${o.maxScore}`);
  }
  const missed = [
    ...outcomes
      .filter((o) => !done.includes(o))
      .map((o) => ({ student: o.student, reason: o.reason ?? o.outcome })),
    ...skipped,
  ];
  if (missed.length > 0) lines.push(`not ${waited ? 'regraded' : 'queued'}:`);
  for (const m of missed) lines.push(`  ${m.student}: ${m.reason}`);
  const problem =
    missed.length === 0
      ? null
      : `${missed.length} of ${total} submission${total === 1 ? '' : 's'} could not be ${waited ? 'regraded' : 'queued'}`;
  return { text: lines.join('\n'), json, problem };
}
