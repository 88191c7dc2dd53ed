import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderTooLargeError } from '../../src/archive/tar-pack.js';
import { archiveFolder, extractArchive, UnsafeArchiveError } from '../../src/archive/folder-archive.js';

type Entry = tar.Header extends infer H ? Partial<H> & { name: string; body?: string } : never;

let base: string;
let into: string;
let outside: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'gradebot-archive-'));
  into = path.join(base, 'into');
  outside = path.join(base, 'outside');
  await mkdir(into);
  await mkdir(outside);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function archive(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every path under dir with what it is: file contents and mode, link targets, folders. */
async function tree(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, rel);
    const stats = await lstat(full);
    found[rel] = stats.isSymbolicLink()
      ? `-> ${await readlink(full)}`
      : stats.isDirectory()
        ? 'folder'
        : `${await readFile(full, 'utf8')} ${(stats.mode & 0o7777).toString(8)}`;
  }
  return found;
}

describe('archiveFolder and extractArchive', () => {
  it('round-trips files, modes, folders and symlinks, leaving .git behind', async () => {
    const source = path.join(base, 'source');
    await mkdir(path.join(source, 'src', 'deep'), { recursive: true });
    await writeFile(path.join(source, 'run.sh'), '#!/bin/sh\necho hi\n');
    await chmod(path.join(source, 'run.sh'), 0o755);
    await writeFile(path.join(source, 'src', 'deep', 'a.py'), 'A = 1\n');
    await symlink('/etc/passwd', path.join(source, 'passwd'));
    await symlink('deep/a.py', path.join(source, 'src', 'alias.py'));
    await mkdir(path.join(source, '.git'));
    await writeFile(path.join(source, '.git', 'config'), 'secret');

    await extractArchive(await archiveFolder(source, { maxBytes: 1000 }), into, { maxBytes: 1000 });
    expect(await tree(into)).toEqual({
      passwd: '-> /etc/passwd',
      'run.sh': '#!/bin/sh\necho hi\n 755',
      src: 'folder',
      'src/alias.py': '-> deep/a.py',
      'src/deep': 'folder',
      'src/deep/a.py': 'A = 1\n 644',
    });
  });

  it('refuses to archive a folder larger than allowed', async () => {
    const source = path.join(base, 'source');
    await mkdir(source);
    await writeFile(path.join(source, 'big'), 'x'.repeat(2000));
    await expect(archiveFolder(source, { maxBytes: 1000 })).rejects.toBeInstanceOf(FolderTooLargeError);
  });

  it('creates files owner-writable without setuid or write bits for others, and folders missing from the archive', async () => {
    const data = await archive([
      { name: 'bin/tool', body: 'x', mode: 0o6777 },
      { name: './notes.txt', body: 'y', mode: 0o400 },
    ]);
    await extractArchive(data, into, { maxBytes: 100 });
    expect(await tree(into)).toEqual({ bin: 'folder', 'bin/tool': 'x 755', 'notes.txt': 'y 600' });
  });

  const hostile: [string, (outside: string) => Entry[], RegExp][] = [
    ['an absolute path', (out) => [{ name: `${out}/pwned`, body: 'x' }], /absolute path/],
    ['a path with ..', () => [{ name: 'a/../../outside/pwned', body: 'x' }], /"\.\."/],
    ['a hard link', (out) => [{ name: 'h', type: 'link', linkname: `${out}/pwned` }], /hard link/],
    ['a character device', () => [{ name: 'tty', type: 'character-device' }], /character-device/],
    ['a block device', () => [{ name: 'sda', type: 'block-device' }], /block-device/],
    ['a FIFO', () => [{ name: 'pipe', type: 'fifo' }], /fifo/],
    [
      'a file through a symlink made earlier',
      (out) => [
        { name: 'evil', type: 'symlink', linkname: out },
        { name: 'evil/pwned', body: 'x' },
      ],
      /symbolic link evil/,
    ],
    [
      'a folder through a symlink made earlier',
      () => [
        { name: 'a/', type: 'directory' },
        { name: 'a/up', type: 'symlink', linkname: '../..' },
        { name: 'a/up/outside/', type: 'directory' },
      ],
      /symbolic link a\/up/,
    ],
    [
      'a file written over a symlink',
      (out) => [
        { name: 'evil', type: 'symlink', linkname: `${out}/pwned` },
        { name: 'evil', body: 'x' },
      ],
      /already there: evil/,
    ],
    [
      'a file then a folder of the same name',
      () => [
        { name: 'f', body: 'x' },
        { name: 'f/g', body: 'y' },
      ],
      /through the file f/,
    ],
    [
      'more bytes than allowed',
      () => [
        { name: 'a', body: 'x'.repeat(60) },
        { name: 'b', body: 'x'.repeat(60) },
      ],
      /more than 100 bytes/,
    ],
  ];

  it.each(hostile)('refuses %s, writing nothing outside', async (_label, entries, message) => {
    const extracting = extractArchive(await archive(entries(outside)), into, { maxBytes: 100 });
    await expect(extracting).rejects.toBeInstanceOf(UnsafeArchiveError);
    await expect(extracting).rejects.toThrow(message);
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(base)).sort()).toEqual(['into', 'outside']);
  });

  it('refuses what is not a tar archive', async () => {
    const extracting = extractArchive(Buffer.from('garbage'.repeat(100)), into, { maxBytes: 100 });
    await expect(extracting).rejects.toThrow(UnsafeArchiveError);
    await expect(extracting).rejects.toThrow(/not a readable tar archive/);
  });

  it('refuses a path through a symlink that was already in the folder', async () => {
    await symlink(outside, path.join(into, 'planted'));
    const extracting = extractArchive(await archive([{ name: 'planted/pwned', body: 'x' }]), into, {
      maxBytes: 100,
    });
    await expect(extracting).rejects.toThrow(/symbolic link planted/);
    expect(await readdir(outside)).toEqual([]);
  });
});

describe('extractArchive of gzipped archives', () => {
  it('stops inflating a gzip bomb at its bound', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    await expect(extractArchive(bomb, into, { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(
      UnsafeArchiveError,
    );
  });

  it('drops leading folders with stripComponents', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'owner-repo-abc123/', type: 'directory' });
    pack.entry({ name: 'owner-repo-abc123/gradebot.yml' }, 'course: c\n');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    await extractArchive(gzipSync(Buffer.concat(chunks)), into, { maxBytes: 1024, stripComponents: 1 });
    expect(await readFile(path.join(into, 'gradebot.yml'), 'utf8')).toBe('course: c\n');
  });
});
