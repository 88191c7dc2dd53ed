/**
 * Text from students (and from graders that student code can influence) rendered inert in GitHub
 * markdown: no HTML, no links or images, no @mentions that notify, no fence that can be closed
 * early, so nothing in it can pass for a score line of ours.
 */

/** A fenced block whose fence is longer than any backtick run inside, so the text cannot end it. */
export function fence(text: string, info = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${info}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

/** One line of untrusted text for a table cell or a heading: escaped, mentions broken, no newlines. */
export function inline(text: string, maxLength = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  return short
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b'); // a zero-width space after @ keeps GitHub from notifying anyone
}

/** Cuts text to at most `max` characters, keeping head and tail and saying what was dropped. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = `\n[… ${text.length - max} characters cut …]\n`;
  const keep = Math.max(0, max - marker.length);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}${marker}${text.slice(text.length - (keep - head))}`;
}
