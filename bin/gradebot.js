#!/usr/bin/env node
// The installed entry point runs the compiled CLI (`npm run build` writes dist/).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gradebot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
