/**
 * The `gradebot` command line. Each command lives in its own module; this file only wires them, and
 * loads a command's module only when it runs, so a quick command (a health check) stays quick.
 * Exit status: 0 when the command did its job (a low score is not an error), non-zero otherwise,
 * with a one-line reason on stderr.
 */
import { Command, CommanderError } from 'commander';
import { DEFAULTS } from '../config/defaults.js';
import { VERSION } from '../version.js';
import { EXPORT_FORMATS } from './export-formats.js';
import { addImportCommand } from './import-command.js';
import { createTerminal } from './terminal.js';

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
    .option(
      '--submitted-at <time>',
      "submission time for the late policy, in the course's time zone unless it has an offset (default: now)",
    )
    .action(async (dir: string, options) => {
      const { runGrade } = await import('./grade-command.js');
      exitCode = await runGrade(dir, options, terminal);
    });

  program
    .command('validate')
    .description('check the course file and every file it references')
    .argument('<course-dir>', 'the course folder (holds gradebot.yml)')
    .action(async (dir: string) => {
      const { runValidate } = await import('./validate-command.js');
      exitCode = await runValidate(dir, terminal);
    });

  const redisOption = ['--redis <url>', `Redis URL (default: REDIS_URL, else ${DEFAULTS.redisUrl})`] as const;
  const prefixOption = [
    '--prefix <prefix>',
    `key prefix in Redis, one per deployment (default: ${DEFAULTS.prefix})`,
  ] as const;

  const runner = DEFAULTS.runner;
  program
    .command('runner')
    .description('a runner daemon: takes grading jobs from Redis until SIGTERM drains it')
    .option('--queues <list>', 'queues to serve, most urgent first', runner.queues.join(','))
    .option('--concurrency <n>', 'jobs at once', String(runner.concurrency))
    .option('--per-student <n>', "one student's jobs at once, across all runners", String(runner.perStudent))
    .option(
      '--drain-timeout <seconds>',
      'on SIGTERM, how long running jobs may finish',
      String(runner.drainSeconds),
    )
    .option(
      '--lock-duration <seconds>',
      'silence after which a job goes to another runner',
      String(runner.lockSeconds),
    )
    .option(
      '--sweep-interval <seconds>',
      'how often containers of dead runners are removed',
      String(runner.sweepSeconds),
    )
    .option('--no-prestart', "do not start each slot's next sandbox ahead of its job")
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics at /metrics on this port (0: a random one; default GRADEBOT_METRICS_PORT, else off)',
    )
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runRunner } = await import('./runner-command.js');
      exitCode = await runRunner(options, terminal);
    });

  program
    .command('serve')
    .description(
      'the GitHub App: webhooks, check runs and comments (settings from APP_ID, PRIVATE_KEY or ' +
        'PRIVATE_KEY_PATH, WEBHOOK_SECRET, GRADEBOT_RUNNER_SECRET, GHE_HOST/GHE_PROTOCOL, PORT)',
    )
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runServe } = await import('./serve-command.js');
      exitCode = await runServe(options, terminal);
    });

  program
    .command('submit')
    .description('grade a local folder through the live queue and the running runners')
    .argument('<submission-dir>', "the student's files")
    .requiredOption('--course <dir>', 'the course folder (holds gradebot.yml)')
    .requiredOption('--assignment <id>', 'the assignment to grade')
    .option('--wait', 'wait for the result and print it')
    .option('--json', 'with --wait: print the results JSON')
    .option('--student <name>', "the student's name (default: the folder's name)")
    .option(
      '--submitted-at <time>',
      "submission time for the late policy and the submission limit, in the course's time zone unless it has an offset (default: now)",
    )
    .option('--timeout <seconds>', 'with --wait: how long to wait', '1800')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (dir: string, options) => {
      const { runSubmit } = await import('./submit-command.js');
      exitCode = await runSubmit(dir, options, terminal);
    });

  program
    .command('status')
    .description('who is waiting and for how long, what runs where, and each runner’s slots')
    .option('--json', 'as JSON')
    .option('--watch', 'redraw every 2 s on a terminal until interrupted')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runStatus } = await import('./status-command.js');
      exitCode = await runStatus(options, terminal);
    });

  program
    .command('regrade')
    .description("regrade every student's latest submission of an assignment, in the regrade queue")
    .requiredOption('--org <org>', 'the organisation (local for gradebot submit)')
    .requiredOption('--assignment <id>', 'the assignment to regrade')
    .option(
      '--course <dir>',
      'grade with this course folder (default: the course in force, as the bot published it)',
    )
    .option('--no-wait', 'queue the jobs and return, without following them')
    .option('--json', 'print the summary as JSON')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runRegrade } = await import('./regrade-command.js');
      exitCode = await runRegrade(options, terminal);
    });

  program
    .command('reconcile')
    .description('grade every student repository whose head has no job (pushes whose webhook was missed)')
    .requiredOption('--org <org>', 'the organisation')
    .option('--timeout <seconds>', "how long to wait for the bot's answer", '120')
    .option('--json', 'print the counts as JSON')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runReconcile } = await import('./reconcile-command.js');
      exitCode = await runReconcile(options, terminal);
    });

  program
    .command('export')
    .description('the gradebook of an assignment: a row per student')
    .requiredOption('--org <org>', 'the organisation (local for gradebot submit)')
    .requiredOption('--assignment <id>', 'the assignment')
    .option(
      '--format <format>',
      `${EXPORT_FORMATS.join(', ')} (default: table on a terminal, csv when written to a file or pipe)`,
    )
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runExport } = await import('./export-command.js');
      exitCode = await runExport(options, terminal);
    });

  program
    .command('show')
    .description(
      "staff's view of submissions: a student's every submission in full, or each student's latest",
    )
    .requiredOption('--org <org>', 'the organisation (local for gradebot submit)')
    .requiredOption('--assignment <id>', 'the assignment')
    .option(
      '--student <login>',
      "every submission of this student, oldest first (default: each student's latest)",
    )
    .option('--json', 'as JSON')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runShow } = await import('./show-command.js');
      exitCode = await runShow(options, terminal);
    });

  program
    .command('health')
    .description(
      "a container health check: the bot's /healthz, or with --runner this container's runner heartbeat",
    )
    .option('--url <url>', "the bot's health URL (default: http://127.0.0.1:$PORT/healthz, PORT 3000)")
    .option('--runner', 'check that a runner daemon of this container is alive (its heartbeat in Redis)')
    .option('--timeout <seconds>', 'how long the check may take', '5')
    .option(...redisOption)
    .option(...prefixOption)
    .action(async (options) => {
      const { runHealth } = await import('./health-command.js');
      exitCode = await runHealth(options, terminal);
    });

  const images = program
    .command('images')
    .description("grading images in runner-images/, or in a course folder's images/");
  images
    .command('build')
    .description('build grading images, offline where no registry answers')
    .argument('[name...]', 'images to build (default: all)')
    .option('--course <dir>', "build this course folder's images/ (default: runner-images/)")
    .action(async (names: string[], options) => {
      const { runImagesBuild } = await import('./images-command.js');
      exitCode = await runImagesBuild(names, options, terminal);
    });

  addImportCommand(program, terminal, (code) => {
    exitCode = code;
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
