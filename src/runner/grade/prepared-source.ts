/**
 * What an image's build left in /autograder/source, put back for the grader. Gradescope graders run
 * where their setup.sh ran, and some leave files there (a compiled harness, a data set, a
 * virtualenv); the sandbox mounts a fresh /autograder, so an image keeps its prepared tree at
 * `PATHS.preparedAutograder` instead (docs/images.md, "Course images"). Before the grader runs,
 * the files of its `source/` are added to /autograder/source, never replacing one already there:
 * the assignment folder wins, so an edit to it takes effect without rebuilding the image.
 */
import { formatDuration } from '../../text/format-duration.js';
import { shellQuote } from '../../text/shell-quote.js';
import { capturedText } from '../../exec/output-capture.js';
import { PATHS, type Sandbox } from '../sandbox/sandbox.js';
import type { JobClock } from './job-clock.js';

/** A copy within the container, from the image into tmpfs: seconds even for a large data set. */
const COPY_LIMIT_MS = 60_000;
const OUTPUT_LIMIT_BYTES = 16 * 1024;

export interface PreparedSourceFailure {
  output: string;
  staffOutput: string;
}

/**
 * Adds the image's prepared source files, if it has any, to /autograder/source. Returns why that
 * failed (a full disk, an unreadable file, a file where the assignment folder has a folder), or
 * null. Runs as the sandbox user, so it can write no more than the tmpfs's `limits.disk`.
 */
export async function addPreparedSource(
  sandbox: Sandbox,
  clock: JobClock,
): Promise<PreparedSourceFailure | null> {
  const from = `${PATHS.preparedAutograder}/source`;
  // tar, not `cp -n`, whose exit status on a skipped file changed between coreutils releases:
  // --skip-old-files keeps every file already there and says nothing; -p keeps execute bits.
  const command =
    `if [ -d ${shellQuote(from)} ]; then cd ${shellQuote(from)} && ` +
    `tar -cf - . | tar -C ${shellQuote(PATHS.source)} -xpf - --skip-old-files --no-same-owner; fi`;
  const { timeoutMs } = clock.budget(COPY_LIMIT_MS);
  const run = await sandbox.exec({
    command,
    cwd: PATHS.root,
    timeoutMs,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
  });
  if (run.exitCode === 0 && !run.timedOut) return null;
  const reason = run.timedOut
    ? `it did not finish within ${formatDuration(timeoutMs)}`
    : `copying exited with status ${run.exitCode ?? 'unknown'}`;
  return {
    output:
      `The files the grading image prepared in ${from} could not be added to ${PATHS.source} ` +
      `(${reason}); rebuild the image, or make room with a larger limits.disk.`,
    staffOutput: capturedText(run.stderr),
  };
}
