/**
 * Turns a results.json output written in one of Gradescope's `output_format`s into plain text.
 * The output is untrusted (student code can write results.json), and every reporter shows it fenced
 * or escaped, so markup is never passed on: HTML (`html`, `simple_format`) is converted to the text
 * a reader would see, ANSI colour codes (`ansi`) are dropped, and Markdown (`md`) stays as its source,
 * which reads as text (a test's Markdown is marked as such: check runs render it, made safe). An
 * absent or unknown format is `text`, shown as written.
 */

// Every pattern stops at the next `<` or runs to the end of the text, never back and forth: the text
// may be 10 MiB of unclosed tags, and matching stays linear.
/** Elements whose content a browser never shows as text; unclosed, they hide the rest, as in a browser. */
const INVISIBLE = /<(script|style|template|head|title|noscript)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
/** Elements that start a new line where they begin or end. */
const LINE_BREAKING = /<\/?(br|p|div|li|tr|h[1-6]|pre|blockquote|ul|ol|table|hr|section|article)\b[^<>]*>/gi;
const ANY_TAG = /<\/?[a-z][^<>]*>/gi;
// Control sequences (CSI, e.g. colours) and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])/g;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * A test's output as kept in the result: Markdown and HTML stay as written, marked `md` or `html`
 * (check runs render them, made safe; `outputAsText` reads them as text), `simple_format` becomes
 * `html` with its newlines as breaks; every other format becomes plain text.
 */
export function testOutput(
  output: string,
  format: string | null | undefined,
): { output: string; output_format?: 'md' | 'html' } {
  if (format === 'md' || format === 'html') return { output, output_format: format };
  if (format === 'simple_format') return { output: simpleFormatAsHtml(output), output_format: 'html' };
  return { output: outputAsText(output, format) };
}

function simpleFormatAsHtml(output: string): string {
  return output.replace(/\n/g, '<br>');
}

export function outputAsText(output: string, format: string | null | undefined): string {
  switch (format) {
    case 'html':
    case 'simple_format':
      return htmlAsText(format === 'simple_format' ? simpleFormatAsHtml(output) : output);
    case 'ansi':
      return output.replace(ANSI, '');
    default:
      return output;
  }
}

function htmlAsText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(INVISIBLE, '')
    .replace(LINE_BREAKING, '\n')
    .replace(ANY_TAG, '');
  const decoded = decodeEntities(text);
  // Line by line: a pattern for trailing blanks would go quadratic on a long line of spaces.
  const lines = decoded.split('\n').map((line) => line.trimEnd());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** HTML's character references decoded where they name a real character; others stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi,
    (entity, name: string) => decodeEntity(name) ?? entity,
  );
}

function decodeEntity(name: string): string | undefined {
  if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()];
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  // Only characters a text can hold: no NUL, no surrogate halves, nothing beyond Unicode.
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return valid ? String.fromCodePoint(code) : undefined;
}
