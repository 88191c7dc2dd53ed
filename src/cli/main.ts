/**
 * The `gradebot` command line. Each command lives in its own module; this file only wires them.
 * Exit status: 0 when the command did its job (a low score is not an error), non-zero otherwise,
 * with a one-line reason on stderr.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { runGrade } from './grade-command.js';
import { runImagesBuild } from './images-command.js';
import { createTerminal } from './terminal.js';
import { runValidate } from './validate-command.js';

export async function main(argv: string[]): Promise<number> {
  const terminal = createTerminal();
  let exitCode = 0;
  const program = new Command('gradebot')
    .version(VERSION)
    .description('Grades student submissions in single-use, hardened containers.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => terminal.err(text.trimEnd()) });

  program
    .command('grade')
    .description('grade a local folder exactly as the service would, in a container')
    .argument('<submission-dir>', "the student's files")
    .requiredOption('--course <dir>', 'the course folder (holds gradebot.yml)')
    .requiredOption('--assignment <id>', 'the assignment to grade')
    .option('--json', 'print the results JSON instead of a table')
    .option('--student <name>', "the student's name in the results (default: the folder's name)")
    .option('--submitted-at <time>', 'submission time for the late policy, ISO 8601 (default: now)')
    .action(async (dir: string, options) => {
      exitCode = await runGrade(dir, options, terminal);
    });

  program
    .command('validate')
    .description('check the course file and every file it references')
    .argument('<course-dir>', 'the course folder (holds gradebot.yml)')
    .action(async (dir: string) => {
      exitCode = await runValidate(dir, terminal);
    });

  const images = program.command('images').description('grading images in runner-images/');
  images
    .command('build')
    .description('build grading images, offline where no registry answers')
    .argument('[name...]', 'images to build (default: all)')
    .action(async (names: string[]) => {
      exitCode = await runImagesBuild(names, terminal);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    terminal.done();
    terminal.err(`gradebot: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return exitCode;
}
