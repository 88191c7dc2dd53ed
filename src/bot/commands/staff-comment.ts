/**
 * A comment on a student's pull request that holds a staff command: who wrote it is checked against
 * the organisation (owners and the course's staff team) on every command, then the command is
 * applied, recorded in the audit log once per comment, and answered in the thread through the one
 * writer. A redelivered or repeated event for the same comment finds its record and only asks for
 * the same reply again, which the writer edits in place rather than posting twice.
 */
import type { ProbotOctokit as Octokit } from 'probot';
import { deadlineFor } from '../../course/deadline.js';
import { studentOf } from '../../course/repo-pattern.js';
import { maximumScore } from '../../course/resolve-accommodations.js';
import type { Assignment, Course } from '../../course/types.js';
import type { Intake } from '../../jobs/intake.js';
import type { ReportRequests } from '../../queue/report-queue.js';
import type { ResultsStore } from '../../store/results-store.js';
import type { CommandRecord, StaffCommands } from '../../store/staff-commands.js';
import type { CourseConfigs } from '../course-configs.js';
import { staffAccess } from '../staff-access.js';
import {
  extendedReply,
  gradeReply,
  invalidReply,
  overrideReply,
  refusedReply,
  shownScore,
} from './command-replies.js';
import { parseComment, type StaffCommand } from './parse-command.js';

export interface StaffCommentDeps {
  courses: Pick<CourseConfigs, 'current' | 'archiveDigest'>;
  intake: Pick<Intake, 'submit'>;
  reports: Pick<ReportRequests, 'add'>;
  staffCommands: StaffCommands;
  results: Pick<ResultsStore, 'list'>;
}

/** What of an `issue_comment.created` webhook a command needs. */
export interface StaffComment {
  org: string;
  repo: string;
  cloneUrl: string;
  installation: number;
  pull: number;
  comment: { id: number; body: string; createdAt: string };
  author: { login: string; bot: boolean };
}

type Applied = Pick<CommandRecord, 'outcome' | 'detail' | 'reply'>;

export async function handleStaffComment(
  octokit: Octokit,
  event: StaffComment,
  deps: StaffCommentDeps,
): Promise<void> {
  if (event.author.bot) return;
  const inForce = await deps.courses.current(event.org, event.installation);
  const course = inForce?.course;
  const assignment = course?.assignments.find((a) => studentOf(a.repos, event.repo) !== null);
  if (!course || !assignment) return;
  const student = studentOf(assignment.repos, event.repo)!.toLowerCase();
  const parsed = parseComment(event.comment.body, course.timezone);
  if (parsed.kind === 'none') return;
  const request = {
    kind: 'staff-reply',
    org: event.org,
    assignment: assignment.id,
    comment: event.comment.id,
  } as const;
  if ((await deps.staffCommands.get(event.org, assignment.id, event.comment.id)) !== null) {
    await deps.reports.add(request);
    return;
  }
  const access = await staffAccess(octokit, event.org, event.author.login, course.staffTeam);
  const context = { event, course, assignment, student, deps };
  const applied: Applied = !access.staff
    ? {
        outcome: 'refused',
        detail: 'not course staff',
        reply: refusedReply(event.author.login, parsed.kind === 'command' ? `/${parsed.command.kind}` : null),
      }
    : parsed.kind === 'invalid'
      ? { outcome: 'invalid', detail: parsed.why, reply: invalidReply(parsed.why) }
      : await apply(parsed.command, context);
  await deps.staffCommands.record({
    comment: event.comment.id,
    org: event.org,
    repo: event.repo,
    pull: event.pull,
    installation: event.installation,
    assignment: assignment.id,
    student,
    command: parsed.text,
    by: event.author.login,
    at: event.comment.createdAt,
    ...applied,
  });
  await deps.reports.add(request);
}

interface CommandContext {
  event: StaffComment;
  course: Course;
  assignment: Assignment;
  student: string;
  deps: StaffCommentDeps;
}

async function apply(command: StaffCommand, context: CommandContext): Promise<Applied> {
  const { event, course, assignment, student, deps } = context;
  const latest = (await deps.results.list(event.org, assignment.id, student)).at(-1) ?? null;
  // The score as the student's check run shows it now: hidden tests only once their due date passed.
  const granted = await deps.staffCommands.withGrantedExtensions(event.org, assignment);
  const now = new Date(event.comment.createdAt);
  const shown = latest && shownScore(latest, deadlineFor(granted, student).due, now, course.timezone);
  const invalid = (detail: string): Applied => ({ outcome: 'invalid', detail, reply: invalidReply(detail) });
  switch (command.kind) {
    case 'regrade': {
      if (latest === null || latest.result.commit === null)
        return invalid('nothing submitted yet to regrade');
      const job = await deps.intake.submit({
        origin: 're-run',
        org: event.org,
        repo: event.repo,
        assignment: assignment.id,
        student,
        submittedAt: new Date(latest.result.submitted_at),
        submission: { kind: 'git', url: event.cloneUrl, commit: latest.result.commit },
        courseDigest: await deps.courses.archiveDigest(course),
        installation: event.installation,
        requestId: `comment-${event.comment.id}`,
      });
      const reply = `Regrade queued for commit ${latest.result.commit.slice(0, 12)}; the check run shows the result.`;
      return { outcome: 'applied', detail: `job ${job.jobId}`, reply };
    }
    case 'extend': {
      if (assignment.due === null) return invalid(`${assignment.id} has no due date to extend`);
      const due = 'ms' in command.by ? new Date(assignment.due.getTime() + command.by.ms) : command.by.until;
      if (due < assignment.due) return invalid('expected a date no earlier than the assignment’s due date');
      const extension = {
        student,
        due: due.toISOString(),
        lateUntil: null,
        reason: command.reason,
        source: 'command' as const,
        by: event.author.login,
        at: event.comment.createdAt,
      };
      await deps.staffCommands.grantExtension(event.org, assignment.id, extension);
      const deadline = deadlineFor(
        await deps.staffCommands.withGrantedExtensions(event.org, assignment),
        student,
      );
      const reply = extendedReply(student, due, deadline.late?.until ?? null, course.timezone);
      return { outcome: 'applied', detail: `due ${extension.due}`, reply };
    }
    case 'override': {
      const most = maximumScore(assignment);
      if (most !== null && command.score > most)
        return invalid(`expected a score from 0 to ${most}, what ${assignment.id} is out of`);
      await deps.staffCommands.grantOverride(event.org, {
        student,
        assignment: assignment.id,
        score: command.score,
        reason: command.reason,
        by: event.author.login,
        at: event.comment.createdAt,
        source: 'command',
      });
      return {
        outcome: 'applied',
        detail: `score ${command.score}`,
        reply: overrideReply(student, command.score, shown),
      };
    }
    case 'grade':
      return {
        outcome: 'applied',
        detail: 'summary',
        reply: gradeReply(
          latest && shown ? { stored: latest, shown } : null,
          { org: event.org, assignment: assignment.id, student },
          course.timezone,
        ),
      };
  }
}
