/** What `DockerSandbox.run` is asked to do: one process in the container, waited for with a bound. */
import type { Readable, Writable } from 'node:stream';
import type { ExecResult } from '../sandbox.js';

export interface RunRequest {
  cmd: string[];
  user: string;
  cwd?: string;
  stdin?: Buffer | Readable;
  timeoutMs: number;
  outputLimitBytes: number;
  /** Takes stdout instead of the capture (raw bytes, such as a tar). */
  stdoutSink?: Writable;
}

/** How an internal step's process failed, never empty: its status, then what it said. */
export function failure(result: ExecResult): string {
  const status = result.timedOut
    ? 'it did not finish in time'
    : `exit status ${result.exitCode ?? 'unknown'}`;
  const said = result.stderr.head.toString('utf8').trim();
  return said ? `${status}: ${said}` : `${status}, nothing on stderr`;
}
