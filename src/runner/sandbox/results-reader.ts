/**
 * Reads the tar of /autograder/results that comes out of a sandbox. Everything in it was written by
 * code we do not trust, so only plain files and folders with clean relative names are accepted.
 */
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { checkTarEntry, normaliseEntryName } from './tar-entry-check.js';

export class UnsafeResultsError extends Error {
  override name = 'UnsafeResultsError';
}

/** Returns the files by relative path; rejects the whole archive on the first unsafe entry. */
export async function readResultsTar(archive: Readable, maxBytes: number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  archive.on('error', (error) => extract.destroy(error));
  archive.pipe(extract);
  let total = 0;
  try {
    for await (const entry of extract) {
      const problem = checkTarEntry(entry.header);
      if (problem) throw new UnsafeResultsError(problem);
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes)
          throw new UnsafeResultsError(`the results folder holds more than ${maxBytes} bytes`);
        chunks.push(chunk);
      }
      const name = normaliseEntryName(entry.header.name);
      if (entry.header.type === 'file' && name) files.set(name, Buffer.concat(chunks));
    }
  } finally {
    // Whatever is left is drained, so the process writing the archive is never stuck on a full pipe.
    archive.unpipe(extract);
    archive.resume();
  }
  return files;
}
