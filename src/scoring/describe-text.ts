/**
 * Short, unambiguous renderings of pieces of output for student-facing reasons. Text is quoted as a
 * JSON string so that the differences that matter most (a stray `\r`, a tab, a missing newline) are
 * visible instead of blank.
 */

/** How many characters of a line a reason shows. */
export const SHOWN_CHARS = 200;

/** `"text"` quoted; long text is cut to about SHOWN_CHARS around `focus`, marked with `…`. */
export function quote(text: string, focus = 0): string {
  if (text.length <= SHOWN_CHARS) return JSON.stringify(text);
  const start = Math.max(0, Math.min(focus - Math.floor(SHOWN_CHARS / 4), text.length - SHOWN_CHARS));
  const from = startOfChar(text, start);
  const to = startOfChar(text, start + SHOWN_CHARS);
  return `${from > 0 ? '…' : ''}${JSON.stringify(text.slice(from, to))}${to < text.length ? '…' : ''}`;
}

/** Index of the first character where `a` and `b` differ; the shorter length when one is a prefix. */
export function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Moves an index off the second half of a surrogate pair, so no emoji is cut in two. */
function startOfChar(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
