/** Runs the gradebot CLI from source in its own process, as a person would, and collects what it says. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { REPO_ROOT } from './grading.js';

const exec = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function gradebot(...args: string[]): Promise<CliRun> {
  return gradebotWithEnv(process.env, ...args);
}

/** The CLI with exactly this environment (for the settings `gradebot serve` reads from it). */
export async function gradebotWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  const argv = ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/run.ts'), ...args];
  try {
    const { stdout, stderr } = await exec(process.execPath, argv, {
      cwd: REPO_ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `gradebot grade <submission> --course <course> --assignment <id> --json`, which must succeed quietly. */
export async function gradeJson(
  submission: string,
  course: string,
  assignment: string,
): Promise<GradingResult> {
  const { code, stdout, stderr } = await gradebot(
    'grade',
    submission,
    '--course',
    course,
    '--assignment',
    assignment,
    '--json',
  );
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as GradingResult;
}
