/**
 * `gradebot export`: the gradebook of one assignment, a row per student on the roster or with a
 * result, as a table on a terminal, CSV for an LMS (the default in a pipe), or JSON.
 */
import Table from 'cli-table3';
import { GRADEBOOK_COLUMNS, gradebookRows, type GradebookRow } from '../gradebook/gradebook-rows.js';
import { toCsv } from '../gradebook/csv.js';
import { missingAssignment } from '../gradebook/assignment-lookup.js';
import { studentKey } from '../course/repo-pattern.js';
import { publishedDeadlines } from '../store/course-registry.js';
import type { CommandRecord } from '../store/staff-commands.js';
import { withQueues, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';

export interface ExportCommandOptions extends QueueOptions {
  org: string;
  assignment: string;
  /** Default: `table` when stdout is a terminal, else `csv`. */
  format?: string;
}

export async function runExport(
  options: ExportCommandOptions,
  terminal: Terminal,
  stdoutIsTerminal = Boolean(process.stdout.isTTY),
): Promise<number> {
  const format = options.format ?? (stdoutIsTerminal ? 'table' : 'csv');
  if (!isFormat(format)) {
    terminal.err(`gradebot: --format: expected one of ${EXPORT_FORMATS.join(', ')}, not ${format}`);
    return 2;
  }
  const { org, assignment } = options;
  return withQueues(options, async ({ stores }) => {
    terminal.progress(`reading the results of ${org}/${assignment}`);
    const [course, results, commands] = await Promise.all([
      stores.courses.get(org),
      stores.results.listAll(org, assignment),
      stores.staffCommands.audit(org, assignment),
    ]);
    const missing = missingAssignment(
      org,
      assignment,
      course?.assignments.map((a) => a.id) ?? null,
      results.size,
    );
    if (missing) {
      terminal.done();
      terminal.err(`gradebot: ${missing}`);
      return 1;
    }
    const published = course?.assignments.find((a) => a.id === assignment) ?? null;
    const roster = published ? await stores.roster.students(org, published.repos) : [];
    const rows = gradebookRows(roster, results, {
      deadlines: published ? publishedDeadlines(published) : null,
      overrides: (course?.overrides ?? []).filter((entry) => entry.assignment === assignment),
      commands,
    });
    terminal.done();
    if (format === 'csv') terminal.out(toCsv(GRADEBOOK_COLUMNS, rows));
    else if (format === 'json') terminal.out(JSON.stringify(withCommandLog(rows, commands), null, 2));
    else terminal.out(renderTable(rows));
    return 0;
  });
}

/** JSON rows with each student's full audit log of staff commands (`command_log`), oldest first. */
function withCommandLog(rows: GradebookRow[], commands: readonly CommandRecord[]) {
  return rows.map((row) => ({
    ...row,
    command_log: commands
      .filter((entry) => entry.student === studentKey(row.login))
      .map(({ comment, by, at, command, outcome, detail }) => ({
        comment,
        by,
        at,
        command,
        outcome,
        detail,
      })),
  }));
}

function isFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

function renderTable(rows: GradebookRow[]): string {
  if (rows.length === 0) return 'no students yet: nobody has submitted and the roster is empty';
  const table = new Table({
    head: [
      'Student',
      'On time',
      'With penalty',
      'Max',
      'Graded',
      'Commit',
      'Submitted',
      'Late days',
      'Due',
      'Override',
      'Override reason',
    ],
    // One line per student, no rule between them: a class is long.
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left', 'left', 'right', 'left', 'right', 'left'],
  });
  const shown = (value: string | number | null) => (value === null ? '—' : String(value));
  for (const row of rows) {
    table.push([
      row.login,
      shown(row.best_on_time),
      shown(row.best_with_penalty),
      shown(row.max_score),
      String(row.submissions),
      shown(row.commit?.slice(0, 12) ?? null),
      shown(row.submitted_at),
      shown(row.late_days),
      shown(row.extension_reason === null ? null : row.due),
      shown(row.override_score),
      shown(row.override_reason),
    ]);
  }
  return table.toString();
}
