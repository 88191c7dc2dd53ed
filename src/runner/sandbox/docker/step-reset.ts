/**
 * Keeps one test of a job from seeing another. A hidden test's input must not reach a later visible
 * test through a process left running, a file in scratch space or a change to the submission, so
 * after the build the submission folder is saved (as a tar in a host temp file, outside the
 * student's reach) and before each test it is restored and the scratch places emptied. Killing the
 * sandbox user's processes is the caller's: it owns the kill's retries.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_SUBMISSION_ENTRIES, tooManyEntries } from '../../../archive/entry-limit.js';
import { PATHS, type ExecResult } from '../sandbox.js';
import { SandboxInfrastructureError, SubmissionTooLargeError } from '../sandbox-errors.js';
import { failure, type RunRequest } from './run-request.js';

/** Runs a step as the sandbox user. */
type Run = (step: Omit<RunRequest, 'user'>) => Promise<ExecResult>;

/** Where student code can write besides the submission (HOME is /tmp). */
const SCRATCH = [PATHS.tmp, '/dev/shm', '/dev/mqueue', PATHS.results];
/** Tar headers and padding on top of the folder's own bytes. */
const TAR_OVERHEAD_BYTES = 16 * 1024 * 1024;
const STEP_TIMEOUT_MS = 120_000;

/** The save script's status when the build left more than MAX_SUBMISSION_ENTRIES entries. */
const TOO_MANY_STATUS = 3;
/** The save script's status when the files' sizes add up past the bound ($2); the sum is on stderr. */
const TOO_BIG_STATUS = 4;
// Everything the sandbox user owns becomes readable and removable first: a student's chmod 000
// must neither hide a file from the save (or from the count) nor keep it through a reset. The
// count and the sizes come before tar: tar would otherwise spend minutes on a build's 400,000 empty
// files, or stream a sparse file of 100 GiB (no space on the disk) until it is stopped, which on a
// busy engine outlasts the job. `du -sb` (GNU) adds the sizes files claim without reading them; an
// image without it leaves the bound to the stream.
const SAVE = [
  'cd "$1" && chmod -R u+rwX . || exit 1;',
  `[ "$(find . -mindepth 1 | head -n ${MAX_SUBMISSION_ENTRIES + 1} | wc -l)" -le ${MAX_SUBMISSION_ENTRIES} ]`,
  `|| exit ${TOO_MANY_STATUS};`,
  'size=$(du -sb . 2>/dev/null | cut -f1);',
  `case "$size" in ''|*[!0-9]*) ;; *) [ "$size" -le "$2" ] || { echo "$size" >&2; exit ${TOO_BIG_STATUS}; } ;; esac;`,
  'exec tar -c -f - .',
].join(' ');
const RESET = [
  'for place in "$@"; do [ -d "$place" ] || continue; chmod -R u+rwX "$place" 2>/dev/null;',
  'find "$place" -mindepth 1 -delete || exit 1; done;',
  // System V IPC objects outlive their processes; -a removes every one this user may remove.
  'if command -v ipcrm >/dev/null; then ipcrm -a 2>/dev/null; fi; exit 0',
].join(' ');
const RESTORE = 'cd "$1" && exec tar -x -f - --no-same-owner';

export class SavedSubmission {
  private constructor(
    private readonly dir: string,
    private readonly file: string,
  ) {}

  /**
   * Saves the submission folder as it is now; nothing of the sandbox user may be running. `stop`
   * kills the sandbox user's processes: tar, once the folder proves too large (a sparse file of
   * 100 GiB would keep it reading zeros until its time limit).
   */
  static async save(run: Run, maxBytes: number, stop: () => Promise<void>): Promise<SavedSubmission> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-saved-'));
    const saved = new SavedSubmission(dir, path.join(dir, 'submission.tar'));
    try {
      await saved.write(run, maxBytes + TAR_OVERHEAD_BYTES, stop);
      return saved;
    } catch (error) {
      await saved.discard();
      throw error;
    }
  }

  /** Empties the scratch places and puts the saved submission back; nothing may be running. */
  async restore(run: Run): Promise<void> {
    const wipe = await run(step(['sh', '-c', RESET, 'sh', ...SCRATCH, PATHS.submission]));
    check(wipe, 'emptying the scratch space between tests');
    const put = await run({
      ...step(['sh', '-c', RESTORE, 'sh', PATHS.submission]),
      stdin: createReadStream(this.file),
    });
    check(put, 'restoring the submission between tests');
  }

  discard(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }

  private async write(run: Run, maxBytes: number, stop: () => Promise<void>): Promise<void> {
    let total = 0;
    let over = false;
    let stopping: Promise<void> = Promise.resolve();
    const bound = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        total += chunk.length;
        if (total > maxBytes && !over) {
          over = true;
          stopping = stop();
        }
        // Past the bound the rest is drained, so tar is never stuck on a full pipe.
        callback(null, over ? undefined : chunk);
      },
    });
    const writing = pipeline(bound, createWriteStream(this.file));
    const result = await run({
      ...step(['sh', '-c', SAVE, 'sh', PATHS.submission, String(maxBytes)]),
      stdoutSink: bound,
    });
    bound.end();
    await writing;
    await stopping;
    if (result.exitCode === TOO_MANY_STATUS)
      throw new SubmissionTooLargeError(
        `the submission after the build ${tooManyEntries(MAX_SUBMISSION_ENTRIES)}`,
      );
    if (result.exitCode === TOO_BIG_STATUS) {
      const claimed = Number(result.stderr.head.toString('utf8').trim());
      throw new SubmissionTooLargeError(
        `the submission after the build is larger than ${maxBytes} bytes: its files claim ${claimed} bytes`,
      );
    }
    if (over)
      throw new SubmissionTooLargeError(
        `the submission after the build is larger than ${maxBytes} bytes as a tar`,
      );
    check(result, 'saving the submission after the build');
  }
}

function step(cmd: string[]): Omit<RunRequest, 'user'> {
  return { cmd, timeoutMs: STEP_TIMEOUT_MS, outputLimitBytes: 64 * 1024 };
}

function check(result: ExecResult, what: string): void {
  if (result.exitCode !== 0 || result.timedOut)
    throw new SandboxInfrastructureError(`${what} failed (${failure(result)})`);
}
