import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packFolder, packFolderToBuffer } from '../../src/archive/tar-pack.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-pack-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entriesOf(pack: tar.Pack): Promise<Record<string, string>> {
  const extract = tar.extract();
  pack.pipe(extract);
  const found: Record<string, string> = {};
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const h = entry.header;
    found[h.name] =
      h.type === 'symlink'
        ? `-> ${h.linkname}`
        : h.type === 'file'
          ? `${Buffer.concat(chunks)} ${(h.mode & 0o777).toString(8)}`
          : h.type;
  }
  return found;
}

describe('packFolder', () => {
  it('stores files, folders and symlinks as they are, without following links or taking .git', async () => {
    await writeFile(path.join(dir, 'run.sh'), 'echo hi');
    await chmod(path.join(dir, 'run.sh'), 0o755);
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src', 'a.c'), 'int main;');
    await symlink('/etc/shadow', path.join(dir, 'steal'));
    await mkdir(path.join(dir, '.git'));
    await writeFile(
      path.join(dir, '.git', 'config'),
      '[remote] url = https://x-access-token:secret@github.com/',
    );
    expect(await entriesOf(packFolder(dir))).toEqual({
      'run.sh': 'echo hi 755',
      src: 'directory',
      'src/a.c': 'int main; 644',
      steal: '-> /etc/shadow',
    });
  });

  it('applies a prefix and leaves out excluded files', async () => {
    await mkdir(path.join(dir, 'expected'));
    await writeFile(path.join(dir, 'expected', 'out.txt'), 'secret');
    await writeFile(path.join(dir, 'notes.txt'), 'notes');
    expect(
      await entriesOf(packFolder(dir, { prefix: 'source/', exclude: new Set(['expected/out.txt']) })),
    ).toEqual({
      'source/': 'directory',
      'source/expected': 'directory',
      'source/notes.txt': 'notes 644',
    });
  });

  it('packs the same content to the same bytes when given one time for every entry', async () => {
    await writeFile(path.join(dir, 'a.txt'), 'same');
    const first = await packFolderToBuffer(dir, { mtime: new Date(0) });
    await writeFile(path.join(dir, 'a.txt'), 'same'); // a new modification time, the same content
    expect(await packFolderToBuffer(dir, { mtime: new Date(0) })).toEqual(first);
  });
});
