/**
 * Measures a commit's tree before it is checked out. A few kilobytes of pack can hold gigabytes of
 * zeros, so the files are counted from `git ls-tree -r -l` (sizes come from the object headers,
 * nothing is expanded) and checkout happens only when they fit where the submission must go.
 * Folders are listed too (`-t`), so that a tree of many empty files or folders is refused by count.
 */
import { spawn } from 'node:child_process';
import { SubmissionFault } from '../../faults.js';
import { formatBytes } from '../../text/format-bytes.js';
import { tooManyEntries } from '../../archive/entry-limit.js';

/** What each entry costs besides its bytes: a tar header on the way into the sandbox. */
export const ENTRY_COST_BYTES = 512;

/**
 * The commit's files do not fit the sandbox's writable space, or there are too many of them: the
 * student's to fix, never retried.
 */
export class TreeTooLargeError extends SubmissionFault {
  override name = 'TreeTooLargeError';
  override readonly counts = true;
}

export interface TreeSize {
  /** Files, folders, links and submodules. */
  entries: number;
  bytes: number;
}

export interface TreeLimits {
  /** The files' bytes, plus a header and the path for each entry. */
  maxBytes: number;
  maxEntries: number;
}

/**
 * Streams the listing and stops git as soon as the tree passes either limit; throws
 * TreeTooLargeError then, and resolves with the size otherwise.
 */
export function checkTreeSize(
  repoDir: string,
  commit: string,
  env: Record<string, string>,
  limits: TreeLimits,
  signal: AbortSignal,
): Promise<TreeSize> {
  const { maxBytes, maxEntries } = limits;
  return new Promise((resolve, reject) => {
    const git = spawn('git', ['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit], {
      cwd: repoDir,
      env,
      signal,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const size: TreeSize = { entries: 0, bytes: 0 };
    let cost = 0;
    let rest = '';
    let stderr = '';
    let refused: TreeTooLargeError | null = null;
    git.stdout.setEncoding('utf8');
    git.stdout.on('data', (chunk: string) => {
      if (refused) return;
      const records = (rest + chunk).split('\0');
      rest = records.pop() ?? '';
      for (const record of records) {
        // "<mode> <type> <object> <size, or - for a folder or submodule>\t<path>"
        const tab = record.indexOf('\t');
        const bytes = Number(record.slice(0, tab).trim().split(/\s+/)[3]);
        size.entries += 1;
        if (Number.isFinite(bytes)) size.bytes += bytes;
        cost += (Number.isFinite(bytes) ? bytes : 0) + ENTRY_COST_BYTES + (record.length - tab);
      }
      // A record cut by the chunk boundary still counts with what has arrived of it.
      const tooMany = size.entries > maxEntries;
      if (tooMany || cost + rest.length > maxBytes) {
        refused = new TreeTooLargeError(
          tooMany
            ? `it ${tooManyEntries(maxEntries)}`
            : `its files take more than the assignment's writable space (${formatBytes(maxBytes)}): ` +
                `at least ${size.entries} files and folders of ${formatBytes(size.bytes)} were listed before it was refused`,
        );
        git.kill('SIGKILL');
      }
    });
    git.stderr.setEncoding('utf8');
    git.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    git.on('error', (error) => reject(refused ?? error));
    git.on('close', (code) => {
      if (refused) reject(refused);
      else if (code === 0) resolve(size);
      else reject(new Error(`git ls-tree exited ${code ?? 'on a signal'}: ${stderr.trim()}`));
    });
  });
}
