/**
 * What the bot answers in the pull-request thread to a staff command. Students read these threads:
 * nothing here comes from the staff output or hidden tests, only what the check run already shows
 * (status, its title with score and lateness, where hidden tests count only after the due date) and
 * which runner graded it and how long it took.
 */
import { checkRunOutput } from '../../reporters/check-run-output.js';
import type { StoredResult } from '../../results/stored-result.js';
import { formatCourseTime } from '../../text/format-time.js';
import { ACCEPTED_FORMS } from './parse-command.js';

/**
 * Heads every reply, naming the command's comment, so a reply posted by a writer that died before
 * it remembered the reply's id is found again and edited rather than posted twice.
 */
export function replyMarker(comment: number): string {
  return `<!-- gradebot:staff-reply=${comment} -->`;
}

/** The id of the reply to `comment` among a thread's comments, if one was posted. */
export function findReply(comments: { id: number; body?: string | null }[], comment: number): number | null {
  const marker = replyMarker(comment);
  return comments.find((c) => c.body?.startsWith(`${marker}\n`))?.id ?? null;
}

/** @param command the command's name when it is one (`/extend`), else null */
export function refusedReply(login: string, command: string | null): string {
  const what = command === null ? 'staff commands' : `\`${command}\``;
  return `@${login}, only course staff can use ${what}; nothing was changed. If you think this is a mistake, ask your course staff.`;
}

export function invalidReply(why: string): string {
  return [
    `Not a command I know: ${why}. Nothing was changed. The accepted forms:`,
    ...ACCEPTED_FORMS.map((f) => `- ${f}`),
  ].join('\n');
}

export function extendedReply(student: string, due: Date, lateUntil: Date | null, timezone: string): string {
  const late = lateUntil === null ? '' : `; late submissions until ${formatCourseTime(lateUntil, timezone)}`;
  return `Extension granted: ${student} is now due ${formatCourseTime(due, timezone)}${late}.`;
}

/**
 * What the student's check run says of a result at `now`: its title, where hidden tests count only
 * once the student's due date has passed. The one score a reply may show.
 */
export function shownScore(stored: StoredResult, due: Date | null, now: Date, timezone: string): string {
  return checkRunOutput(stored.result, { due, now, timezone }).title;
}

export function overrideReply(student: string, score: number, shown: string | null): string {
  const was = shown === null ? 'no computed score yet' : `the check run shows ${shown}`;
  return `Score override recorded for ${student}: ${score} (${was}; the gradebook shows both).`;
}

export function gradeReply(
  latest: { stored: StoredResult; shown: string } | null,
  where: { org: string; assignment: string; student: string },
  timezone: string,
): string {
  const full =
    `Full staff view: \`gradebot show --org ${where.org} --assignment ${where.assignment} ` +
    `--student ${where.student}\` or the staff page /staff/${where.org}/${where.assignment}/${where.student}.`;
  if (latest === null)
    return `No graded submission of ${where.assignment} by ${where.student} yet.\n\n${full}`;
  const { result, grading } = latest.stored;
  const lines = [
    `Latest submission of ${where.assignment} by ${where.student}:`,
    `- status: ${result.status}; ${latest.shown}`,
    `- commit ${result.commit?.slice(0, 12) ?? 'none'}, submitted ${formatCourseTime(new Date(result.submitted_at), timezone)}`,
  ];
  if (grading)
    lines.push(`- graded by runner ${grading.runner} in ${(grading.grading_ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n\n${full}`;
}
