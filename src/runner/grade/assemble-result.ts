/**
 * Puts the results JSON together from what a run produced. Pure: the late penalty is computed from
 * the recorded submission time, never from when grading happened.
 */
import { deadlineFor } from '../../course/deadline.js';
import type { Assignment } from '../../course/types.js';
import type { GradingResult, GradingStatus, LeaderboardEntry, TestResult } from '../../results/results.js';
import { applyLate, computeLate } from '../../scoring/late-policy.js';
import { totalScore } from '../../scoring/total.js';

export interface SubmissionInfo {
  student: string;
  commit: string | null;
  submittedAt: Date;
}

export interface RunOutcome {
  status: GradingStatus;
  tests: TestResult[];
  output: string;
  /** When the grader reports its own total; otherwise the tests are summed. */
  score?: { score: number; maxScore: number };
  leaderboard?: LeaderboardEntry[];
  staffOutput?: string;
  /** Not graded because of the submission itself (see GradingResult's `fault`). */
  fault?: 'submission';
  /** A grader's own `execution_time` and `extra_data` (see GradingResult). */
  executionTime?: number;
  extraData?: unknown;
}

/** @param timezone the course's time zone, where days late are counted (see `computeLate`) */
export function assembleResult(
  assignment: Assignment,
  submission: SubmissionInfo,
  outcome: RunOutcome,
  gradedAt: Date,
  timezone: string,
): GradingResult {
  const summed = totalScore(outcome.tests);
  const raw = outcome.score?.score ?? summed.score;
  const maxScore = outcome.score?.maxScore ?? (summed.max_score || declaredMaximum(assignment));
  const graded = outcome.status === 'graded';
  // The student's own deadline: an extension moves the due date, the late period, or both.
  const deadline = deadlineFor(assignment, submission.student);
  const late = computeLate(submission.submittedAt, deadline.due, deadline.late, timezone);
  return {
    assignment: assignment.id,
    student: submission.student,
    commit: submission.commit,
    submitted_at: submission.submittedAt.toISOString(),
    graded_at: gradedAt.toISOString(),
    late,
    status: outcome.status,
    score: graded ? applyLate(raw, late) : 0,
    max_score: maxScore,
    raw_score: graded ? raw : 0,
    output: outcome.output,
    tests: outcome.tests,
    ...(outcome.leaderboard ? { leaderboard: outcome.leaderboard } : {}),
    ...(outcome.fault ? { fault: outcome.fault } : {}),
    ...(outcome.staffOutput ? { staff_output: outcome.staffOutput } : {}),
    ...(outcome.executionTime !== undefined ? { execution_time: outcome.executionTime } : {}),
    ...(outcome.extraData !== undefined ? { extra_data: outcome.extraData } : {}),
  };
}

function declaredMaximum(assignment: Assignment): number {
  if (assignment.kind === 'grader') return assignment.points ?? 0;
  return assignment.tests.reduce((sum, test) => sum + test.points, 0);
}
