/**
 * The staff pages' HTML, from Handlebars views in `views/staff/` (found like the scoreboard's, three
 * levels below the root). `{{ }}` only, which escapes: test names, output and logins are the
 * students' text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { formatDuration } from '../../text/format-duration.js';
import type { TestFeedback } from '../../results/results.js';
import type { StaffSubmission, StaffView } from './staff-submissions.js';

const VIEWS = fileURLToPath(new URL('../../../views/staff/', import.meta.url));
const handlebars = Handlebars.create();
const compile = (name: string) => {
  const template = handlebars.compile(readFileSync(`${VIEWS}${name}`, 'utf8'), { strict: false });
  return (context: object) => `<!doctype html>\n${template(context)}`;
};
const templates = { submissions: compile('submissions.hbs'), message: compile('message.hbs') };

export function renderStaffView(view: StaffView, login: string): string {
  return templates.submissions({
    view,
    login,
    title: view.student ? `${view.student} · ${view.assignment}` : `${view.assignment} · latest submissions`,
    submissions: view.submissions.map((submission, i) => ({
      ...submission,
      number: i + 1,
      // The latest-of-each page links to each student's history; the history page links nowhere.
      link: view.student
        ? null
        : `${encodeURIComponent(view.assignment)}/${encodeURIComponent(submission.student)}`,
      took: took(submission),
      tests: submission.result.tests.map((test) => ({
        ...test,
        feedbackText: test.feedback ? feedbackText(test.feedback) : null,
      })),
    })),
  });
}

/** A one-paragraph page: refused, not found, signed out. */
export function renderMessage(title: string, message: string): string {
  return templates.message({ title, message });
}

/** A failed test's feedback as plain lines: the command and its exit, the input, the diff, how to reproduce it. */
function feedbackText(feedback: TestFeedback): string {
  const { exit, input, diff } = feedback;
  return [
    `$ ${feedback.command}    (exit ${exit.actual ?? 'none: timed out or killed'}, expected ${exit.expected})`,
    ...(input
      ? [`input${input.file ? ` from ${input.file}` : ''} (${input.lines} lines):`, input.excerpt]
      : []),
    ...(diff ? [`expected (-) and actual (+) from line ${diff.from_line}:`, ...diff.lines] : []),
    ...(feedback.reproduce.length > 0 ? ['to reproduce:', ...feedback.reproduce] : []),
  ].join('\n');
}

function took({ grading }: StaffSubmission): string {
  if (!grading) return 'runner not recorded';
  return `by ${grading.runner} in ${formatDuration(grading.grading_ms)} after ${formatDuration(grading.queued_ms)} queued`;
}
