/**
 * Grades every sample of examples/ with `gradebot grade --json` at its recorded submission time,
 * prints each result as `gradebot grade` would, and checks its score against the expected one
 * (scripts/example-samples.ts). Exits 1 after grading the rest, naming every sample that did not get
 * its expected score or could not be graded. Run by scripts/grade-examples.sh once the machine is set up.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderResults } from '../src/cli/render-results.js';
import type { GradingResult } from '../src/results/results.js';
import {
  CLASSROOM_ASSIGNMENT,
  CLASSROOM_FILE,
  EXAMPLES,
  EXAMPLE_COURSE,
  exampleSamples,
  type ExampleSample,
} from './example-samples.js';

const GRADEBOT = path.join(EXAMPLES, '..', 'bin', 'gradebot.js');

/** The installed CLI; its stderr goes straight to ours. Resolves to its stdout, or why it failed. */
function gradebot(args: string[]): Promise<{ stdout: string } | { failure: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GRADEBOT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) => resolve({ failure: `gradebot did not start: ${error.message}` }));
    child.on('close', (code, signal) =>
      resolve(code === 0 ? { stdout } : { failure: `gradebot ${args[0]} exited with ${code ?? signal}` }),
    );
  });
}

/** Grades one sample and prints it; returns what is wrong with its score, or null. */
async function check(sample: ExampleSample, course: string, label: string): Promise<string | null> {
  const name = `${sample.assignment} / ${sample.sample}`;
  console.log(`\n== ${name}${label}, submitted ${sample.submittedAt} (expected score: ${sample.score}) ==`);
  const graded = await gradebot([
    ...['grade', sample.dir, '--course', course, '--assignment', sample.assignment],
    ...['--submitted-at', sample.submittedAt, '--json'],
  ]);
  if ('failure' in graded) return `${name}${label}: ${graded.failure}`;
  const result = JSON.parse(graded.stdout) as GradingResult;
  process.stdout.write(renderResults(result));
  if (result.status !== 'graded')
    return `${name}${label}: ${result.status}, expected a score of ${sample.score}`;
  if (result.score !== sample.score)
    return `${name}${label}: scored ${result.score}, expected ${sample.score}`;
  return null;
}

async function main(): Promise<number> {
  const samples = await exampleSamples();
  const problems: string[] = [];
  const note = (problem: string | null) => {
    if (problem === null) return;
    console.error(`grade-examples: ${problem}`);
    problems.push(problem);
  };
  for (const sample of samples.onTime) note(await check(sample, EXAMPLE_COURSE, ''));
  note(await check(samples.late, EXAMPLE_COURSE, ' (late)'));

  // A GitHub Classroom autograding file, imported into a course folder and graded the same way.
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-examples-'));
  try {
    const course = path.join(tmp, 'course');
    const relative = path.relative(process.cwd(), CLASSROOM_FILE);
    console.log(`\n== GitHub Classroom: gradebot import classroom ${relative} ==`);
    const imported = await gradebot([
      ...['import', 'classroom', CLASSROOM_FILE, '--assignment', CLASSROOM_ASSIGNMENT],
      ...['--image', 'gradebot/python:3', '--out', course],
    ]);
    if ('failure' in imported) note(`importing ${relative}: ${imported.failure}`);
    else for (const sample of samples.classroom) note(await check(sample, course, ' (classroom)'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const total = samples.onTime.length + 1 + samples.classroom.length;
  if (problems.length === 0) {
    console.log(`\ngrade-examples: all ${total} samples got their expected scores`);
    return 0;
  }
  console.error('\ngrade-examples: failed:');
  for (const problem of problems) console.error(`  ${problem}`);
  return 1;
}

process.exitCode = await main();
