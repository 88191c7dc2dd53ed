/**
 * Text from students (and from graders that student code can influence) rendered inert in GitHub
 * markdown: no HTML, no links or images, no @mentions that notify, no fence that can be closed
 * early, so nothing in it can pass for a score line of ours.
 */

/** Longest backtick run kept in untrusted text: longer runs are shortened, so every fence stays short. */
const MAX_TICK_RUN = 16;
const LONG_TICK_RUN = new RegExp(`\`{${MAX_TICK_RUN + 1},}`, 'g');

/** The most a fence adds around its text: two fences of at most MAX_TICK_RUN + 1 ticks, two newlines. */
export function fenceOverhead(info = 'text'): number {
  return 2 * (MAX_TICK_RUN + 1) + info.length + 2;
}

/**
 * A fenced block whose fence is longer than any backtick run inside, so the text cannot end it.
 * Backtick runs longer than MAX_TICK_RUN are shortened first and say how many were dropped.
 * Never cut the result (the cut could fall in the fence): cut the text with `fenceWithin`.
 */
export function fence(text: string, info = 'text'): string {
  const bounded = boundTicks(text);
  const ticks = '`'.repeat(Math.max(3, longestTickRun(bounded) + 1));
  return `${ticks}${info}\n${bounded.replace(/\n$/, '')}\n${ticks}`;
}

/** A fenced block of at most `max` characters: the text is cut (head and tail kept), then fenced. */
export function fenceWithin(text: string, max: number, info = 'text'): string {
  const bounded = boundTicks(text).replace(/\n$/, '');
  // Cutting never makes a backtick run longer (the marker starts and ends with a newline).
  return fence(clip(bounded, Math.max(0, max - fenceOverhead(info))), info);
}

/**
 * An inline code span no backtick inside can end; its text is shown as written (GitHub links and
 * mentions nothing in code). In a table cell `|` is escaped, as GitHub's tables need even in code.
 */
export function codeSpan(content: string, inTable = false): string {
  const ticks = '`'.repeat(longestTickRun(content) + 1);
  const body = inTable ? content.replace(/\|/g, '\\|') : content;
  // CommonMark strips one space at each end, so the content's own ends (a backtick, a space) stay.
  return `${ticks} ${body} ${ticks}`;
}

/** The longest run of backticks, counted in a loop: spreading millions of runs into Math.max overflows the stack. */
function longestTickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

function boundTicks(text: string): string {
  return text.replace(
    LONG_TICK_RUN,
    (run) => `${'`'.repeat(MAX_TICK_RUN)}[… ${run.length - MAX_TICK_RUN} more backticks]`,
  );
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
