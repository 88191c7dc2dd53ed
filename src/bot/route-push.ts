/**
 * What a `push` webhook asks of gradebot, decided without side effects: grade the pushed commit for
 * each assignment whose `repos` pattern matches, reload the course when the course repository
 * changed, say on the commit that it waits for a valid course when none is in force, or ignore it,
 * with the reason, for the debug log.
 */
import { z } from 'zod';
import { studentOf } from '../course/repo-pattern.js';
import type { Course } from '../course/types.js';

export type PushDecision =
  | { action: 'ignore'; reason: string }
  | { action: 'reload-course'; commit: string }
  /** No valid course is in force, so nobody knows which assignment this is: not graded yet. */
  | { action: 'no-course'; org: string; repo: string; commit: string }
  | { action: 'grade'; assignment: string; student: string; org: string; repo: string; commit: string };

// Only what routing reads; webhook payloads carry much more, and may carry anything.
const pushSchema = z.object({
  ref: z.string(),
  deleted: z.boolean(),
  after: z.string().regex(/^[0-9a-f]{40}$/),
  repository: z.object({
    name: z.string(),
    default_branch: z.string(),
    owner: z.object({ login: z.string() }),
  }),
  sender: z.object({ type: z.string() }),
});

export function routePush(payload: unknown, course: Course | null, courseRepository: string): PushDecision[] {
  const parsed = pushSchema.safeParse(payload);
  if (!parsed.success) return [{ action: 'ignore', reason: 'not a push payload gradebot understands' }];
  const push = parsed.data;
  const { name, default_branch: defaultBranch } = push.repository;
  const org = push.repository.owner.login;
  if (push.deleted || /^0+$/.test(push.after)) return [{ action: 'ignore', reason: 'a deleted ref' }];
  if (!push.ref.startsWith('refs/heads/')) return [{ action: 'ignore', reason: `not a branch: ${push.ref}` }];
  if (push.ref !== `refs/heads/${defaultBranch}`) {
    return [{ action: 'ignore', reason: `not the default branch (${defaultBranch}): ${push.ref}` }];
  }
  if (name.toLowerCase() === courseRepository.toLowerCase())
    return [{ action: 'reload-course', commit: push.after }];
  if (push.sender.type === 'Bot') return [{ action: 'ignore', reason: 'pushed by a bot' }];
  if (!course) return [{ action: 'no-course', org, repo: name, commit: push.after }];

  const decisions: PushDecision[] = course.assignments.flatMap((assignment) => {
    const student = studentOf(assignment.repos, name);
    return student
      ? [
          {
            action: 'grade' as const,
            assignment: assignment.id,
            student,
            org,
            repo: name,
            commit: push.after,
          },
        ]
      : [];
  });
  return decisions.length > 0
    ? decisions
    : [{ action: 'ignore', reason: `no assignment's repos pattern matches ${name}` }];
}
