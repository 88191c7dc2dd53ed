/**
 * A compact diff of a failed test's output against its expected output, for the student: the lines
 * from just before the first difference, expected with `- `, actual with `+ `, unchanged with two
 * spaces. Line by line as the test compares (`exact` after its normalisation, `trimmed` without
 * trailing spaces and blank end lines); `contains` and `regex` have no lines to set side by side.
 * Pure and bounded: at most DIFF_BOUNDS.lines lines of at most DIFF_BOUNDS.lineLength characters.
 */
import type { MatchKind, Normalization } from '../course/types.js';
import { normalizeText, significantLines, type Lines } from './compare-output.js';
import { clip } from '../results/results-bounds.js';

export const DIFF_BOUNDS = {
  /** Lines of the diff, unchanged ones included. */
  lines: 16,
  /** Characters of each line. */
  lineLength: 200,
  /** Unchanged lines shown before the first difference. */
  context: 2,
} as const;

export interface OutputDiff {
  /** The line (1-based, of the actual output) the diff starts at. */
  from_line: number;
  lines: string[];
}

export function outputDiff(
  expected: string,
  actual: string,
  match: MatchKind,
  normalize: Normalization,
): OutputDiff | null {
  if (match === 'contains' || match === 'regex') return null;
  const want = linesOf(expected, match, normalize);
  const got = linesOf(actual, match, normalize);
  const n = Math.max(want.lines.length, got.lines.length);
  let first = 0;
  while (first < n && want.lines[first] === got.lines[first]) first++;
  if (first === n) return null;
  const start = Math.max(0, first - DIFF_BOUNDS.context);
  const lines: string[] = [];
  for (let i = start; i < n && lines.length < DIFF_BOUNDS.lines; i++) {
    const [w, g] = [want.lines[i], got.lines[i]];
    if (w === g) lines.push(`  ${shown(w!)}`);
    else {
      if (w !== undefined) lines.push(`- ${shown(w)}`);
      if (g !== undefined) lines.push(`+ ${shown(g)}`);
    }
  }
  return { from_line: got.skipped + start + 1, lines: lines.slice(0, DIFF_BOUNDS.lines) };
}

function linesOf(text: string, match: MatchKind, normalize: Normalization): Lines {
  if (match === 'trimmed') return significantLines(text);
  return { lines: normalizeText(text, normalize).split('\n'), skipped: 0 };
}

/** A carriage return or tab would be invisible, yet it is often the difference. */
function shown(line: string): string {
  return clip(line.replace(/\r/g, '\\r').replace(/\t/g, '\\t'), DIFF_BOUNDS.lineLength);
}
