/** Runs a program as an operator would type it, with files as its stdin and stdout if given. */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';

export interface CommandIo {
  /** A file to read stdin from (none: no stdin). */
  stdin?: string;
  /** A file to write stdout to (none: collected in `stdout`). */
  stdout?: string;
  env?: Record<string, string>;
  cwd?: string;
}

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCommand(command: string, args: string[], io: CommandIo = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...io.env },
      ...(io.cwd ? { cwd: io.cwd } : {}),
      stdio: [io.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (io.stdin) createReadStream(io.stdin).pipe(child.stdin!);
    let stdout = '';
    if (io.stdout) child.stdout!.pipe(createWriteStream(io.stdout));
    else child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
