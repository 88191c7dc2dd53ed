/**
 * `gradebot show`: staff's view of an assignment's submissions. With `--student`, every submission
 * of that student, oldest first, each in full (hidden tests, staff output, lateness, runner, grading
 * time); without, a row per student for their latest submission. `--json` prints the `StaffView`.
 */
import Table from 'cli-table3';
import {
  staffSubmissions,
  type StaffSubmission,
  type StaffView,
} from '../reporters/staff/staff-submissions.js';
import { formatDuration } from '../text/format-duration.js';
import { withQueues, type QueueOptions } from './queue-options.js';
import { renderResults } from './render-results.js';
import type { Terminal } from './terminal.js';

export interface ShowCommandOptions extends QueueOptions {
  org: string;
  assignment: string;
  student?: string;
  json?: boolean;
}

export async function runShow(options: ShowCommandOptions, terminal: Terminal): Promise<number> {
  return withQueues(options, async ({ stores }) => {
    terminal.progress(`reading the results of ${options.org}/${options.assignment}`);
    const answer = await staffSubmissions(stores, options);
    terminal.done();
    if (!answer.ok) {
      terminal.err(`gradebot: ${answer.error}`);
      return 1;
    }
    const { view } = answer;
    if (options.json) terminal.out(JSON.stringify(view, null, 2));
    else {
      terminal.out(view.student === null ? renderLatest(view) : renderHistory(view));
      if (view.commands.length > 0) terminal.out(renderCommands(view));
    }
    return 0;
  });
}

/** Every submission of one student, each with how it was graded above its results. */
function renderHistory(view: StaffView): string {
  const count = view.submissions.length;
  return view.submissions
    .map((submission, i) => {
      const heading = `══ submission ${i + 1} of ${count} · job ${submission.job_id} · ${gradedBy(submission)} ══`;
      return `${heading}\n${renderResults(submission.result, { full: true })}`;
    })
    .join('\n');
}

/** A row per student: their latest submission. */
function renderLatest(view: StaffView): string {
  if (view.submissions.length === 0) return `nobody has submitted ${view.assignment} yet`;
  const table = new Table({
    head: ['Student', 'Status', 'Score', 'Late days', 'Submitted', 'Runner', 'Grading', 'Job'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'left', 'left', 'right', 'left'],
  });
  for (const { student, job_id, result, grading } of view.submissions) {
    table.push([
      student,
      result.status,
      `${result.score} / ${result.max_score}`,
      result.late ? String(result.late.days) : '—',
      result.submitted_at,
      grading?.runner ?? '—',
      grading ? formatDuration(grading.grading_ms) : '—',
      job_id,
    ]);
  }
  const hint = `every submission of one student, in full: gradebot show --org ${view.org} --assignment ${view.assignment} --student <login>`;
  return `${table.toString()}\n${hint}`;
}

/** The audit log of staff commands, one line each. */
function renderCommands(view: StaffView): string {
  const lines = view.commands.map(
    (entry) =>
      `${entry.at} ${entry.by} on ${entry.student}: ${entry.command} → ${entry.outcome} (${entry.detail})`,
  );
  return [`══ staff commands (${lines.length}) ══`, ...lines].join('\n');
}

function gradedBy({ result, grading }: StaffSubmission): string {
  const when = `submitted ${result.submitted_at}, graded ${result.graded_at}`;
  if (!grading) return `${when} (runner not recorded)`;
  const took = `in ${formatDuration(grading.grading_ms)} after ${formatDuration(grading.queued_ms)} queued`;
  return `${when} by ${grading.runner} ${took}`;
}
