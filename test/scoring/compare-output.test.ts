import { describe, expect, it } from 'vitest';
import type { CapturedOutput } from '../../src/exec/exec-result.js';
import { OutputCapture } from '../../src/exec/output-capture.js';
import { compareOutput } from '../../src/scoring/compare-output.js';

function out(content: string | Buffer, limit = 1024 * 1024): CapturedOutput {
  const c = new OutputCapture(limit);
  c.push(typeof content === 'string' ? Buffer.from(content) : content);
  return c.result();
}

const pass = { passed: true, reason: null };
const fail = (reason: string) => ({ passed: false, reason });

describe('exact', () => {
  it('passes on identical bytes only', () => {
    expect(compareOutput(out('hello\n'), 'hello\n', 'exact')).toEqual(pass);
    expect(compareOutput(out(''), '', 'exact')).toEqual(pass);
  });

  it('does not normalise line endings or trailing space', () => {
    expect(compareOutput(out('hello\r\n'), 'hello\n', 'exact')).toEqual(
      fail('line 1: expected "hello\\n", got "hello\\r\\n"'),
    );
    expect(compareOutput(out('a\nb \n'), 'a\nb\n', 'exact')).toEqual(
      fail('line 2: expected "b\\n", got "b \\n"'),
    );
  });

  it('names a missing or extra final newline', () => {
    expect(compareOutput(out('hello'), 'hello\n', 'exact')).toEqual(
      fail('line 1: expected "hello\\n", got "hello"'),
    );
    expect(compareOutput(out('a\nb\n'), 'a\n', 'exact')).toEqual(
      fail('line 2: expected no more output, got "b\\n"'),
    );
    expect(compareOutput(out('a\n'), 'a\nb\n', 'exact')).toEqual(
      fail('line 2: expected "b\\n", got no more output'),
    );
  });

  it('explains empty output and unexpected output', () => {
    expect(compareOutput(out(''), 'hello\n', 'exact')).toEqual(fail('expected "hello\\n", got no output'));
    expect(compareOutput(out('oops\n'), '', 'exact')).toEqual(fail('expected no output, got "oops\\n"'));
  });

  it('compares binary output byte for byte', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0a]);
    expect(compareOutput(out(bytes), '\u0000\uFFFD\n', 'exact')).toEqual(
      fail(
        'line 1: expected "\\u0000�\\n", got "\\u0000�\\n" (the output is not valid UTF-8; invalid bytes are shown as �)',
      ),
    );
    expect(compareOutput(out(Buffer.from('\u0000é\n')), '\u0000é\n', 'exact')).toEqual(pass);
  });
});

describe('trimmed', () => {
  it('ignores CRLF, CR, trailing spaces and surrounding blank lines', () => {
    expect(compareOutput(out('a\r\nb\r\n'), 'a\nb\n', 'trimmed')).toEqual(pass);
    expect(compareOutput(out('a\rb\r'), 'a\nb', 'trimmed')).toEqual(pass);
    expect(compareOutput(out('a  \t\nb   \n'), 'a\nb\n', 'trimmed')).toEqual(pass);
    expect(compareOutput(out('\n\n  \na\nb\n\n\n'), 'a\nb', 'trimmed')).toEqual(pass);
    expect(compareOutput(out('a\nb'), '\na\nb\n\n', 'trimmed')).toEqual(pass);
  });

  it('keeps leading spaces and inner blank lines significant', () => {
    expect(compareOutput(out('  a\n'), 'a\n', 'trimmed')).toEqual(fail('line 1: expected "a", got "  a"'));
    expect(compareOutput(out('a\nb\n'), 'a\n\nb\n', 'trimmed')).toEqual(fail('line 2: expected "", got "b"'));
  });

  it('handles empty output against empty and non-empty expectations', () => {
    expect(compareOutput(out(''), '', 'trimmed')).toEqual(pass);
    expect(compareOutput(out('\n \n'), '\n', 'trimmed')).toEqual(pass);
    expect(compareOutput(out(''), 'hello\nworld\n', 'trimmed')).toEqual(
      fail('expected "hello", got no output'),
    );
    expect(compareOutput(out('hello\n'), '', 'trimmed')).toEqual(
      fail('line 1: expected no more output, got "hello"'),
    );
  });

  it('names the first differing line as the student sees it', () => {
    expect(compareOutput(out('\n1\n2\nthree\n4\n'), '1\n2\n3\n4\n', 'trimmed')).toEqual(
      fail('line 4: expected "3", got "three"'),
    );
    expect(compareOutput(out('1\n2\n'), '1\n2\n3\n', 'trimmed')).toEqual(
      fail('output ended after line 2; expected another line: "3"'),
    );
  });

  it('shows a window of a long line around the difference', () => {
    const expected = 'x'.repeat(1000) + 'A' + 'y'.repeat(1000);
    const actual = 'x'.repeat(1000) + 'B' + 'y'.repeat(1000);
    const reason = compareOutput(out(actual), expected, 'trimmed').reason ?? '';
    const window = (c: string) => `…"${'x'.repeat(50)}${c}${'y'.repeat(149)}"…`;
    expect(reason).toBe(`line 1: expected ${window('A')}, got ${window('B')}`);
  });

  it('compares the lossy decoding of binary output', () => {
    expect(compareOutput(out(Buffer.from([0x61, 0xff, 0x0a])), 'a\uFFFD', 'trimmed')).toEqual(pass);
    expect(compareOutput(out(Buffer.from([0x61, 0xff, 0x0a])), 'a', 'trimmed')).toEqual(
      fail('line 1: expected "a", got "a�"'),
    );
  });
});

