/**
 * `gradebot import gradescope <autograder.zip>`: a course folder whose assignment runs the
 * autograder's run_autograder unchanged, in an image built from its setup.sh. Notes and warnings go
 * to stderr, one line each; the result and the next commands to run go to stdout.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ImportError } from '../importers/gradescope/import-error.js';
import { importGradescope } from '../importers/gradescope/import-gradescope.js';
import { GRADESCOPE_BASE_IMAGE } from '../importers/gradescope/course-files.js';
import { shellQuote } from '../text/shell-quote.js';
import { DUE_DATE_EXAMPLE } from '../course/due-date.js';
import type { Terminal } from './terminal.js';

export const DEFAULT_OUT = 'gradebot-course';

export interface ImportGradescopeFlags {
  assignment?: string;
  base?: string;
  course?: string;
  due?: string;
  out?: string;
  points?: string;
}

export function addImportGradescope(
  importCommand: Command,
  terminal: Terminal,
  setExitCode: (code: number) => void,
): void {
  importCommand
    .command('gradescope')
    .description(
      'convert a Gradescope autograder.zip; its run_autograder runs unchanged in an image built from its setup.sh',
    )
    .argument(
      '<autograder.zip>',
      'the zip uploaded to Gradescope (run_autograder at its top, setup.sh beside it)',
    )
    .option('--assignment <id>', "the assignment id (default: the zip's name, like autograder)")
    .option(
      '--base <image>',
      `the image to build on, with its tag (default: ${GRADESCOPE_BASE_IMAGE}: Python 3, pip and build tools, as Gradescope's images have)`,
    )
    .option('--course <name>', 'the course name (default: the assignment id)')
    .option(
      '--due <date>',
      `the due date, like "${DUE_DATE_EXAMPLE}" in the course time zone (default: none, with a warning)`,
    )
    .option('--out <dir>', `the course folder to create, new or empty (default: ${DEFAULT_OUT})`)
    .option(
      '--points <n>',
      "the assignment's total points, from Gradescope's settings (default: the sum of the tests' max_score each run reports)",
    )
    .action(async (zip: string, options: ImportGradescopeFlags) => {
      setExitCode(await runImportGradescope(zip, options, terminal));
    });
}

export async function runImportGradescope(
  zip: string,
  flags: ImportGradescopeFlags,
  terminal: Terminal,
): Promise<number> {
  const out = flags.out ?? DEFAULT_OUT;
  let imported;
  try {
    imported = await importGradescope(
      {
        zip,
        out,
        assignment: flags.assignment,
        base: flags.base,
        course: flags.course,
        due: flags.due,
        ...(flags.points !== undefined ? { points: Number(flags.points.trim() || Number.NaN) } : {}),
      },
      (step) => terminal.progress(step),
    );
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    terminal.done();
    terminal.err(`gradebot: ${error.message}`);
    return 1;
  }
  terminal.done();
  for (const note of imported.notes) terminal.err(`note: ${note}`);
  for (const warning of imported.warnings) terminal.err(`warning: ${warning}`);
  const dir = /^[\w./@:-]+$/.test(out) ? out : shellQuote(out);
  terminal.out(
    [
      `imported ${path.basename(zip)} into ${out}: assignment ${imported.id} of course ${imported.course}, image ${imported.image}`,
      `next: gradebot images build --course ${dir}`,
      `then: gradebot grade <submission-dir> --course ${dir} --assignment ${imported.id}`,
    ].join('\n'),
  );
  return 0;
}
