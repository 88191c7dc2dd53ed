import { describe, expect, it } from 'vitest';
import {
  capturedBytes,
  capturedText,
  formatCount,
  isTruncated,
  OutputCapture,
  shortenCapture,
} from '../../src/exec/output-capture.js';
import type { CapturedOutput } from '../../src/exec/exec-result.js';

function capture(limit: number, ...chunks: (string | Buffer)[]): CapturedOutput {
  const c = new OutputCapture(limit);
  for (const chunk of chunks) c.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return c.result();
}

describe('OutputCapture', () => {
  it('keeps everything in head when nothing is elided', () => {
    expect(capture(10, 'abc', 'de')).toEqual({
      head: Buffer.from('abcde'),
      tail: Buffer.alloc(0),
      totalBytes: 5,
    });
    expect(capture(10, '0123456', '789')).toEqual({
      head: Buffer.from('0123456789'),
      tail: Buffer.alloc(0),
      totalBytes: 10,
    });
  });

  it('captures nothing pushed as empty', () => {
    expect(capture(10)).toEqual({ head: Buffer.alloc(0), tail: Buffer.alloc(0), totalBytes: 0 });
    expect(capture(10, '')).toEqual({ head: Buffer.alloc(0), tail: Buffer.alloc(0), totalBytes: 0 });
  });

  it('keeps the first and last half of the limit once it is exceeded', () => {
    expect(capture(10, '0123456789X')).toEqual({
      head: Buffer.from('01234'),
      tail: Buffer.from('6789X'),
      totalBytes: 11,
    });
    expect(capture(6, 'ab', 'cd', 'ef', 'gh', 'ij', 'k')).toEqual({
      head: Buffer.from('abc'),
      tail: Buffer.from('ijk'),
      totalBytes: 11,
    });
  });

  it('splits an odd limit with the extra byte in the tail', () => {
    expect(capture(5, 'abcdefgh')).toEqual({
      head: Buffer.from('ab'),
      tail: Buffer.from('fgh'),
      totalBytes: 8,
    });
  });

  it('elides everything with a zero limit', () => {
    expect(capture(0, 'abc')).toEqual({ head: Buffer.alloc(0), tail: Buffer.alloc(0), totalBytes: 3 });
  });

  it('agrees with slicing the whole stream, for any chunking', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const limit = random(40);
      const whole = Buffer.from(Array.from({ length: random(120) }, () => 97 + random(26)));
      const c = new OutputCapture(limit);
      for (let at = 0; at < whole.length;) {
        const size = 1 + random(30);
        c.push(whole.subarray(at, at + size));
        at += size;
      }
      const half = Math.floor(limit / 2);
      const expected =
        whole.length <= limit
          ? { head: whole, tail: Buffer.alloc(0), totalBytes: whole.length }
          : {
              head: whole.subarray(0, half),
              tail: whole.subarray(whole.length - (limit - half)),
              totalBytes: whole.length,
            };
      expect(c.result()).toEqual(expected);
    }
  });

  it('does not keep a view of the caller’s buffer', () => {
    const chunk = Buffer.from('hello');
    const c = new OutputCapture(100);
    c.push(chunk);
    chunk.fill(0);
    expect(c.result().head.toString()).toBe('hello');
  });

  it('stays within its limit while 200 MB are pushed in 64 KiB chunks', () => {
    const limit = 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const last = Buffer.alloc(64 * 1024, 'z');
    const c = new OutputCapture(limit);
    const before = process.memoryUsage().arrayBuffers;
    c.push(Buffer.from('START'));
    for (let i = 0; i < 3200; i++) c.push(chunk);
    c.push(last);
    const grown = process.memoryUsage().arrayBuffers - before;
    const result = c.result();
    expect(result.totalBytes).toBe(5 + 3200 * 64 * 1024 + 64 * 1024);
    expect(result.head.length).toBe(limit / 2);
    expect(result.tail.length).toBe(limit / 2);
    expect(result.head.subarray(0, 6).toString()).toBe('STARTx');
    expect(result.tail.subarray(-64 * 1024)).toEqual(last);
    expect(result.tail.subarray(0, 1).toString()).toBe('x');
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('capturedText', () => {
  it('is the UTF-8 text when nothing was elided', () => {
    expect(capturedText(capture(100, 'héllo\n'))).toBe('héllo\n');
  });

  it('marks the elided middle with a byte count', () => {
    const c = { head: Buffer.from('abc'), tail: Buffer.from('xyz'), totalBytes: 998_123_462 };
    expect(isTruncated(c)).toBe(true);
    expect(capturedText(c)).toBe('abc\n[… 998,123,456 bytes elided …]\nxyz');
  });

  it('shows invalid UTF-8 as replacement characters', () => {
    expect(capturedText(capture(100, Buffer.from([0x61, 0xff, 0xfe, 0x62])))).toBe('a\uFFFD\uFFFDb');
  });

  it('drops a character cut in two by the elision rather than showing garbage', () => {
    // 'é' is c3 a9: the head ends with c3 and the tail starts with a9.
    const c = capture(6, Buffer.from('abé'), Buffer.from('-----'), Buffer.from('éyz'));
    expect(c.head).toEqual(Buffer.from('ab\xc3', 'latin1'));
    expect(c.tail).toEqual(Buffer.from('\xa9yz', 'latin1'));
    expect(capturedText(c)).toBe('ab\n[… 9 bytes elided …]\nyz');
  });

  it('keeps a complete character at the end of the head', () => {
    const c = { head: Buffer.from('a€'), tail: Buffer.from('z'), totalBytes: 10 };
    expect(capturedText(c)).toBe('a€\n[… 5 bytes elided …]\nz');
  });
});

describe('capturedBytes and shortenCapture', () => {
  it('joins head and tail', () => {
    expect(capturedBytes(capture(4, 'abcdef'))).toEqual(Buffer.from('abef'));
  });

  it('leaves a small capture alone', () => {
    const c = capture(100, 'hello');
    expect(shortenCapture(c, 10)).toBe(c);
  });

  it('keeps the start and the end and counts the rest as elided', () => {
    const short = shortenCapture(capture(100, '0123456789abcdefghij'), 6);
    expect(short).toEqual({ head: Buffer.from('012'), tail: Buffer.from('hij'), totalBytes: 20 });
    expect(capturedText(short)).toBe('012\n[… 14 bytes elided …]\nhij');
  });

  it('shortens an already truncated capture', () => {
    const short = shortenCapture(capture(10, '0123456789abcdefghij'), 4);
    expect(short).toEqual({ head: Buffer.from('01'), tail: Buffer.from('ij'), totalBytes: 20 });
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect([0, 999, 1000, 1048576, 998123456].map(formatCount)).toEqual([
      '0',
      '999',
      '1,000',
      '1,048,576',
      '998,123,456',
    ]);
  });
});