describe('contains', () => {
  it('finds the text after CRLF normalisation', () => {
    expect(compareOutput(out('x\r\nanswer: 42\r\ny'), 'answer: 42\ny', 'contains')).toEqual(pass);
    expect(compareOutput(out('anything'), '', 'contains')).toEqual(pass);
    expect(compareOutput(out(''), '', 'contains')).toEqual(pass);
  });

  it('fails with the missing text', () => {
    expect(compareOutput(out('answer: 41\n'), 'answer: 42', 'contains')).toEqual(
      fail('expected the output to contain "answer: 42"'),
    );
    expect(compareOutput(out(''), '42', 'contains')).toEqual(fail('expected the output to contain "42"'));
  });

  it('searches only the kept head and tail of truncated output', () => {
    const flood = out(`BEGIN ${'.'.repeat(1000)} MIDDLE ${'.'.repeat(1000)} END`, 100);
    expect(compareOutput(flood, 'BEGIN', 'contains')).toEqual(pass);
    expect(compareOutput(flood, 'END', 'contains')).toEqual(pass);
    expect(compareOutput(flood, 'MIDDLE', 'contains')).toEqual(
      fail(
        'expected the output to contain "MIDDLE" (output exceeded the 100 byte limit; ' +
          'only its beginning and end were searched)',
      ),
    );
  });
});

describe('regex', () => {
  it('is unanchored and multiline', () => {
    expect(compareOutput(out('result: 42\n'), '\\d+', 'regex')).toEqual(pass);
    expect(compareOutput(out('first\nresult: 42\nlast\n'), '^result: \\d+$', 'regex')).toEqual(pass);
    expect(compareOutput(out('first\r\nresult: 42\r\nlast\r\n'), '^result: \\d+$', 'regex')).toEqual(pass);
  });

  it('respects the instructor’s anchors', () => {
    expect(compareOutput(out('xresult: 42\n'), '^result: \\d+$', 'regex')).toEqual(
      fail('output did not match the pattern "^result: \\\\d+$"'),
    );
    // Without the `s` flag `.` does not cross lines, and `^…$` here must cover a single line.
    expect(compareOutput(out('a\nb\n'), '^a.b$', 'regex')).toEqual(
      fail('output did not match the pattern "^a.b$"'),
    );
    expect(compareOutput(out('a\nb\n'), '^a\\nb$', 'regex')).toEqual(pass);
  });

  // 2^40 ways to split the a's: only the 1 s bound ends this match, on an idle or a busy machine.
  it('stops catastrophic backtracking at its bound of a second', () => {
    expect(compareOutput(out('a'.repeat(40) + 'b'), '(a+)+$', 'regex')).toEqual(
      fail('regex did not finish within 1 s'),
    );
    // The shared evaluation context still works after an interrupted match.
    expect(compareOutput(out('ok'), '^ok$', 'regex')).toEqual(pass);
  });

  it('reports an invalid pattern', () => {
    expect(compareOutput(out('x'), '(', 'regex')).toEqual(
      fail(
        "the test's regular expression is invalid (Invalid regular expression: /(/m: Unterminated group); tell your instructor",
      ),
    );
  });
});

describe('truncated output', () => {
  const flood = out('y\n'.repeat(1000), 64);

  it('never passes exact, trimmed or regex', () => {
    const reason = fail('output exceeded the 64 byte limit');
    expect(compareOutput(flood, 'y\n'.repeat(1000), 'exact')).toEqual(reason);
    expect(compareOutput(flood, 'y\n'.repeat(1000), 'trimmed')).toEqual(reason);
    expect(compareOutput(flood, 'y', 'regex')).toEqual(reason);
  });

  it('groups the limit’s digits', () => {
    const big = out(Buffer.alloc(3 * 1024 * 1024, 'y'));
    expect(compareOutput(big, '', 'trimmed')).toEqual(fail('output exceeded the 1,048,576 byte limit'));
  });
});

