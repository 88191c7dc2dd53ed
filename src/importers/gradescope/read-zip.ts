/**
 * Reads an untrusted zip (a Gradescope autograder.zip) safely: every entry's name, type and sizes
 * are checked from the central directory before any data is read, and data is streamed with its
 * declared size enforced, so a crafted zip can neither write outside the folder it is unpacked into
 * nor fill the disk. Each refusal is one line naming the entry.
 */
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { formatBytes } from '../../text/format-bytes.js';
import { ImportError } from './import-error.js';

export interface ZipLimits {
  /** Entries in the central directory, folders and skipped ones included (default 10,000). */
  maxEntries: number;
  /** Uncompressed bytes of all files together (default 256 MiB). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one file (default 200), judged from `ratioFloorBytes` up. */
  maxRatio: number;
  /** Smaller files are never judged by their ratio: a few KiB of blanks compress 300× honestly (default 1 MiB). */
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipItem {
  /** Relative, `/`-separated, without `.` segments or a trailing slash. */
  path: string;
  directory: boolean;
  /** A file with any execute bit in its unix mode. */
  executable: boolean;
  /** Uncompressed bytes, as declared and enforced while reading. */
  size: number;
}

export interface ZipContents {
  items: ZipItem[];
  /** Entries left out on purpose: macOS's `__MACOSX/` folder and `.DS_Store` files. */
  skipped: string[];
  /** The data of a file item; a stream that does not match its declared size fails with UnsafeZipError. */
  open(item: ZipItem): Promise<Readable>;
}

export class UnsafeZipError extends ImportError {
  override name = 'UnsafeZipError';
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Opens `file`, checks every entry, and hands the contents to `use`; the zip is closed afterwards. */
export async function withZip<T>(
  file: string,
  use: (zip: ZipContents) => Promise<T>,
  limits: ZipLimits = ZIP_LIMITS,
): Promise<T> {
  const label = path.basename(file);
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: yauzl would reject bad names with its own terse messages; ours name the entry.
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new UnsafeZipError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new UnsafeZipError(`cannot read ${file}: it is a folder, not a zip file`);
    throw new UnsafeZipError(`cannot read ${label} as a zip file: ${message}`);
  }
  try {
    const { items, skipped, entries } = await listEntries(zip, label, limits);
    const open = async (item: ZipItem): Promise<Readable> => {
      const entry = entries.get(item);
      if (!entry || item.directory) throw new Error(`${item.path} is not a file of ${label}`);
      return checkedStream(await zip.openReadStreamPromise(entry), `${label}: entry "${item.path}"`);
    };
    return await use({ items, skipped, open });
  } finally {
    zip.close();
  }
}

async function listEntries(zip: yauzl.ZipFile, label: string, limits: ZipLimits) {
  if (zip.entryCount > limits.maxEntries) {
    throw new UnsafeZipError(
      `${label} has ${count(zip.entryCount)} entries; at most ${count(limits.maxEntries)} are imported`,
    );
  }
  const items: ZipItem[] = [];
  const skipped: string[] = [];
  const entries = new Map<ZipItem, yauzl.Entry>();
  const seen = new Map<string, ZipItem>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      );
      const refuse = (problem: string): never => {
        throw new UnsafeZipError(`${label}: entry ${JSON.stringify(name)} ${problem}`);
      };
      const relative = safeRelativePath(name, refuse);
      if (relative === null) continue;
      if (isMacJunk(relative)) {
        skipped.push(name);
        continue;
      }
      const item = describeEntry(entry, relative, name, refuse, limits);
      total += item.size;
      if (total > limits.maxTotalBytes) {
        refuse(`brings the uncompressed total beyond ${formatBytes(limits.maxTotalBytes)}`);
      }
      const earlier = seen.get(relative);
      if (earlier) {
        // The same folder listed twice is harmless; anything else would overwrite a file.
        if (earlier.directory && item.directory) continue;
        refuse('appears twice in the zip');
      }
      seen.set(relative, item);
      items.push(item);
      entries.set(item, entry);
    }
  } catch (error) {
    if (error instanceof UnsafeZipError) throw error;
    throw new UnsafeZipError(`${label} is damaged: ${(error as Error).message}`);
  }
  for (const item of items) {
    const parent = ancestors(item.path).find((folder) => seen.get(folder)?.directory === false);
    if (parent !== undefined) {
      throw new UnsafeZipError(`${label}: entry "${item.path}" sits inside "${parent}", which is a file`);
    }
  }
  return { items, skipped, entries };
}

/** A file or folder entry as imported, refused when it is anything else or looks like a zip bomb. */
function describeEntry(
  entry: yauzl.Entry,
  relative: string,
  name: string,
  refuse: (problem: string) => never,
  limits: ZipLimits,
): ZipItem {
  const mode = entry.externalFileAttributes >>> 16;
  const type = mode & S_IFMT;
  if (type === S_IFLNK) refuse('is a symbolic link; only files and folders are imported');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    refuse(`is a special file (mode ${mode.toString(8)}); only files and folders are imported`);
  }
  if (entry.isEncrypted()) refuse('is encrypted');
  const directory = name.endsWith('/') || type === S_IFDIR;
  if (directory) return { path: relative, directory, executable: false, size: 0 };
  if (!entry.canDecodeFileData()) {
    refuse(`uses compression method ${entry.compressionMethod}; only stored and deflated files can be read`);
  }
  const { uncompressedSize: size, compressedSize: packed } = entry;
  if (size >= limits.ratioFloorBytes && size > limits.maxRatio * packed) {
    const ratio = packed === 0 ? '∞' : `${Math.round(size / packed)}×`;
    refuse(`expands ${ratio} (more than ${limits.maxRatio}×): refused as a possible zip bomb`);
  }
  return { path: relative, directory, executable: (mode & 0o111) !== 0, size };
}

/** The entry's path made relative and clean; null for the root folder itself; refused when unsafe. */
function safeRelativePath(name: string, refuse: (problem: string) => never): string | null {
  if (name.includes('\\')) refuse('contains a backslash (a Windows path); zip paths use /');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) refuse('has a control character in its name');
  if (/^[A-Za-z]:/.test(name)) refuse('starts with a drive letter');
  if (name.startsWith('/')) refuse('is an absolute path');
  const segments = name.split('/');
  if (segments.includes('..')) refuse('climbs out of the folder it is unpacked into with ..');
  const clean = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
  if (clean === '' && !name.endsWith('/')) refuse('has no file name');
  return clean === '' ? null : clean;
}

function isMacJunk(relative: string): boolean {
  const segments = relative.split('/');
  return segments[0] === '__MACOSX' || segments.at(-1) === '.DS_Store';
}

/** `a/b/c` → [`a`, `a/b`]. */
function ancestors(relative: string): string[] {
  const segments = relative.split('/');
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join('/'));
}

/** yauzl's size and inflate errors, renamed so that the message says which entry and why. */
function checkedStream(raw: Readable, what: string): Readable {
  const checked = new PassThrough();
  raw.on('error', (error) => checked.destroy(new UnsafeZipError(`${what} is damaged: ${error.message}`)));
  return raw.pipe(checked);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
