/**
 * Grading one example sample as a person would (`gradebot grade … --json` in its own process), timed,
 * and checked against the score it must get: the unit of the load check and of the capacity bench.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradingResult } from '../src/results/results.js';
import { exampleSamples } from './example-samples.js';

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const COURSE = path.join(ROOT, 'examples/course');

export interface Sample {
  assignment: string;
  name: string;
  expected: number;
  /** On time, whatever today's date (examples/expected-scores.json). */
  submittedAt: string;
}

export interface Grading {
  sample: Sample;
  ms: number;
  /** Why it is not what it should be; null when it is. */
  failure: string | null;
}

/** The example course's samples, each with the score an on-time grading gives it. */
export async function samples(): Promise<Sample[]> {
  return (await exampleSamples()).onTime.map(({ assignment, sample, score, submittedAt }) => ({
    assignment,
    name: sample,
    expected: score,
    submittedAt,
  }));
}

export function run(
  command: string,
  args: string[],
  quiet = true,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

export async function grade(sample: Sample): Promise<Grading> {
  const started = process.hrtime.bigint();
  const { code, stdout, stderr } = await run(process.execPath, [
    'bin/gradebot.js',
    'grade',
    `examples/submissions/${sample.assignment}/${sample.name}`,
    '--course',
    COURSE,
    '--assignment',
    sample.assignment,
    '--submitted-at',
    sample.submittedAt,
    '--json',
  ]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) return { sample, ms, failure: `exit ${code}: ${stderr.trim() || '(nothing on stderr)'}` };
  const result = JSON.parse(stdout) as GradingResult;
  if (result.status !== 'graded') {
    const why = [result.output, result.staff_output].filter(Boolean).join(' | ');
    return { sample, ms, failure: `status ${result.status}: ${why || '(no reason given)'}` };
  }
  if (result.score !== sample.expected) {
    const tests = result.tests
      .map((t) => `${t.name}: ${t.status} ${t.score}/${t.max_score} in ${t.duration_ms} ms`)
      .join('; ');
    return { sample, ms, failure: `score ${result.score}, expected ${sample.expected} (${tests})` };
  }
  return { sample, ms, failure: null };
}
