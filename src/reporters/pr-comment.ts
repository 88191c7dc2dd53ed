/**
 * The one comment per assignment on a student's open pull requests (GitHub Classroom's "Feedback"
 * pull request, say), found again by a hidden marker and edited in place on every new result.
 */
import type { CheckRunOutput } from './check-run-output.js';

export function commentMarker(assignment: string): string {
  return `<!-- gradebot:assignment=${assignment} -->`;
}

/**
 * @param checkRunUrl the check run's `html_url` as GitHub answered it, where the details are; null
 *   when not known (then no link), and dropped unless it is a plain http(s) address
 */
export function commentBody(
  assignment: string,
  output: CheckRunOutput,
  commit: string | null,
  checkRunUrl: string | null = null,
): string {
  const at = commit ? ` for ${commit.slice(0, 7)}` : '';
  const link =
    checkRunUrl !== null && PLAIN_URL.test(checkRunUrl)
      ? ['', `[Details in the check run](${checkRunUrl}): each failed test's command, input and differences.`]
      : [];
  return [commentMarker(assignment), `#### gradebot: ${assignment}${at}`, '', output.summary, ...link].join(
    '\n',
  );
}

/** An address that ends a Markdown link only where it ends: no spaces, brackets or angle brackets. */
const PLAIN_URL = /^https?:\/\/[^\s()<>[\]]+$/;

/** The id of the comment this assignment wrote before, if any: the one to edit. */
export function findOwnComment(
  comments: { id: number; body?: string | null }[],
  assignment: string,
): number | null {
  const marker = commentMarker(assignment);
  return comments.find((c) => c.body?.startsWith(marker))?.id ?? null;
}
