/** Runs the CLI from source (`tsx src/cli/run.ts …`), as bin/gradebot.js runs the compiled one. */
import { main } from './main.js';

process.exitCode = await main(process.argv);
