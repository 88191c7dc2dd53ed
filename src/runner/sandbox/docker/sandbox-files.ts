/**
 * Files into and out of a sandbox, through `tar` run inside the container (docker cp cannot reach
 * tmpfs mounts on engine 20.10): a folder or archive into the submission or source area, one file
 * into /autograder, and the named results out, read with bounds as they stream.
 */
import { PassThrough, Readable } from 'node:stream';
import { MAX_SUBMISSION_ENTRIES, tooManyEntries } from '../../../archive/entry-limit.js';
import { FolderTooLargeError, packFolder } from '../../../archive/tar-pack.js';
import { formatBytes } from '../../../text/format-bytes.js';
import { readResultsTar, UnsafeResultsError } from '../results-reader.js';
import { PATHS, type Area, type ExecResult } from '../sandbox.js';
import { errorMessage, SandboxInfrastructureError, SubmissionTooLargeError } from '../sandbox-errors.js';
import { failure, type RunRequest } from './run-request.js';

/** Runs a step as the user the caller chose. */
type Run = (step: Omit<RunRequest, 'user'>) => Promise<ExecResult>;

const OUTPUT_LIMIT_BYTES = 64 * 1024;
/** The copy-out script's status when what the student left cannot be read (see COPY_OUT). */
const UNREADABLE_STATUS = 3;
/**
 * Only the named entries, never what else the student left there (a million files with long
 * names, a fifo): tar takes the list on stdin from the shell, one name a line. Permissions the
 * student took away (a results folder or file of mode 000) are found before tar starts, so they
 * end as the student's error rather than as tar failing.
 */
const COPY_OUT = [
  `cd "$1" 2>/dev/null || { echo 'the results folder cannot be entered (its permissions were changed)' >&2; exit ${UNREADABLE_STATUS}; };`,
  'shift; for name in "$@"; do',
  'if [ -e "$name" ] && ! [ -L "$name" ] && ! [ -r "$name" ]; then',
  `printf '%s cannot be read (its permissions were changed)\\n' "$name" >&2; exit ${UNREADABLE_STATUS}; fi; done;`,
  'for name in "$@"; do',
  'if [ -e "$name" ] || [ -L "$name" ]; then printf \'%s\\n\' "$name"; fi; done |',
  'exec tar -c -f - --no-recursion --verbatim-files-from -T -',
].join(' ');

export interface AreaCopy {
  area: Area;
  /** A folder on the host, packed with bounds as it streams, or a tar archive already made. */
  from: string | Buffer;
  exclude?: ReadonlySet<string>;
  /** The area's writable space: more than this is the submission's fault. */
  diskBytes: number;
}

export async function copyAreaIn(run: Run, copy: AreaCopy): Promise<void> {
  const { area, from, diskBytes } = copy;
  const target = area === 'submission' ? PATHS.submission : PATHS.source;
  let packError: unknown = null;
  let stdin: Buffer | Readable;
  if (Buffer.isBuffer(from)) {
    stdin = from;
  } else {
    const pack = packFolder(from, {
      exclude: copy.exclude,
      maxBytes: diskBytes,
      maxEntries: MAX_SUBMISSION_ENTRIES,
    });
    pack.on('error', (error: unknown) => (packError = error));
    stdin = Readable.from(pack);
  }
  const result = await run({
    cmd: [
      'sh',
      '-c',
      'mkdir -p "$1" && exec tar -x -C "$1" --no-same-owner --no-same-permissions',
      'sh',
      target,
    ],
    stdin,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    timeoutMs: 120_000,
  });
  const stderr = result.stderr.head.toString('utf8').trim();
  if (packError instanceof FolderTooLargeError && packError.limit === 'entries')
    throw new SubmissionTooLargeError(`the ${area} ${tooManyEntries(MAX_SUBMISSION_ENTRIES)}`);
  // GNU tar on a full tmpfs says "Wrote only N of M bytes" rather than naming ENOSPC.
  if (packError instanceof FolderTooLargeError || /No space left|Wrote only/i.test(stderr)) {
    throw new SubmissionTooLargeError(
      `the ${area} is larger than the sandbox's writable space (${formatBytes(diskBytes)})`,
    );
  }
  if (packError)
    throw new SandboxInfrastructureError(`reading the ${area} failed: ${errorMessage(packError)}`);
  if (result.exitCode !== 0 || result.timedOut) {
    throw new SandboxInfrastructureError(`copying the ${area} into the sandbox failed (${failure(result)})`);
  }
}

/**
 * One file into /autograder, which belongs to the idle user and is not writable by the sandbox
 * user; umask 0222 creates the file without write bits.
 */
export async function copyFileIn(run: Run, name: string, content: Buffer): Promise<void> {
  const result = await run({
    cmd: ['sh', '-c', 'umask 0222 && exec cat > "$1"', 'sh', `${PATHS.root}/${name}`],
    stdin: content,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    timeoutMs: 60_000,
  });
  if (result.exitCode !== 0 || result.timedOut) {
    throw new SandboxInfrastructureError(`copying ${name} into the sandbox failed (${failure(result)})`);
  }
}

/**
 * The named files of the results folder, each within `maxBytes`. A refused archive stops tar at
 * once through `stop` (tar runs as the sandbox user): it would otherwise go on reading, a sparse
 * file of 100 GB say, until its time limit.
 */
export async function copyResultsOut(
  run: Run,
  wanted: { names: readonly string[]; maxBytes: number },
  stop: () => Promise<void>,
): Promise<Map<string, Buffer>> {
  const archive = new PassThrough();
  const reading = readResultsTar(archive, wanted.maxBytes);
  // Awaited below, once tar is done.
  const stopping = reading.then(
    () => undefined,
    () => stop(),
  );
  const result = await run({
    cmd: ['sh', '-c', COPY_OUT, 'sh', PATHS.results, ...wanted.names],
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    timeoutMs: 60_000,
    stdoutSink: archive,
  });
  archive.end();
  await stopping;
  const files = await reading;
  if (result.exitCode === UNREADABLE_STATUS)
    throw new UnsafeResultsError(result.stderr.head.toString('utf8').trim());
  if (result.exitCode !== 0 || result.timedOut) {
    throw new SandboxInfrastructureError(`reading the results failed (${failure(result)})`);
  }
  return files;
}
