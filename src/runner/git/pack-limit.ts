/**
 * Bounds what a fetch may write to the runner's disk. git has no client-side limit on the pack a
 * server sends, and a student's repository can make it as large as GitHub allows, so the fetch
 * runs under RLIMIT_FSIZE (`ulimit -f`, set by the shell that then becomes git): the kernel stops
 * every file git writes at the bound, wherever the bytes come from. With `transfer.unpackLimit=1`
 * the objects always arrive as one pack file rather than many loose ones, so that one bound is the
 * download's.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SubmissionFault } from '../../faults.js';
import { formatBytes } from '../../text/format-bytes.js';

/** POSIX `ulimit -f` counts in 512-byte blocks (dash, busybox ash and bash as `sh` alike). */
const BLOCK_BYTES = 512;
const STDERR_KEPT = 8192;
/** Headers and zlib's framing: a pack of incompressible files is slightly larger than they are. */
const PACK_SLACK_BYTES = 1024 * 1024;

/** The download itself is larger than the assignment's space allows: the student's to fix. */
export class PackTooLargeError extends SubmissionFault {
  override name = 'PackTooLargeError';
  override readonly counts = true;
}

/**
 * The largest pack a commit whose files fit in `maxTreeBytes` needs: git compresses every object,
 * so a pack past a sixteenth more than the files (plus fixed framing) holds files that cannot fit.
 */
export function packBound(maxTreeBytes: number): number {
  return Math.ceil((maxTreeBytes * 17) / 16 / BLOCK_BYTES) * BLOCK_BYTES + PACK_SLACK_BYTES;
}

/**
 * Runs `git <args>` in `repoDir` with no file it writes larger than a commit whose files fit in
 * `maxTreeBytes` can need (packBound). Throws PackTooLargeError when the pack reached that bound,
 * and an Error carrying git's stderr for any other failure, for the caller to classify.
 */
export async function gitWithPackLimit(
  repoDir: string,
  args: string[],
  env: Record<string, string>,
  maxTreeBytes: number,
  signal: AbortSignal,
): Promise<void> {
  const bound = packBound(maxTreeBytes);
  const git = spawn(
    'sh',
    [
      '-c',
      'ulimit -f "$1" && shift && exec git -c transfer.unpackLimit=1 "$@"',
      'sh',
      String(bound / BLOCK_BYTES),
      ...args,
    ],
    { cwd: repoDir, env, signal, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  git.stderr.setEncoding('utf8');
  git.stderr.on('data', (chunk: string) => {
    if (stderr.length < STDERR_KEPT) stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    git.on('error', reject);
    git.on('close', resolve);
  });
  if (code === 0) return;
  const largest = await largestPackFile(repoDir);
  if (largest >= bound) {
    throw new PackTooLargeError(
      `its git download grew past ${formatBytes(bound)} and was stopped: a commit whose files fit ` +
        `the assignment's writable space (${formatBytes(maxTreeBytes)}) never needs that much`,
    );
  }
  throw new Error(`git ${args[0] ?? ''} exited ${code ?? 'on a signal'}: ${stderr.trim()}`);
}

async function largestPackFile(repoDir: string): Promise<number> {
  const packs = path.join(repoDir, '.git', 'objects', 'pack');
  const names = await readdir(packs).catch(() => [] as string[]);
  const sizes = await Promise.all(
    names.map((name) =>
      stat(path.join(packs, name)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return Math.max(0, ...sizes);
}
