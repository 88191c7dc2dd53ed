/**
 * Bounded capture of a stream a student program writes. The first half of the limit is kept as the
 * head and the last half as a rolling tail, so a program that floods its output costs the runner at
 * most `limit` bytes of memory, and the student still sees how the output began and how it ended.
 */

import type { CapturedOutput } from './exec-result.js';

export class OutputCapture {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;
  /** A ring buffer, allocated once the head is full; `ringEnd` is where the next byte goes. */
  private ring: Buffer | null = null;
  private ringEnd = 0;
  private ringFilled = 0;
  private total = 0;

  constructor(limitBytes: number) {
    const limit = Math.max(0, Math.floor(limitBytes));
    this.headLimit = Math.floor(limit / 2);
    this.tailLimit = limit - this.headLimit;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const taken = rest.subarray(0, this.headLimit - this.headBytes);
      // Copied, because the caller's chunk may be a view into a much larger buffer it reuses.
      this.headChunks.push(Buffer.from(taken));
      this.headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length > 0 && this.tailLimit > 0) this.pushTail(rest);
  }

  private pushTail(bytes: Buffer): void {
    const size = this.tailLimit;
    this.ring ??= Buffer.alloc(size);
    const kept = bytes.length > size ? bytes.subarray(bytes.length - size) : bytes;
    const first = Math.min(kept.length, size - this.ringEnd);
    kept.copy(this.ring, this.ringEnd, 0, first);
    kept.copy(this.ring, 0, first);
    this.ringEnd = (this.ringEnd + kept.length) % size;
    this.ringFilled = Math.min(size, this.ringFilled + kept.length);
  }

  result(): CapturedOutput {
    const head = Buffer.concat(this.headChunks, this.headBytes);
    const tail = this.orderedTail();
    if (this.total === head.length + tail.length) {
      return { head: Buffer.concat([head, tail]), tail: Buffer.alloc(0), totalBytes: this.total };
    }
    return { head, tail, totalBytes: this.total };
  }

  private orderedTail(): Buffer {
    if (this.ring === null || this.ringFilled === 0) return Buffer.alloc(0);
    if (this.ringFilled < this.ring.length) return Buffer.from(this.ring.subarray(0, this.ringFilled));
    return Buffer.concat([this.ring.subarray(this.ringEnd), this.ring.subarray(0, this.ringEnd)]);
  }
}

export function isTruncated(c: CapturedOutput): boolean {
  return c.totalBytes > c.head.length + c.tail.length;
}

export function elidedBytes(c: CapturedOutput): number {
  return Math.max(0, c.totalBytes - c.head.length - c.tail.length);
}

export function capturedBytes(c: CapturedOutput): Buffer {
  return c.tail.length === 0 ? c.head : Buffer.concat([c.head, c.tail]);
}

/** 1234567 → '1,234,567', the same under every locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The output as UTF-8 text for people; invalid bytes become U+FFFD. A character cut in two by the
 * elision is dropped whole (and counted as elided) rather than shown as two replacement characters.
 */
export function capturedText(c: CapturedOutput): string {
  if (!isTruncated(c)) return capturedBytes(c).toString('utf8');
  const headEnd = completeUtf8Prefix(c.head);
  const tailStart = leadingContinuationBytes(c.tail);
  const elided = elidedBytes(c) + (c.head.length - headEnd) + tailStart;
  return (
    c.head.subarray(0, headEnd).toString('utf8') +
    `\n[… ${formatCount(elided)} bytes elided …]\n` +
    c.tail.subarray(tailStart).toString('utf8')
  );
}

/**
 * A shorter capture of the same output, for messages: keeps at most `maxBytes` (half from the
 * start, half from the end) and counts the rest as elided.
 */
export function shortenCapture(c: CapturedOutput, maxBytes: number): CapturedOutput {
  if (c.head.length + c.tail.length <= maxBytes) return c;
  const bytes = capturedBytes(c);
  const headBytes = Math.floor(maxBytes / 2);
  const tailBytes = maxBytes - headBytes;
  return {
    head: bytes.subarray(0, headBytes),
    tail: bytes.subarray(bytes.length - tailBytes),
    totalBytes: c.totalBytes,
  };
}

/** Length of `buf` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Prefix(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const byte = buf[buf.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Continuation bytes (at most 3) that start `buf`: the rest of a character begun in the elided part. */
function leadingContinuationBytes(buf: Buffer): number {
  let n = 0;
  while (n < 3 && n < buf.length && ((buf[n] ?? 0) & 0xc0) === 0x80) n++;
  return n;
}
