/**
 * `gradebot import classroom <file>`, an autograding.json or a classroom.yml workflow: a course whose
 * tests score exactly as GitHub Classroom's autograding did. The course file goes to stdout (or, with --out, into a new course
 * folder); warnings go to stderr, one line each.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CatalogError, loadCatalog } from '../images/catalog.js';
import { AutogradingFileError } from '../importers/classroom/autograding-file.js';
import { importClassroom } from '../importers/classroom/import-classroom.js';
import { resolveImportOptions, type ImportFlags } from '../importers/classroom/import-options.js';
import { DEFAULT_IMAGE } from '../importers/classroom/to-course.js';
import { checkOutFolder, writeCourseFolder } from '../importers/write-course-folder.js';
import { shellQuote } from '../text/shell-quote.js';
import { DUE_DATE_EXAMPLE } from '../course/due-date.js';
import type { Terminal } from './terminal.js';

export function addImportClassroom(
  importCommand: Command,
  terminal: Terminal,
  setExitCode: (code: number) => void,
): void {
  importCommand
    .command('classroom')
    .description(
      'convert a GitHub Classroom autograding.json or classroom.yml; tests score exactly as in Classroom',
    )
    .argument(
      '<file>',
      'the Classroom file: .github/classroom/autograding.json or .github/workflows/classroom.yml',
    )
    .option('--image <image>', `the grading image (default: ${DEFAULT_IMAGE}, with a warning)`)
    .option(
      '--assignment <id>',
      'the assignment id (default: the repository folder holding .github, else assignment)',
    )
    .option('--repos <pattern>', "the students' repository names, like hw1-* (default: <assignment>-*)")
    .option('--course <name>', 'the course name (default: the assignment id)')
    .option(
      '--due <date>',
      `the due date, like "${DUE_DATE_EXAMPLE}" in the course time zone (default: none, with a warning)`,
    )
    .option('--out <dir>', 'write a course folder here, new or empty (default: the course file on stdout)')
    .action(async (file: string, options: ImportFlags & { out?: string }) => {
      setExitCode(await runImportClassroom(file, options, terminal));
    });
}

export async function runImportClassroom(
  file: string,
  options: ImportFlags & { out?: string },
  terminal: Terminal,
): Promise<number> {
  const resolved = resolveImportOptions(file, options);
  if (options.out !== undefined) await checkOutFolder(options.out);
  terminal.progress(`converting ${file}`);
  let result;
  try {
    result = await importClassroom(file, resolved, resolved.image === undefined ? await catalogTags() : []);
  } catch (error) {
    if (!(error instanceof AutogradingFileError)) throw error;
    terminal.done();
    for (const problem of error.problems) terminal.err(`gradebot: ${problem}`);
    return 1;
  }
  terminal.done();
  for (const warning of result.warnings) terminal.err(`warning: ${warning}`);
  if (options.out === undefined) {
    terminal.out(result.courseText);
    return 0;
  }
  const out = options.out;
  await writeCourseFolder(out, result.files);
  const written = result.files.map((entry) => path.join(out, entry.path)).join(' and ');
  const points = Math.round(result.points * 1e6) / 1e6;
  const folder = /^[\w./@:-]+$/.test(out) ? out : shellQuote(out);
  terminal.out(
    `wrote ${written} (tests: ${result.testCount}, points: ${points}); check it with: gradebot validate ${folder}`,
  );
  return 0;
}

/** The tags of the images in runner-images/, to suggest; none when the catalog cannot be read. */
async function catalogTags(): Promise<string[]> {
  try {
    return (await loadCatalog()).flatMap((image) => image.tags);
  } catch (error) {
    if (error instanceof CatalogError) return [];
    throw error;
  }
}
