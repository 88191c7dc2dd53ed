/**
 * Reading an untrusted autograder.zip: what is refused (each with one line naming the entry), what is
 * skipped, and where run_autograder must be. Every zip is made here with yazl, crafted where yazl
 * itself would refuse the name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planLayout } from '../../src/importers/gradescope/autograder-layout.js';
import { withZip, type ZipContents } from '../../src/importers/gradescope/read-zip.js';
import { renameInZip, writeZip, type ZipEntrySpec } from '../helpers/make-zip.js';

let work: string;
let counter = 0;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-read-zip-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function zipOf(entries: ZipEntrySpec[]): Promise<string> {
  const file = path.join(work, `test-${++counter}.zip`);
  await writeZip(file, entries);
  return file;
}

/** The zip's items and each file's text, read while it is open. */
async function contents(file: string) {
  return withZip(file, async (zip) => ({
    items: zip.items,
    skipped: zip.skipped,
    texts: Object.fromEntries(
      await Promise.all(
        zip.items
          .filter((item) => !item.directory)
          .map(async (item) => [item.path, await text(zip, item.path)]),
      ),
    ),
  }));
}

async function text(zip: ZipContents, name: string): Promise<string> {
  const item = zip.items.find((candidate) => candidate.path === name);
  if (!item) throw new Error(`no ${name}`);
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.open(item)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** The message `file` is refused with. */
async function refusal(file: string): Promise<string> {
  const outcome = await withZip(file, async (zip) => planLayout(zip, path.basename(file))).then(
    () => 'accepted',
    (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
  );
  return outcome;
}

const RUN = { name: 'run_autograder', data: '#!/bin/sh\n', mode: 0o100755 };

describe('reading a zip', () => {
  it('lists files and folders with their execute bits, and streams their data', async () => {
    const file = await zipOf([
      RUN,
      { name: 'setup.sh', data: 'apt-get install -y bc\n' },
      { name: 'tests/', directory: true },
      { name: 'tests/test_a.py', data: 'assert True\n' },
      { name: './tests/data/in.txt', data: '42\n' },
    ]);
    const read = await contents(file);
    expect(read.items).toEqual([
      { path: 'run_autograder', directory: false, executable: true, size: 10 },
      { path: 'setup.sh', directory: false, executable: false, size: 22 },
      { path: 'tests', directory: true, executable: false, size: 0 },
      { path: 'tests/test_a.py', directory: false, executable: false, size: 12 },
      { path: 'tests/data/in.txt', directory: false, executable: false, size: 3 },
    ]);
    expect(read.texts).toEqual({
      run_autograder: '#!/bin/sh\n',
      'setup.sh': 'apt-get install -y bc\n',
      'tests/test_a.py': 'assert True\n',
      'tests/data/in.txt': '42\n',
    });
    expect(read.skipped).toEqual([]);
  });

  it('skips macOS metadata: __MACOSX/ and .DS_Store', async () => {
    const file = await zipOf([
      RUN,
      { name: '.DS_Store', data: 'junk' },
      { name: 'tests/.DS_Store', data: 'junk' },
      { name: '__MACOSX/', directory: true },
      { name: '__MACOSX/._run_autograder', data: 'junk' },
    ]);
    const read = await contents(file);
    expect(read.items.map((item) => item.path)).toEqual(['run_autograder']);
    expect(read.skipped).toEqual(['.DS_Store', 'tests/.DS_Store', '__MACOSX/', '__MACOSX/._run_autograder']);
  });

  it('accepts a small file that compresses very well', async () => {
    const file = await zipOf([RUN, { name: 'blank.txt', data: Buffer.alloc(100 * 1024, ' ') }]);
    expect((await contents(file)).texts['blank.txt']).toHaveLength(100 * 1024);
  });
});

describe('refusing unsafe zips', () => {
  it('refuses a symbolic link', async () => {
    const file = await zipOf([RUN, { name: 'answers', data: '/etc/shadow', mode: 0o120777 }]);
    expect(await refusal(file)).toBe(
      `UnsafeZipError: ${path.basename(file)}: entry "answers" is a symbolic link; only files and folders are imported`,
    );
  });

  it('refuses a special file', async () => {
    const file = await zipOf([RUN, { name: 'pipe', mode: 0o010644 }]);
    expect(await refusal(file)).toBe(
      `UnsafeZipError: ${path.basename(file)}: entry "pipe" is a special file (mode 10644); only files and folders are imported`,
    );
  });

  it.each([
    ['zz/x', '../x', 'climbs out of the folder it is unpacked into with ..'],
    ['tests/zz/x', 'tests/../x', 'climbs out of the folder it is unpacked into with ..'],
    ['zetc/passwd', '/etc/passwd', 'is an absolute path'],
    ['CC/x', 'C:/x', 'starts with a drive letter'],
    ['a/b', 'a\\b', 'contains a backslash (a Windows path); zip paths use /'],
  ])('refuses the entry name %s → %s', async (written, crafted, problem) => {
    const file = await zipOf([RUN, { name: written, data: 'x' }]);
    await renameInZip(file, written, crafted);
    expect(await refusal(file)).toBe(
      `UnsafeZipError: ${path.basename(file)}: entry ${JSON.stringify(crafted)} ${problem}`,
    );
  });

  it('refuses the same path twice, and a file used as a folder', async () => {
    const twice = await zipOf([RUN, { name: 'a.py', data: '1' }, { name: 'x.py', data: '2' }]);
    await renameInZip(twice, 'x.py', 'a.py');
    expect(await refusal(twice)).toBe(
      `UnsafeZipError: ${path.basename(twice)}: entry "a.py" appears twice in the zip`,
    );
    const dotted = await zipOf([RUN, { name: 'a.py', data: '1' }, { name: 'z/a.py', data: '2' }]);
    await renameInZip(dotted, 'z/a.py', './a.py');
    expect(await refusal(dotted)).toBe(
      `UnsafeZipError: ${path.basename(dotted)}: entry "./a.py" appears twice in the zip`,
    );
    const nested = await zipOf([RUN, { name: 'a', data: '1' }, { name: 'a/b', data: '2' }]);
    expect(await refusal(nested)).toBe(
      `UnsafeZipError: ${path.basename(nested)}: entry "a/b" sits inside "a", which is a file`,
    );
  });

  it('refuses more than 10,000 entries', async () => {
    const many = Array.from({ length: 10_000 }, (_, index) => ({ name: `f${index}`, compress: false }));
    const file = await zipOf([RUN, ...many]);
    expect(await refusal(file)).toBe(
      `UnsafeZipError: ${path.basename(file)} has 10,001 entries; at most 10,000 are imported`,
    );
    const fine = await zipOf([RUN, ...many.slice(1)]);
    expect(await refusal(fine)).toBe('accepted');
  });

  it('refuses more than 256 MiB uncompressed in total', async () => {
    const part = Buffer.alloc(129 * 1024 * 1024, 7);
    // Stored, not deflated: a ratio of 1, so only the total can refuse it.
    const file = await zipOf([
      RUN,
      { name: 'a.bin', data: part, compress: false },
      { name: 'b.bin', data: part, compress: false },
    ]);
    expect(await refusal(file)).toBe(
      `UnsafeZipError: ${path.basename(file)}: entry "b.bin" brings the uncompressed total beyond 256 MiB`,
    );
  });

  it('refuses a file that expands more than 200 times (a zip bomb)', async () => {
    const file = await zipOf([RUN, { name: 'bomb.txt', data: Buffer.alloc(2 * 1024 * 1024) }]);
    expect(await refusal(file)).toMatch(
      new RegExp(
        `^UnsafeZipError: ${path.basename(file)}: entry "bomb.txt" expands \\d+× \\(more than 200×\\): refused as a possible zip bomb$`,
      ),
    );
  });

  it('refuses a file that is not a zip', async () => {
    const file = path.join(work, 'not-a.zip');
    await writeFile(file, 'just text');
    expect(await refusal(file)).toMatch(/^UnsafeZipError: cannot read not-a\.zip as a zip file: /);
  });
});

describe('where run_autograder must be', () => {
  it('strips one top-level folder that holds run_autograder', async () => {
    const file = await zipOf([
      { name: 'hw3/', directory: true },
      { ...RUN, name: 'hw3/run_autograder' },
      { name: 'hw3/setup.sh', data: 'true\n' },
      { name: 'hw3/tests/t.py', data: '' },
      { name: '__MACOSX/hw3/._setup.sh', data: 'junk' },
    ]);
    const layout = await withZip(file, async (zip) => planLayout(zip, 'hw3.zip'));
    expect(layout.stripped).toBe('hw3');
    expect(layout.hasSetup).toBe(true);
    expect(layout.entries.map(({ item, to }) => [item.path, to])).toEqual([
      ['hw3/run_autograder', 'run_autograder'],
      ['hw3/setup.sh', 'setup.sh'],
      ['hw3/tests/t.py', 'tests/t.py'],
    ]);
  });

  it('keeps a lone top-level folder that does not hold run_autograder, and says what it found', async () => {
    const file = await zipOf([{ name: 'src/main.py', data: '' }]);
    expect(await refusal(file)).toBe(
      `ImportError: ${path.basename(file)} has no run_autograder at its top level (found src/); Gradescope needs one there`,
    );
  });

  it('names a run_autograder found deeper down', async () => {
    const file = await zipOf([
      { name: 'readme.txt', data: '' },
      { ...RUN, name: 'grader/run_autograder' },
    ]);
    expect(await refusal(file)).toBe(
      `ImportError: ${path.basename(file)} has no run_autograder at its top level (found grader/run_autograder); Gradescope runs only the one at the top`,
    );
  });

  it('says so when setup.sh is missing, and when the zip is empty', async () => {
    const noSetup = await zipOf([RUN]);
    expect((await withZip(noSetup, async (zip) => planLayout(zip, 'a.zip'))).hasSetup).toBe(false);
    const empty = await zipOf([]);
    expect(await refusal(empty)).toBe(
      `ImportError: ${path.basename(empty)} has no run_autograder at its top level (it is empty); Gradescope needs one there`,
    );
  });
});
