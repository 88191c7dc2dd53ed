/**
 * Records the scoreboard nickname a submission chooses (`gradebot-nickname.txt` at its root) before
 * it is graded. The file comes from the student, and this runs on the runner host, outside the
 * sandbox: a symbolic link could point at any file of the host, and a FIFO or device could block the
 * read forever, so only a regular file is read, and at most 1 KiB of it. A nickname never fails a
 * job: a file that is refused (invalid, or looking like another student's nickname) is explained to
 * the student in the result, and anything else that goes wrong is logged and forgotten.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { jobLogFields } from '../../jobs/job-log-fields.js';
import type { JobPayload } from '../../jobs/job-payload.js';
import type { Logger } from '../../log/logger.js';
import { looksLike } from '../../standings/lookalike.js';
import { NICKNAME_FILE, parseNickname } from '../../standings/nickname.js';
import type { GradingResult } from '../../results/results.js';
import type { ResultsStore } from '../../store/results-store.js';

const MAX_BYTES = 1024;

export type NicknameFile =
  { kind: 'absent' } | { kind: 'valid'; nickname: string } | { kind: 'invalid'; reason: string };

/** Reads and checks the nickname file of a submission folder. */
export async function readNickname(submissionDir: string): Promise<NicknameFile> {
  const file = path.join(submissionDir, NICKNAME_FILE);
  const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (!stats) return { kind: 'absent' };
  if (!stats.isFile()) return { kind: 'invalid', reason: 'not a regular file' };
  // O_NOFOLLOW and the second check close the gap between lstat and open; O_NONBLOCK keeps a FIFO
  // swapped in meanwhile from blocking the open.
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) return { kind: 'invalid', reason: 'not a regular file' };
    const buffer = Buffer.alloc(MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_BYTES) return { kind: 'invalid', reason: `larger than ${MAX_BYTES} bytes` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } catch {
      return { kind: 'invalid', reason: 'not UTF-8 text' };
    }
    const parsed = parseNickname(text);
    return parsed.ok
      ? { kind: 'valid', nickname: parsed.nickname }
      : { kind: 'invalid', reason: parsed.reason };
  } finally {
    await handle.close();
  }
}

/**
 * Stores the nickname the submission chooses, or clears it when the file is gone. A file that is
 * invalid, or names what another student's nickname looks like, leaves the previous nickname alone
 * and gives the sentence that tells the student why; otherwise null. Never throws.
 */
export async function recordNickname(
  submissionDir: string,
  payload: JobPayload,
  deps: { results: ResultsStore; log: Logger; jobId: string },
): Promise<string | null> {
  const { org, assignment, student } = payload;
  const fields = jobLogFields(deps.jobId, payload);
  try {
    const found = await readNickname(submissionDir);
    if (found.kind === 'invalid') {
      deps.log.debug('ignored an invalid nickname file', { ...fields, reason: found.reason });
      return refused(found.reason);
    }
    const nickname = found.kind === 'valid' ? found.nickname : null;
    if (nickname !== null) {
      const taken = [...(await deps.results.nicknames(org, assignment))].some(
        ([other, name]) => other !== student && looksLike(name, nickname),
      );
      if (taken) {
        deps.log.debug('ignored a nickname that looks like another', fields);
        return refused("it is, or looks like, another student's nickname on this scoreboard");
      }
    }
    await deps.results.setNickname(org, assignment, student, nickname);
  } catch (error) {
    deps.log.warn('could not record the nickname', { ...fields, reason: String(error) });
  }
  return null;
}

function refused(reason: string): string {
  return `Your scoreboard nickname (${NICKNAME_FILE}) was not used: ${reason}. The scoreboard shows the name it showed before.`;
}

/** The result with the nickname's refusal, if any, above its own output. */
export function withNicknameNote(result: GradingResult, note: string | null): GradingResult {
  if (!note) return result;
  return { ...result, output: result.output ? `${note}\n\n${result.output}` : note };
}
