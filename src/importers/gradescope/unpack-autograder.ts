/**
 * Writes the autograder's files into the assignment folder, streamed from the zip. Execute bits are
 * kept (run_autograder always gets one), and run_autograder and setup.sh get Unix line endings, as
 * Gradescope's dos2unix gives them: `#!/bin/bash\r` would otherwise be "bad interpreter".
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RUN_AUTOGRADER, SETUP_SCRIPT, type AutograderLayout } from './autograder-layout.js';
import type { ZipContents } from './read-zip.js';

const UNIX_LINE_ENDINGS = new Set([RUN_AUTOGRADER, SETUP_SCRIPT]);

/** Returns the scripts whose Windows line endings were converted. */
export async function unpackAutograder(
  zip: ZipContents,
  layout: AutograderLayout,
  dir: string,
): Promise<string[]> {
  const converted: string[] = [];
  await mkdir(dir, { recursive: true });
  for (const { item, to } of layout.entries) {
    // `to` is relative and free of `..` (read-zip refuses anything else), so this stays inside `dir`.
    const target = path.join(dir, ...to.split('/'));
    if (item.directory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const data = await zip.open(item);
    if (UNIX_LINE_ENDINGS.has(to)) {
      const original = await readAll(data);
      const unix = withUnixLineEndings(original);
      if (unix.length !== original.length) converted.push(to);
      // `wx`: never through a file that is already there.
      await writeFile(target, unix, { flag: 'wx' });
    } else {
      await pipeline(data, createWriteStream(target, { flags: 'wx' }));
    }
    // Explicit modes, so the result does not depend on the umask of whoever imports.
    await chmod(target, item.executable || to === RUN_AUTOGRADER ? 0o755 : 0o644);
  }
  return converted;
}

function withUnixLineEndings(data: Buffer): Buffer {
  // latin1 maps every byte to one character and back, so nothing but the `\r`s changes.
  return Buffer.from(data.toString('latin1').replaceAll('\r\n', '\n'), 'latin1');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
