/**
 * Where a JSON text first goes wrong. `JSON.parse` names a position for some errors only ("Unexpected
 * token 'g', "garbage" is not valid JSON" has none), and an instructor debugging a grader needs a
 * line and column. Only called after `JSON.parse` failed; iterative, so deep nesting is no risk.
 */

export interface TextPosition {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

class SyntaxAt {
  constructor(readonly offset: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The position of the first syntax error, or null if `text` is valid JSON. */
export function jsonErrorPosition(text: string): TextPosition | null {
  const offset = firstErrorOffset(text);
  if (offset === null) return null;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { offset, line: before.split('\n').length, column: offset - lineStart + 1 };
}

function firstErrorOffset(text: string): number | null {
  try {
    scan(text);
    return null;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

function scan(text: string): void {
  const closers: string[] = [];
  let i = skipSpace(text, 0);
  let expect: 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after' = 'value';
  for (;;) {
    const c = text[i];
    if (expect === 'after') {
      const closer = closers.at(-1);
      if (closer === undefined) {
        if (i < text.length) throw new SyntaxAt(i);
        return;
      }
      if (c === ',') expect = closer === '}' ? 'key' : 'value';
      else if (c === closer) closers.pop();
      else throw new SyntaxAt(i);
      i = skipSpace(text, i + 1);
    } else if (expect === 'key' || expect === 'key-or-end') {
      if (expect === 'key-or-end' && c === '}') {
        closers.pop();
        expect = 'after';
        i = skipSpace(text, i + 1);
        continue;
      }
      if (c !== '"') throw new SyntaxAt(i);
      i = skipSpace(text, scanString(text, i));
      if (text[i] !== ':') throw new SyntaxAt(i);
      i = skipSpace(text, i + 1);
      expect = 'value';
    } else {
      if (c === '{' || c === '[') {
        closers.push(c === '{' ? '}' : ']');
        expect = c === '{' ? 'key-or-end' : 'value-or-end';
      } else if (expect === 'value-or-end' && c === ']') {
        closers.pop();
        expect = 'after';
      } else {
        i = scanScalar(text, i);
        expect = 'after';
        i = skipSpace(text, i);
        continue;
      }
      i = skipSpace(text, i + 1);
    }
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  return i;
}

/** Index just past the scalar value starting at `i`. */
function scanScalar(text: string, i: number): number {
  if (text[i] === '"') return scanString(text, i);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw new SyntaxAt(i);
}

/** Index just past the string whose opening quote is at `i`. */
function scanString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    if (j >= text.length) throw new SyntaxAt(text.length);
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) throw new SyntaxAt(j);
    if (code === 0x5c) {
      ESCAPE.lastIndex = j;
      if (!ESCAPE.test(text)) throw new SyntaxAt(j);
      j = ESCAPE.lastIndex;
    } else {
      j++;
    }
  }
}
