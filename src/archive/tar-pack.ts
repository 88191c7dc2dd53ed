/**
 * Packs a host folder into a plain, uncompressed tar for the sandbox. Symlinks are stored as
 * symlinks and never followed, so a student's `secret -> /root/.ssh/id_rsa` copies the link, not
 * the host file. `.git` folders are left out: no history, remotes or credentials reach the container.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { SubmissionFault } from '../faults.js';
import { tooManyEntries } from './entry-limit.js';

export interface PackOptions {
  /** Prefix for every entry, such as `source/`; empty for none. */
  prefix?: string;
  /** Paths relative to the folder (POSIX separators) to leave out. */
  exclude?: ReadonlySet<string>;
  /** The pack fails with FolderTooLargeError once its files add up to more (default: no limit). */
  maxBytes?: number;
  /** The pack fails with FolderTooLargeError past this many files and folders (default: no limit). */
  maxEntries?: number;
  /**
   * One modification time for every entry (default: each file's own). Makes the archive depend on
   * content alone, so the same folder extracted twice packs to the same bytes.
   */
  mtime?: Date;
}

/**
 * The folder passes `maxBytes` or `maxEntries`, as `limit` says. Does not count by itself: the
 * sandbox turns it into a SubmissionTooLargeError for a submission, and an assignment folder (or a
 * course) too large is the instructor's to fix.
 */
export class FolderTooLargeError extends SubmissionFault {
  override name = 'FolderTooLargeError';
  override readonly counts = false;
  constructor(
    readonly limit: 'bytes' | 'entries',
    message: string,
  ) {
    super(message);
  }
}

export function packFolder(hostDir: string, options: PackOptions = {}): tar.Pack {
  const pack = tar.pack();
  addFolder(pack, hostDir, options).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return pack;
}

async function addFolder(pack: tar.Pack, root: string, options: PackOptions): Promise<void> {
  const prefix = options.prefix ?? '';
  let total = 0;
  let count = 0;
  if (prefix) pack.entry({ name: prefix, type: 'directory', mode: 0o755 });
  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(path.join(root, relDir), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.name === '.git' || options.exclude?.has(rel)) continue;
      if (options.maxEntries !== undefined && ++count > options.maxEntries)
        throw new FolderTooLargeError('entries', `the folder ${tooManyEntries(options.maxEntries)}`);
      const full = path.join(root, rel);
      const stats = await lstat(full);
      const common = { name: prefix + rel, mode: stats.mode & 0o777, mtime: options.mtime ?? stats.mtime };
      if (stats.isDirectory()) {
        pack.entry({ ...common, type: 'directory' });
        await walk(rel);
      } else if (stats.isSymbolicLink()) {
        pack.entry({ ...common, type: 'symlink', linkname: await readlink(full) });
      } else if (stats.isFile()) {
        total += stats.size;
        if (options.maxBytes !== undefined && total > options.maxBytes)
          throw new FolderTooLargeError('bytes', `the folder holds more than ${options.maxBytes} bytes`);
        const sink = pack.entry({ ...common, type: 'file', size: stats.size });
        await pipeline(createReadStream(full), sink);
      }
      // Sockets, FIFOs and devices have no meaning in a submission and are skipped.
    }
  };
  await walk('');
}

/** The whole tar in memory: for archives that are kept (uploads) or reused (prestarted sources). */
export async function packFolderToBuffer(hostDir: string, options: PackOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of packFolder(hostDir, options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
