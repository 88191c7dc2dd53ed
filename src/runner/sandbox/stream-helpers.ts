/** Small stream plumbing for running processes in a sandbox: capture, stdin, and waiting with a bound. */
import { Writable, type Readable } from 'node:stream';
import type { OutputCapture } from './output-capture.js';

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