describe('normalize', () => {
  it('trim: CRLF becomes LF and the whole text is trimmed, inner trailing spaces stay', () => {
    const trim = { normalize: 'trim' } as const;
    expect(compareOutput(out('\n  a \r\nb\r\n\r\n'), 'a \nb', 'exact', trim)).toEqual(pass);
    expect(compareOutput(out(' \t\na\n'), '\n\na\n  ', 'exact', trim)).toEqual(pass);
    expect(compareOutput(out('a\nb\n'), 'a \nb', 'exact', trim)).toEqual(
      fail('line 1: expected "a \\n", got "a\\n"'),
    );
    // Only CRLF is a line ending to trim; a lone CR inside the text stays, as in GitHub Classroom.
    expect(compareOutput(out('a\rb'), 'a\nb', 'exact', trim).passed).toBe(false);
    expect(compareOutput(out('   \r\n'), '', 'exact', trim)).toEqual(pass);
    expect(compareOutput(out('x'), '', 'exact', trim).passed).toBe(false);
  });

  it("ends: only the whole text's ends are trimmed, CRLF inside stays (the io-grader's rule)", () => {
    const ends = { normalize: 'ends' } as const;
    expect(compareOutput(out('\n  a \nb\r\n\r\n'), ' a \nb ', 'exact', ends)).toEqual(pass);
    expect(compareOutput(out('a\r\nb\r\n'), 'a\nb', 'exact', ends).passed).toBe(false);
    expect(compareOutput(out('a\r\nb\r\n'), 'a\r\nb', 'exact', ends)).toEqual(pass);
    expect(compareOutput(out('x: a\r\nb'), 'a\nb', 'contains', ends).passed).toBe(false);
  });

  it('trim with contains: the expected text is trimmed; empty expected text always matches', () => {
    const trim = { normalize: 'trim' } as const;
    expect(compareOutput(out('total: 42 \r\nbye\r\n'), '  42 \r\nbye\n', 'contains', trim)).toEqual(pass);
    expect(compareOutput(out('anything'), '', 'contains', trim)).toEqual(pass);
    expect(compareOutput(out(''), '\n', 'contains', trim)).toEqual(pass);
    expect(compareOutput(out('4 2'), '42', 'contains', trim)).toEqual(
      fail('expected the output to contain "42"'),
    );
  });

  it('none with contains compares the output as printed', () => {
    expect(compareOutput(out('a\r\nb'), 'a\nb', 'contains', { normalize: 'none' }).passed).toBe(false);
    expect(compareOutput(out('a\r\nb'), 'a\nb', 'contains')).toEqual(pass);
  });

  it('newlines with exact ignores only the kind of line ending', () => {
    const newlines = { normalize: 'newlines' } as const;
    expect(compareOutput(out('a\r\nb\r\n'), 'a\nb\n', 'exact', newlines)).toEqual(pass);
    expect(compareOutput(out('a\r\nb'), 'a\nb\n', 'exact', newlines).passed).toBe(false);
  });
});

describe('regex flags', () => {
  it('without flags, ^ and $ mean the whole (normalised) output', () => {
    const classroom = { normalize: 'trim', flags: '' } as const;
    expect(compareOutput(out('\n3 items\r\n'), '^\\d+ items?$', 'regex', classroom)).toEqual(pass);
    expect(compareOutput(out('header\n3 items\n'), '^\\d+ items?$', 'regex', classroom).passed).toBe(false);
    // The default is multi-line: the same pattern finds the line.
    expect(compareOutput(out('header\n3 items\n'), '^\\d+ items?$', 'regex')).toEqual(pass);
  });

  it('applies i and s, and searches anywhere', () => {
    expect(compareOutput(out('Result: OK'), 'result: ok', 'regex', { flags: 'i' })).toEqual(pass);
    expect(compareOutput(out('a\nb'), 'a.b', 'regex', { flags: '' }).passed).toBe(false);
    expect(compareOutput(out('a\nb'), 'a.b', 'regex', { flags: 's' })).toEqual(pass);
    expect(compareOutput(out('xx a+b yy'), 'a\\+b', 'regex', { flags: '' })).toEqual(pass);
    expect(compareOutput(out('aab'), 'a\\+b', 'regex', { flags: '' }).passed).toBe(false);
  });
});
