/**
 * The one comment per assignment on a student's open pull requests (GitHub Classroom's "Feedback"
 * pull request, say), found again by a hidden marker and edited in place on every new result.
 */
import type { CheckRunOutput } from './check-run-output.js';

export function commentMarker(assignment: string): string {
  return `<!-- gradebot:assignment=${assignment} -->`;
}

export function commentBody(assignment: string, output: CheckRunOutput, commit: string | null): string {
  const at = commit ? ` for ${commit.slice(0, 7)}` : '';
  return [commentMarker(assignment), `#### gradebot: ${assignment}${at}`, '', output.summary].join('\n');
}

/** The id of the comment this assignment wrote before, if any: the one to edit. */
export function findOwnComment(
  comments: { id: number; body?: string | null }[],
  assignment: string,
): number | null {
  const marker = commentMarker(assignment);
  return comments.find((c) => c.body?.startsWith(marker))?.id ?? null;
}
