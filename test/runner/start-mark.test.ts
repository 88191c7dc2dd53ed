/** The start mark a sandboxed process writes first: when it started, and its pid in the container. */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { START_MARK, startMarkSink, startMarked } from '../../src/runner/sandbox/stream-helpers.js';

/** Writes `chunks` through a start-mark sink; returns the mark and what reached the target. */
async function through(chunks: Buffer[]): Promise<{ pid: number | null; passed: string; started: boolean }> {
  const received: Buffer[] = [];
  const target = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  const { sink, started } = startMarkSink(target);
  let mark: { pid: number | null } | null = null;
  void started.then((value) => (mark = value));
  for (const chunk of chunks) await new Promise<void>((resolve) => sink.write(chunk, () => resolve()));
  await Promise.resolve();
  return { pid: mark?.['pid'] ?? null, passed: Buffer.concat(received).toString(), started: mark !== null };
}

const MARK = String.fromCharCode(START_MARK);

describe('the start mark', () => {
  it('is dropped, and names the pid, whole or split across chunks', async () => {
    expect(await through([Buffer.from(`${MARK}42${MARK}oops`)])).toEqual({
      pid: 42,
      passed: 'oops',
      started: true,
    });
    expect(await through([Buffer.from(`${MARK}4`), Buffer.from(`2${MARK}`), Buffer.from('x')])).toEqual({
      pid: 42,
      passed: 'x',
      started: true,
    });
  });

  it('passes stderr through whole when no mark comes first (the process never started)', async () => {
    expect(await through([Buffer.from('exec failed')])).toEqual({
      pid: null,
      passed: 'exec failed',
      started: true,
    });
  });

  it('does not take a pid from a mark that never closes', async () => {
    const endless = `${MARK}${'9'.repeat(20)}`;
    expect(await through([Buffer.from(endless)])).toEqual({
      pid: null,
      passed: '9'.repeat(20),
      started: true,
    });
  });

  it('is written by the shell before the command, around the pid the command then has', () => {
    const [shell, ...args] = startMarked(['sh', '-c', 'echo $$ >&2; echo out']);
    const run = spawnSync(shell!, args, { encoding: 'latin1' });
    const [before, pid, rest] = run.stderr.split(MARK);
    expect(before).toBe('');
    expect(pid).toMatch(/^\d+$/);
    expect(rest).toBe(`${pid}\n`);
    expect(run.stdout).toBe('out\n');
  });
});
