/**
 * `gradebot import <kind>`: turns another autograder's configuration into a gradebot course. Each
 * kind lives in its own module.
 */
import type { Command } from 'commander';
import { addImportClassroom } from './import-classroom-command.js';
import { addImportGradescope } from './import-gradescope-command.js';
import type { Terminal } from './terminal.js';

export function addImportCommand(
  program: Command,
  terminal: Terminal,
  setExitCode: (code: number) => void,
): Command {
  const importCommand = program
    .command('import')
    .description("turn another autograder's configuration into a gradebot course");
  addImportClassroom(importCommand, terminal, setExitCode);
  addImportGradescope(importCommand, terminal, setExitCode);
  return importCommand;
}
