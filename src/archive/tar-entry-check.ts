/**
 * The one place that decides whether an entry of an untrusted tar may be taken in at all, before
 * anything is read from it or written for it. Both sandbox results and uploaded submissions use it.
 */
import type tar from 'tar-stream';

export interface EntryCheckOptions {
  /** Accept symlinks (stored as links, never followed); default false: only files and folders. */
  symlinks?: boolean;
}

/** Why the entry is unsafe, or null when its type and name are acceptable. */
export function checkTarEntry(header: tar.Header, options: EntryCheckOptions = {}): string | null {
  const raw = header.name;
  if (header.type === 'symlink' && !options.symlinks) return `a symbolic link ${raw} -> ${header.linkname}`;
  if (header.type === 'link') return `a hard link ${raw} -> ${header.linkname}`;
  if (header.type !== 'file' && header.type !== 'directory' && header.type !== 'symlink')
    return `a ${header.type} ${raw}`;
  if (raw.startsWith('/')) return `an absolute path ${raw}`;
  if (raw.split('/').includes('..')) return `a path with "..": ${raw}`;
  return null;
}

/** `./results.json` and `results.json` are the same file; folders end in `/`; `./` is the root (''). */
export function normaliseEntryName(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}
