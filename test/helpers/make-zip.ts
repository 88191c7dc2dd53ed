/** Zips made in tests with yazl: honest ones from a folder, and crafted ones with unsafe entries. */
import { createWriteStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface ZipEntrySpec {
  name: string;
  data?: string | Buffer;
  /** Unix mode with its file type bits, like 0o100755 or 0o120777 (default 0o100644). */
  mode?: number;
  /** Deflate the data (default true). */
  compress?: boolean;
  directory?: boolean;
}

/** Writes a zip of `entries` to `file`. */
export async function writeZip(file: string, entries: ZipEntrySpec[]): Promise<void> {
  const zip = new yazl.ZipFile();
  // A fixed time, so the same entries make the same bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const entry of entries) {
    if (entry.directory) {
      zip.addEmptyDirectory(entry.name, { mtime, mode: entry.mode ?? 0o40755 });
      continue;
    }
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : (entry.data ?? Buffer.alloc(0));
    zip.addBuffer(data, entry.name, {
      mtime,
      mode: entry.mode ?? 0o100644,
      compress: entry.compress ?? true,
    });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Every file under `dir`, with its execute bits, as entries under `prefix` (sorted, so reproducible). */
export async function folderEntries(dir: string, prefix = ''): Promise<ZipEntrySpec[]> {
  const entries: ZipEntrySpec[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const full = path.join(dir, name);
    const info = await stat(full);
    if (info.isDirectory()) {
      entries.push(...(await folderEntries(full, `${prefix}${name}/`)));
    } else {
      entries.push({
        name: `${prefix}${name}`,
        data: await readFile(full),
        mode: 0o100000 | (info.mode & 0o777),
      });
    }
  }
  return entries;
}

/**
 * Renames an entry in a written zip by replacing its name's bytes (in the local header and the
 * central directory), for names yazl refuses to write: `../x`, `/x`, `C:/x`, `a\b`.
 */
export async function renameInZip(file: string, from: string, to: string): Promise<void> {
  const before = Buffer.from(from);
  const after = Buffer.from(to);
  if (before.length !== after.length)
    throw new Error('renameInZip keeps the length: names are length-prefixed');
  const zip = await readFile(file);
  let at = zip.indexOf(before);
  if (at === -1) throw new Error(`${from} is not in ${file}`);
  while (at !== -1) {
    after.copy(zip, at);
    at = zip.indexOf(before, at + after.length);
  }
  await writeFile(file, zip);
}
