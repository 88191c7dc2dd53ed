/**
 * Reads the tar of /autograder/results that comes out of a sandbox. Everything in it was written by
 * code we do not trust, so only plain files and folders with clean relative names are accepted.
 */
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { SubmissionFault } from '../../faults.js';
import { formatBytes } from '../../text/format-bytes.js';
import { checkTarEntry, normaliseEntryName } from '../../archive/tar-entry-check.js';

export class UnsafeResultsError extends SubmissionFault {
  override name = 'UnsafeResultsError';
  override readonly counts = true;
}

/**
 * At most this many entries: names are kept in memory, and an archive of empty files with long
 * names costs nothing in data bytes (300,000 of them once took a runner to 1.18 GB).
 */
export const MAX_RESULT_ENTRIES = 1_000;
/** Names and link targets together, beside the data's own `maxBytes`. */
export const MAX_RESULT_NAME_BYTES = 256 * 1024;

/**
 * Returns the files by relative path; rejects the whole archive on the first unsafe entry, past
 * MAX_RESULT_ENTRIES entries, MAX_RESULT_NAME_BYTES of names or `maxBytes` of data.
 */
export async function readResultsTar(archive: Readable, maxBytes: number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  archive.on('error', (error) => extract.destroy(error));
  archive.pipe(extract);
  let total = 0;
  let entries = 0;
  let nameBytes = 0;
  try {
    for await (const entry of extract) {
      if (++entries > MAX_RESULT_ENTRIES)
        throw new UnsafeResultsError(`the results folder holds more than ${MAX_RESULT_ENTRIES} entries`);
      const problem = checkTarEntry(entry.header);
      if (problem) throw new UnsafeResultsError(problem);
      nameBytes += Buffer.byteLength(entry.header.name) + Buffer.byteLength(entry.header.linkname ?? '');
      if (nameBytes > MAX_RESULT_NAME_BYTES)
        throw new UnsafeResultsError(
          `the results folder's names take more than ${MAX_RESULT_NAME_BYTES} bytes`,
        );
      // The header gives the apparent size before any data is read: a sparse file of 100 GB is
      // refused here, not after tar has spent its time limit reading zeros.
      if (total + entry.header.size > maxBytes)
        throw new UnsafeResultsError(
          `${entry.header.name} takes ${formatBytes(entry.header.size)}, more than the ${formatBytes(maxBytes)} that are read back`,
        );
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
