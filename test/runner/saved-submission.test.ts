/**
 * The between-test save's two size bounds, with the save step's process scripted: the sizes the
 * files claim (checked in the sandbox before tar starts; the Docker side is in
 * test/adversarial/forced-infra-errors.test.ts) and the tar stream itself, the only bound left in an
 * image without GNU `du`.
 */
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/exec/exec-result.js';
import { SubmissionTooLargeError } from '../../src/runner/sandbox/sandbox-errors.js';
import type { RunRequest } from '../../src/runner/sandbox/docker/run-request.js';
import { SavedSubmission } from '../../src/runner/sandbox/docker/step-reset.js';

const MAX_BYTES = 1024 * 1024;
const TAR_OVERHEAD_BYTES = 16 * 1024 * 1024;

function exited(exitCode: number, stderr = ''): ExecResult {
  const captured = (text: string) => ({
    head: Buffer.from(text),
    tail: Buffer.alloc(0),
    totalBytes: text.length,
  });
  return { exitCode, stdout: captured(''), stderr: captured(stderr), timedOut: false, durationMs: 1 };
}

/** Writes `bytes` zeros to the step's sink in 64 KiB chunks, waiting on the pipe as tar would. */
async function streamZeros(sink: Writable, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!sink.write(chunk)) await new Promise((resolve) => sink.once('drain', resolve));
  }
}

describe('saving the submission between tests', () => {
  it('refuses files that claim more than the bound before tar reads them, and passes the bound in', async () => {
    const steps: RunRequest['cmd'][] = [];
    let stops = 0;
    const saving = SavedSubmission.save(
      async (step) => {
        steps.push(step.cmd);
        return exited(4, '107374182400\n');
      },
      MAX_BYTES,
      async () => {
        stops += 1;
      },
    );
    await expect(saving).rejects.toThrow(SubmissionTooLargeError);
    await expect(saving).rejects.toThrow(
      `the submission after the build is larger than ${MAX_BYTES + TAR_OVERHEAD_BYTES} bytes: its files claim 107374182400 bytes`,
    );
    expect(steps).toHaveLength(1);
    expect(steps[0]!.at(-1)).toBe(String(MAX_BYTES + TAR_OVERHEAD_BYTES));
    expect(stops).toBe(0);
  });

  it('stops a tar stream past the bound once, and drains the rest', async () => {
    let stops = 0;
    const saving = SavedSubmission.save(
      async (step) => {
        await streamZeros(step.stdoutSink!, MAX_BYTES + TAR_OVERHEAD_BYTES + 4 * 1024 * 1024);
        return exited(0);
      },
      MAX_BYTES,
      async () => {
        stops += 1;
      },
    );
    await expect(saving).rejects.toThrow(
      `the submission after the build is larger than ${MAX_BYTES + TAR_OVERHEAD_BYTES} bytes as a tar`,
    );
    expect(stops).toBe(1);
  });

  it('keeps a submission within the bound', async () => {
    const saved = await SavedSubmission.save(
      async (step) => {
        await streamZeros(step.stdoutSink!, MAX_BYTES);
        return exited(0);
      },
      MAX_BYTES,
      async () => {
        throw new Error('nothing to stop');
      },
    );
    await saved.discard();
  });
});
