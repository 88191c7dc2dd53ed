/**
 * Compares a test's captured stdout with the instructor's expected output. This runs in the runner,
 * outside the container, so the expected output of hidden tests never reaches student code.
 * Reasons are written for the student: short, and pointing at the first difference.
 */
import { isUtf8 } from 'node:buffer';
import { DEFAULT_REGEX_FLAGS, defaultNormalization } from '../course/comparison-defaults.js';
import type { MatchKind, Normalization } from '../course/types.js';
import { capturedBytes, formatCount, isTruncated } from '../exec/output-capture.js';
import type { CapturedOutput } from '../exec/exec-result.js';
import { REGEX_TIMEOUT_MS, testRegex } from './bounded-regex.js';
import { firstDifference, normaliseNewlines, quote } from './describe-text.js';

export interface Comparison {
  passed: boolean;
  /** Why it failed, for the student; null when it passed. */
  reason: string | null;
}

const PASSED: Comparison = { passed: true, reason: null };
const failed = (reason: string): Comparison => ({ passed: false, reason });

export interface CompareOptions {
  /** Default: none for exact, newlines for contains and regex; trimmed ignores it. */
  normalize?: Normalization;
  /** Flags of a regex (default m). */
  flags?: string;
}

export function compareOutput(
  actual: CapturedOutput,
  expected: string,
  match: MatchKind,
  options: CompareOptions = {},
): Comparison {
  const normalize = options.normalize ?? defaultNormalization(match);
  if (match === 'contains') return compareContains(actual, expected, normalize);
  // With the middle elided, neither equality nor a pattern over the whole output can be decided.
  if (isTruncated(actual)) return failed(`output exceeded the ${formatCount(keptBytes(actual))} byte limit`);
  const bytes = capturedBytes(actual);
  switch (match) {
    case 'exact':
      if (normalize === 'none') return compareExact(bytes, Buffer.from(expected, 'utf8'));
      return compareExact(
        Buffer.from(normalizeText(bytes.toString('utf8'), normalize)),
        Buffer.from(normalizeText(expected, normalize)),
      );
    case 'trimmed':
      return compareTrimmed(bytes.toString('utf8'), expected);
    case 'regex':
      // The pattern is left as written: normalising it could change what it means.
      return compareRegex(
        normalizeText(bytes.toString('utf8'), normalize),
        expected,
        options.flags ?? DEFAULT_REGEX_FLAGS,
      );
  }
}

/** Applies a test's normalisation to one side of a comparison. */
export function normalizeText(text: string, normalize: Normalization): string {
  switch (normalize) {
    case 'none':
      return text;
    case 'newlines':
      return normaliseNewlines(text);
    case 'trim':
      // Exactly GitHub Classroom's rule: only CRLF, then String.prototype.trim of the whole text.
      return text.replace(/\r\n/g, '\n').trim();
    case 'ends':
      // GitHub Classroom's io-grader: String.prototype.trim of the whole text, CRs inside kept.
      return text.trim();
  }
}

function keptBytes(c: CapturedOutput): number {
  return c.head.length + c.tail.length;
}

function compareExact(got: Buffer, want: Buffer): Comparison {
  if (got.equals(want)) return PASSED;
  if (got.length === 0) return failed(`expected ${quote(lineAt(want, 0).text)}, got no output`);
  if (want.length === 0) return failed(`expected no output, got ${quote(lineAt(got, 0).text)}`);
  let at = 0;
  while (at < got.length && at < want.length && got[at] === want[at]) at++;
  // Lines are shown with their `\n`, so a missing or extra newline or `\r` is visible.
  const wantLine = lineAt(want, at);
  const gotLine = lineAt(got, at);
  const column = firstDifference(wantLine.text, gotLine.text);
  const expectedText = wantLine.text === '' ? 'no more output' : quote(wantLine.text, column);
  const gotText = gotLine.text === '' ? 'no more output' : quote(gotLine.text, column);
  // Otherwise two lines that both show � could look identical to the student.
  const binary = isUtf8(got) ? '' : ' (the output is not valid UTF-8; invalid bytes are shown as �)';
  return failed(`line ${wantLine.number}: expected ${expectedText}, got ${gotText}${binary}`);
}

