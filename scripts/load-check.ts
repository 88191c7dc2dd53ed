/**
 * The load check of issue 13: on a busy machine no grading may end in an infrastructure error, and
 * no score may change. Each round runs, at once, two CPU hogs (stress-ng), the Docker-backed tests,
 * and three `gradebot grade` processes grading the example course's samples over and over until the
 * tests end. Every grading must exit 0 with status `graded` and its expected score. Before the
 * rounds, the same gradings run one at a time on the idle machine, for comparison.
 *
 *   npx tsx scripts/load-check.ts [--rounds 3] [--tests "test/runner test/adversarial"]
 *
 * Prints the machine, each failure with its sample and reason, and per phase the number of
 * gradings, errors, and the median and p95 time per grading. Exits 1 on any failure.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { describeMachine, median, percentile } from '../bench/stats.js';
import { grade, run, samples, type Grading, type Sample } from './grade-sample.js';

const GRADERS = 3;
const HOGS = 2;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    tests: { type: 'string', default: 'test/runner test/adversarial' },
  },
});
const rounds = Number(values.rounds);
const testFiles = values.tests.split(/\s+/).filter(Boolean);

/** `graders` loops grading the samples round-robin until `until` settles. */
async function gradeWhile(all: Sample[], graders: number, until: Promise<unknown>): Promise<Grading[]> {
  let done = false;
  void until.finally(() => (done = true));
  const gradings: Grading[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: graders }, async () => {
      while (!done) gradings.push(await grade(all[next++ % all.length]!));
    }),
  );
  return gradings;
}

/**
 * What a failed test run printed about its failures: the failing tests from stdout, then vitest's
 * error section (which it writes to stderr: messages, stacks and unhandled errors), bounded.
 */
function failureReport(suite: { stdout: string; stderr: string }): string {
  const failing = suite.stdout.split('\n').filter((l) => /×|FAIL|Error/.test(l));
  const errors = suite.stderr.split('\n').filter((l) => l.trim() !== '');
  const shown = errors.slice(0, 200);
  if (errors.length > shown.length) shown.push(`… ${errors.length - shown.length} more lines on stderr`);
  return [...failing, ...shown.map((l) => `    ${l}`)].join('\n');
}

function summary(label: string, gradings: Grading[]): string {
  const times = gradings.map((g) => g.ms);
  const errors = gradings.filter((g) => g.failure).length;
  return (
    `${label}: ${gradings.length} gradings, ${errors} errors, ` +
    `median ${(median(times) / 1000).toFixed(2)} s, p95 ${(percentile(times, 95) / 1000).toFixed(2)} s per grading`
  );
}

function report(gradings: Grading[]): void {
  for (const g of gradings.filter((g) => g.failure)) {
    console.log(
      `  FAILED ${g.sample.assignment}/${g.sample.name} after ${(g.ms / 1000).toFixed(1)} s: ${g.failure}`,
    );
  }
}

async function main(): Promise<number> {
  console.log(await describeMachine());
  const all = await samples();
  console.log(`samples: ${all.map((s) => `${s.assignment}/${s.name}`).join(', ')}`);

  const idle: Grading[] = [];
  for (const sample of [...all, ...all]) idle.push(await grade(sample));
  console.log(summary('idle, one at a time', idle));
  report(idle);

  let failed = idle.some((g) => g.failure);
  const loaded: Grading[] = [];
  for (let round = 1; round <= rounds; round++) {
    const hogs = spawn('stress-ng', ['--cpu', String(HOGS), '--timeout', '0', '--quiet'], {
      stdio: 'ignore',
    });
    const tests = run('npx', ['vitest', 'run', ...testFiles]);
    const gradings = await gradeWhile(all, GRADERS, tests);
    const suite = await tests;
    hogs.kill('SIGTERM');
    await new Promise((resolve) => hogs.once('exit', resolve));
    loaded.push(...gradings);
    console.log(summary(`round ${round}: ${HOGS} CPU hogs + tests + ${GRADERS} graders`, gradings));
    report(gradings);
    const counts = suite.stdout.match(/Tests\s+.*\(\d+\)/)?.[0] ?? '';
    console.log(`  tests (${testFiles.join(' ')}): exit ${suite.code}, ${counts}`);
    if (suite.code !== 0) {
      console.log(failureReport(suite));
      failed = true;
    }
    failed ||= gradings.some((g) => g.failure);
  }
  console.log(summary('all rounds under load', loaded));
  console.log(failed ? 'load-check: FAILED' : 'load-check: passed');
  return failed ? 1 : 0;
}

process.exitCode = await main();
