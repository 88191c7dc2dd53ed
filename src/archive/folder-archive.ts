/**
 * A submitted folder as one plain tar, and back. Archives are made on a student's machine, so
 * extraction trusts nothing in them: every entry passes the shared tar checks, no entry may reach
 * outside the target through `..` or a symlink (one from earlier in the archive, or one already
 * there), files are created fresh and never carry setuid or group/other write bits.
 */
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, open, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import tar from 'tar-stream';
import { SubmissionFault } from '../faults.js';
import { packFolderToBuffer } from './tar-pack.js';
import { checkTarEntry, normaliseEntryName } from './tar-entry-check.js';
import { gunzipSync } from 'node:zlib';

export { FolderTooLargeError } from './tar-pack.js';

export class UnsafeArchiveError extends SubmissionFault {
  override name = 'UnsafeArchiveError';
  override readonly counts = false;
}

/** Packs `dir` without `.git`, symlinks as links; FolderTooLargeError when its files exceed maxBytes. */
export async function archiveFolder(dir: string, options: { maxBytes: number }): Promise<Buffer> {
  return packFolderToBuffer(dir, { maxBytes: options.maxBytes });
}

/**
 * Writes the archive's files into `into` (created if missing), refusing the whole archive with
 * UnsafeArchiveError on the first hostile entry or once its files exceed maxBytes. On failure
 * `into` may hold part of the archive: the caller owns the folder and removes it.
 */
export interface ExtractOptions {
  maxBytes: number;
  /** Leading path components dropped from every entry, like tar's --strip-components (default 0). */
  stripComponents?: number;
}

/** Gzip is recognised by its magic bytes; inflating stops at twice the size limit (no zip bombs). */
function plainTar(archive: Buffer, maxBytes: number): Buffer {
  if (archive[0] !== 0x1f || archive[1] !== 0x8b) return archive;
  try {
    return gunzipSync(archive, { maxOutputLength: maxBytes * 2 + 1024 * 1024 });
  } catch (error) {
    throw new UnsafeArchiveError(`not a readable gzip archive: ${(error as Error).message}`);
  }
}

export async function extractArchive(archive: Buffer, into: string, options: ExtractOptions): Promise<void> {
  await mkdir(into, { recursive: true });
  const root = await realpath(into);
  const extract = tar.extract();
  extract.end(plainTar(archive, options.maxBytes));
  let total = 0;
  try {
    for await (const entry of extract) {
      const { header } = entry;
      // git archive (GitHub's tarballs) starts with a pax global header naming the commit: metadata.
      if ((header.type as string) === 'pax-global-header') {
        entry.resume();
        continue;
      }
      const problem = checkTarEntry(header, { symlinks: true });
      if (problem) throw new UnsafeArchiveError(problem);
      const name = stripped(normaliseEntryName(header.name), options.stripComponents ?? 0);
      if (name === null) {
        entry.resume();
        continue;
      }
      if (header.type === 'directory') {
        await ensureFolder(root, name);
      } else if (!name) {
        throw new UnsafeArchiveError(`a ${header.type} without a name`);
      } else {
        const target = path.join(root, name);
        await ensureFolder(root, path.posix.dirname(name));
        if (header.type === 'symlink') {
          await create(name, () => symlink(header.linkname, target));
        } else {
          total += header.size;
          if (total > options.maxBytes)
            throw new UnsafeArchiveError(`the archive holds more than ${options.maxBytes} bytes`);
          // 'wx' never opens what is already there, so a link planted at this very name is not followed.
          const file = await create(name, () => open(target, 'wx', 0o600));
          // Always readable by the runner, which packs it again for the sandbox; never setuid.
          await writeEntry(file, entry as AsyncIterable<Buffer>, (header.mode & 0o755) | 0o600);
        }
      }
      entry.resume();
    }
  } catch (error) {
    // What is neither ours nor the file system's (which sets a code) is tar-stream failing to parse.
    if (error instanceof UnsafeArchiveError || !(error instanceof Error) || 'code' in error) throw error;
    throw new UnsafeArchiveError(`not a readable tar archive: ${error.message}`);
  } finally {
    extract.destroy();
  }
}

/** Makes every folder of `rel` under root, refusing to pass through anything that is not a real folder. */
/** The name without its first `count` components; null for the stripped folders themselves. */
function stripped(name: string, count: number): string | null {
  if (count === 0) return name;
  const parts = name.split('/').filter(Boolean);
  return parts.length > count ? parts.slice(count).join('/') : null;
}

async function ensureFolder(root: string, rel: string): Promise<void> {
  let current = root;
  for (const part of rel.split('/').filter((p) => p !== '' && p !== '.')) {
    current = path.join(current, part);
    const stats = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (stats === null) await mkdir(current, { mode: 0o755 });
    else if (stats.isSymbolicLink())
      throw new UnsafeArchiveError(
        `a path through the symbolic link ${path.relative(root, current)}: ${rel}`,
      );
    else if (!stats.isDirectory())
      throw new UnsafeArchiveError(`a path through the file ${path.relative(root, current)}: ${rel}`);
  }
}

async function create<T>(name: string, make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UnsafeArchiveError(`an entry that is already there: ${name}`);
    throw error;
  }
}

async function writeEntry(file: FileHandle, body: AsyncIterable<Buffer>, mode: number): Promise<void> {
  try {
    for await (const chunk of body) await file.write(chunk);
    // On the handle, not the path: nothing can swap the file for a link in between.
    await file.chmod(mode);
  } finally {
    await file.close();
  }
}