/** The line (with its `\n`, if any) that contains byte `offset` (or ends at it), decoded lossily. */
function lineAt(buf: Buffer, offset: number): { number: number; text: string } {
  const before = buf.subarray(0, offset);
  const start = before.lastIndexOf(0x0a) + 1;
  const newline = buf.indexOf(0x0a, offset);
  const end = newline === -1 ? buf.length : newline + 1;
  let number = 1;
  for (let i = before.indexOf(0x0a); i !== -1; i = before.indexOf(0x0a, i + 1)) number++;
  return { number, text: buf.subarray(start, end).toString('utf8') };
}

export interface Lines {
  lines: string[];
  /** Blank lines dropped from the start, so reasons can name the line as the student sees it. */
  skipped: number;
}

/** The lines `trimmed` compares: trailing spaces and blank lines at both ends dropped. */
export function significantLines(text: string): Lines {
  const all = normaliseNewlines(text)
    .split('\n')
    .map((line) => line.trimEnd());
  let start = 0;
  while (start < all.length && all[start] === '') start++;
  let end = all.length;
  while (end > start && all[end - 1] === '') end--;
  return { lines: all.slice(start, end), skipped: start };
}

function compareTrimmed(actual: string, expected: string): Comparison {
  const got = significantLines(actual);
  const want = significantLines(expected);
  const n = Math.max(got.lines.length, want.lines.length);
  for (let i = 0; i < n; i++) {
    const g = got.lines[i];
    const w = want.lines[i];
    if (g === w) continue;
    const lineNumber = got.skipped + i + 1;
    if (g === undefined) {
      if (got.lines.length === 0) return failed(`expected ${quote(w ?? '')}, got no output`);
      return failed(`output ended after line ${lineNumber - 1}; expected another line: ${quote(w ?? '')}`);
    }
    if (w === undefined) return failed(`line ${lineNumber}: expected no more output, got ${quote(g)}`);
    const column = firstDifference(w, g);
    return failed(`line ${lineNumber}: expected ${quote(w, column)}, got ${quote(g, column)}`);
  }
  return PASSED;
}

function compareContains(actual: CapturedOutput, expected: string, normalize: Normalization): Comparison {
  const needle = normalizeText(expected, normalize);
  // Trimming the output too changes nothing: a trimmed needle never starts or ends in whitespace.
  const haystack = (bytes: Buffer) => normalizeText(bytes.toString('utf8'), normalize);
  if (!isTruncated(actual)) {
    if (haystack(capturedBytes(actual)).includes(needle)) return PASSED;
    return failed(`expected the output to contain ${quote(needle)}`);
  }
  // The elided middle is gone: the text can only be found in what was kept, and not across the gap.
  if ([actual.head, actual.tail].some((part) => haystack(part).includes(needle))) return PASSED;
  return failed(
    `expected the output to contain ${quote(needle)} (output exceeded the ` +
      `${formatCount(keptBytes(actual))} byte limit; only its beginning and end were searched)`,
  );
}

function compareRegex(actual: string, pattern: string, flags: string): Comparison {
  const outcome = testRegex(pattern, flags, actual);
  switch (outcome.kind) {
    case 'match':
      return PASSED;
    case 'no-match':
      return failed(`output did not match the pattern ${quote(pattern)}`);
    case 'timeout':
      return failed(`regex did not finish within ${REGEX_TIMEOUT_MS / 1000} s`);
    case 'invalid':
      return failed(`the test's regular expression is invalid (${outcome.message}); tell your instructor`);
    case 'failed':
      return failed(`regex could not be evaluated on this output (${outcome.message})`);
  }
}
