/**
 * What a fake sandbox (fake-sandbox.ts) gives back, made by the real code: a scripted run becomes an
 * ExecResult through the bounded output capture, and scripted results files come out through the
 * real results reader, with its bounds and refusals (UnsafeResultsError).
 */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { ExecResult } from '../../src/exec/exec-result.js';
import { OutputCapture } from '../../src/exec/output-capture.js';
import { readResultsTar } from '../../src/runner/sandbox/results-reader.js';
import type { ExecOptions } from '../../src/runner/sandbox/sandbox.js';

/** What one command did. Defaults: exit status 0, no output, not timed out, no time taken. */
export interface ScriptedRun {
  /** Ignored when `timedOut`: a command killed for its timeout has no exit status. */
  exitCode?: number;
  stdout?: string | Buffer;
  stderr?: string | Buffer;
  timedOut?: boolean;
  /** Default 0, or the command's whole `timeoutMs` when it timed out. */
  durationMs?: number;
}

/** A file of the results folder, or a symbolic link the student planted there (always refused). */
export type ResultEntry = string | Buffer | { symlink: string };

/** An ExecResult as the real sandbox makes one: each stream through the bounded capture. */
export function execResult(
  run: ScriptedRun,
  options: Pick<ExecOptions, 'outputLimitBytes' | 'timeoutMs'>,
): ExecResult {
  const capture = (text: string | Buffer | undefined) => {
    const output = new OutputCapture(options.outputLimitBytes);
    if (text !== undefined) output.push(Buffer.from(text));
    return output.result();
  };
  const timedOut = run.timedOut ?? false;
  return {
    exitCode: timedOut ? null : (run.exitCode ?? 0),
    stdout: capture(run.stdout),
    stderr: capture(run.stderr),
    timedOut,
    durationMs: run.durationMs ?? (timedOut ? options.timeoutMs : 0),
  };
}

/**
 * What the real copy-out returns for a results folder holding `results`: the tar it makes (the
 * named entries that exist, each alone, nothing else), read by the real results reader.
 */
export async function copyOutScripted(
  results: Record<string, ResultEntry>,
  names: readonly string[],
  maxBytes: number,
): Promise<Map<string, Buffer>> {
  const pack = tar.pack();
  for (const name of names) {
    const entry = results[name];
    if (entry === undefined) continue;
    if (typeof entry === 'object' && 'symlink' in entry) {
      pack.entry({ name, type: 'symlink', linkname: entry.symlink });
    } else {
      pack.entry({ name }, Buffer.from(entry));
    }
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return readResultsTar(Readable.from([Buffer.concat(chunks)]), maxBytes);
}
