import { describe, expect, it } from 'vitest';
import {
  clip,
  codeSpan,
  fence,
  fenceOverhead,
  fenceWithin,
  inline,
} from '../../src/reporters/markdown-safety.js';

describe('fence', () => {
  it('uses a fence longer than any backtick run in the text', () => {
    expect(fence('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````');
    expect(fence('plain\n')).toBe('```text\nplain\n```');
  });

  it('shortens backtick runs longer than 16, so a fence stays short', () => {
    expect(fence('`'.repeat(5000))).toBe(
      `${'`'.repeat(17)}text\n${'`'.repeat(16)}[… 4984 more backticks]\n${'`'.repeat(17)}`,
    );
  });

  it('fences a test output of a million backtick runs (1 MiB of output, within the default limit)', () => {
    // Spreading the runs' lengths into Math.max overflowed the stack: the check run never came.
    const text = '`x'.repeat(512 * 1024);
    expect(fence(text)).toBe(`\`\`\`text\n${text}\n\`\`\``);
    expect(codeSpan(text)).toBe(`\`\` ${text} \`\``);
  });
});

describe('fenceWithin', () => {
  it('cuts the text, never the fence, and stays within the limit', () => {
    const fenced = fenceWithin(`${'`'.repeat(5000)}\n${'a'.repeat(10_000)}\n${'`'.repeat(40)}`, 1000);
    expect(fenced.length).toBeLessThanOrEqual(1000);
    expect(fenced.startsWith(`${'`'.repeat(17)}text\n`)).toBe(true);
    expect(fenced.endsWith(`\n${'`'.repeat(17)}`)).toBe(true);
    expect(fenceOverhead()).toBe(40);
  });
});

describe('inline', () => {
  it.each([
    ['**20 / 20 points**', '\\*\\*20 / 20 points\\*\\*'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert\\(1\\)\\>'],
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil\\.example\\)'],
    ['thanks @octocat', 'thanks @\u200boctocat'],
    ['a | b\nc', 'a \\| b c'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
  ])('renders %j inert', (raw, shown) => {
    expect(inline(raw)).toBe(shown);
  });

  it('shortens long text', () => {
    expect(inline('x'.repeat(300), 10)).toBe('xxxxxxxxx…');
  });
});

describe('clip', () => {
  it('keeps head and tail within the limit', () => {
    const clipped = clip('a'.repeat(500) + 'b'.repeat(500), 200);
    expect(clipped.length).toBeLessThanOrEqual(200);
    expect(clipped.startsWith('aaa')).toBe(true);
    expect(clipped.endsWith('bbb')).toBe(true);
    expect(clipped).toContain('[… ');
  });

  it('leaves short text alone', () => {
    expect(clip('short', 200)).toBe('short');
  });
});
