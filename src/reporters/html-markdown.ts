/**
 * Untrusted HTML (a Gradescope test's `html` or `simple_format` output) as Markdown with the same
 * structure, for safe-markdown.ts to make safe: paragraphs, line breaks, headings, emphasis, code,
 * preformatted text, lists, rules and links carry over; scripts, styles and the like are dropped;
 * every other tag is left out with its text kept. Nothing here needs to be safe, only faithful:
 * the result is parsed again and only an allow-list of it is kept.
 */
import { decodeEntities } from '../scoring/output-format.js';
import { codeSpan, fence } from './markdown-safety.js';

// One pass, never back and forth: a comment, a tag (ending before the next `<`), text, or a lone `<`.
const TOKENS = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>|[^<]+|</g;
const INVISIBLE = new Set(['script', 'style', 'template', 'head', 'title', 'noscript']);
const BLOCKS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'table', 'blockquote']);
const WRAPS: Record<string, string> = {
  b: '**',
  strong: '**',
  i: '*',
  em: '*',
  s: '~~',
  del: '~~',
  strike: '~~',
};
const CODE = new Set(['code', 'tt', 'kbd', 'samp']);
/**
 * Lists nested deeper are written at this depth (the Markdown parser goes no deeper either), and
 * links and code nested deeper are left out.
 */
const MAX_LIST_DEPTH = 8;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

interface Open {
  tag: string;
  /** What was written before this element opened; the element's own text is gathered anew. */
  before: string;
  href?: string;
}

export function htmlAsMarkdown(html: string): string {
  const lower = html.toLowerCase();
  const lists: { ordered: boolean; count: number }[] = [];
  const open: Open[] = [];
  let out = '';
  const gather = (tag: string, href?: string) => {
    open.push({ tag, before: out, ...(href !== undefined ? { href } : {}) });
    out = '';
  };
  const inside = (tag: string) => open.some((o) => o.tag === tag);
  TOKENS.lastIndex = 0;
  for (let match = TOKENS.exec(html); match; match = TOKENS.exec(html)) {
    const [whole, closing, rawName, attributes] = match;
    if (whole.startsWith('<!--')) continue;
    if (rawName === undefined) {
      const text = decodeEntities(whole);
      out += inside('pre') || open.some((o) => CODE.has(o.tag)) ? text : escape(text.replace(/\s+/g, ' '));
      continue;
    }
    const tag = rawName.toLowerCase();
    // Preformatted text keeps its text and line breaks, no markup.
    if (inside('pre') && tag !== 'pre' && tag !== 'br') continue;
    if (!closing && INVISIBLE.has(tag)) {
      // Unclosed, it hides the rest, as in a browser.
      const end = lower.indexOf(`</${tag}`, TOKENS.lastIndex);
      TOKENS.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    if (tag === 'br') out += inside('pre') ? '\n' : '  \n';
    else if (tag === 'hr') out += '\n\n***\n\n';
    else if (tag === 'img') out += escape(' [image] ');
    else if (BLOCKS.has(tag) || tag === 'tr') out += lists.length > 0 ? ' ' : '\n\n';
    else if (tag === 'td' || tag === 'th') out += closing ? '' : ' \\| ';
    else if (/^h[1-6]$/.test(tag)) out += closing ? '\n\n' : `\n\n${'#'.repeat(Number(tag[1]))} `;
    else if (tag === 'ul' || tag === 'ol') {
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', count: 0 });
      out += lists.length === 0 ? '\n\n' : '';
    } else if (tag === 'li' && !closing) {
      const list = lists.at(-1);
      // Deeper lists stay at the last level kept: the indent (so the text) grows no further.
      const indent = '   '.repeat(Math.min(MAX_LIST_DEPTH, lists.length) - 1);
      if (list) list.count += 1;
      out += `\n${indent}${list?.ordered ? `${list.count}.` : '-'} `;
    } else if (WRAPS[tag]) out += WRAPS[tag];
    else if (tag === 'pre' || CODE.has(tag) || tag === 'a') {
      // Nested deeper, a tag is left out (its text kept): closing them all stays linear.
      if (!closing && open.length < MAX_LIST_DEPTH)
        gather(tag, tag === 'a' ? hrefOf(attributes ?? '') : undefined);
      else if (open.at(-1)?.tag === tag) out = close(open.pop()!, out);
    }
  }
  while (open.length > 0) out = close(open.pop()!, out);
  return out.trim();
}

/** The gathered text of an element written as Markdown after what came before it. */
function close(element: Open, text: string): string {
  if (element.tag === 'pre') return `${element.before}\n\n${fence(text)}\n\n`;
  if (element.tag === 'a')
    return element.href ? `${element.before}[${text}](<${element.href}>)` : element.before + text;
  return element.before + codeSpan(text.replace(/\s+/g, ' '));
}

function hrefOf(attributes: string): string | undefined {
  const match = HREF.exec(attributes);
  const href = match ? decodeEntities(match[1] ?? match[2] ?? match[3] ?? '') : '';
  // Only addresses the check run shows (as code); any other link is its text alone.
  return /^(?:https?|mailto):/i.test(href) ? href.replace(/[\s<>]/g, '') : undefined;
}

/** Every ASCII punctuation character escaped: text that reads as itself in Markdown. */
function escape(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
