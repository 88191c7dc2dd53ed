/**
 * What running one command gives back, in terms that scoring, grading and the sandbox adapters all
 * share; it lives here, below `runner/`, so that `scoring/` need not import the runner.
 */

/** A bounded capture of one output stream (`output-capture.ts` makes it). */
export interface CapturedOutput {
  /** The first bytes written; everything when nothing was elided. */
  head: Buffer;
  /** The last bytes written; empty when nothing was elided. */
  tail: Buffer;
  /** Every byte written, kept or not. */
  totalBytes: number;
}

export interface ExecResult {
  /** Null when the command was killed for its timeout or never finished. */
  exitCode: number | null;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  timedOut: boolean;
  durationMs: number;
}
