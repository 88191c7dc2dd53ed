/** Small stream plumbing for running processes in a sandbox: capture, stdin, and waiting with a bound. */
import { Writable, type Readable } from 'node:stream';
import type { OutputCapture } from '../../exec/output-capture.js';

export function captureInto(capture: OutputCapture): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      capture.push(chunk);
      callback();
    },
  });
}

export function feedStdin(stream: NodeJS.ReadWriteStream, stdin: Buffer | Readable | undefined): void {
  if (stdin === undefined) return;
  // A program that never reads its input closes the pipe early; that is its business, not an error.
  stream.on('error', () => undefined);
  if (Buffer.isBuffer(stdin)) {
    stream.end(stdin);
  } else {
    stdin.on('error', () => stream.end());
    stdin.pipe(stream);
  }
}

export function streamEnd(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The byte a sandboxed process writes to stderr first, before the command runs (see `startMarked`). */
export const START_MARK = 0x1e;

/**
 * A stderr sink that drops the start mark and says when it came: the moment the process really
 * started, which under load is seconds after the engine was asked. Student code cannot forge it,
 * because the mark precedes anything the command writes.
 */
export function startMarkSink(target: Writable): { sink: Writable; started: Promise<number> } {
  let seen = false;
  let resolveStarted: (at: number) => void = () => undefined;
  const started = new Promise<number>((resolve) => (resolveStarted = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!seen && chunk.length > 0) {
        seen = true;
        resolveStarted(Date.now());
        if (chunk[0] === START_MARK) chunk = chunk.subarray(1);
      }
      if (chunk.length === 0) callback();
      else target.write(chunk, callback);
    },
  });
  return { sink, started };
}

/** `cmd` behind a shell that writes the start mark and then becomes the command. */
export function startMarked(cmd: string[]): string[] {
  return ['sh', '-c', `printf '\\${START_MARK.toString(8)}' >&2 && exec "$@"`, 'sh', ...cmd];
}
