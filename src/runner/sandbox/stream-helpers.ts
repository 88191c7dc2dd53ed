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

/** The byte a sandboxed process writes to stderr first, around its pid, before the command runs (see `startMarked`). */
export const START_MARK = 0x1e;
/** The longest start mark: the byte, a pid of up to 10 digits, the byte. */
const LONGEST_MARK = 12;

export interface StartMark {
  /** When the mark came: the moment the process really started, which under load is seconds after the engine was asked. */
  at: number;
  /** The process's pid inside the container, to ask there whether it still runs; null when it wrote no mark. */
  pid: number | null;
}

/**
 * A stderr sink that drops the start mark and says when it came and which pid it named. Student
 * code cannot forge it, because the mark precedes anything the command writes.
 */
export function startMarkSink(target: Writable): { sink: Writable; started: Promise<StartMark> } {
  let head: Buffer | null = Buffer.alloc(0);
  let resolveStarted: (mark: StartMark) => void = () => undefined;
  const started = new Promise<StartMark>((resolve) => (resolveStarted = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (head !== null) {
        const read = readStartMark(Buffer.concat([head, chunk]));
        if (read === 'incomplete') {
          head = Buffer.concat([head, chunk]);
          callback();
          return;
        }
        head = null;
        resolveStarted({ at: Date.now(), pid: read.pid });
        chunk = read.rest;
      }
      if (chunk.length === 0) callback();
      else target.write(chunk, callback);
    },
  });
  return { sink, started };
}

/** The pid of a complete start mark at the front of `bytes` and what follows; anything else passes through whole. */
function readStartMark(bytes: Buffer): { pid: number | null; rest: Buffer } | 'incomplete' {
  if (bytes.length === 0) return 'incomplete';
  if (bytes[0] !== START_MARK) return { pid: null, rest: bytes };
  const end = bytes.indexOf(START_MARK, 1);
  if (end === -1) return bytes.length < LONGEST_MARK ? 'incomplete' : { pid: null, rest: bytes.subarray(1) };
  const digits = bytes.subarray(1, end).toString('latin1');
  return { pid: /^\d{1,10}$/.test(digits) ? Number(digits) : null, rest: bytes.subarray(end + 1) };
}

/** `cmd` behind a shell that writes the start mark around its pid and then becomes the command. */
export function startMarked(cmd: string[]): string[] {
  const mark = `\\${START_MARK.toString(8)}`;
  return ['sh', '-c', `printf '${mark}%s${mark}' "$$" >&2 && exec "$@"`, 'sh', ...cmd];
}
