/** Runs the CLI from source (`tsx src/cli/run.ts …`), as bin/gradebot.js runs the compiled one. */
import { main } from './main.js';

// A reader that stops early (`gradebot export | head`) is not an error: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
