/**
 * The inline half of safe Markdown (see safe-markdown.ts): re-emits markdown-it's inline tokens of
 * untrusted text as Markdown that GitHub renders as emphasis, code and text only. Every text run is
 * escaped, so nothing in it starts a block, a link, an image or HTML; mentions (`@team`), issue
 * references (`#1`, `GH-1`) and bare URLs are broken by a zero-width space, so none notifies or links.
 */
import type { Token } from 'markdown-it';
import { codeSpan } from './markdown-safety.js';

const ZWSP = '\u200b';
/** Every character that can start Markdown syntax (CommonMark, GitHub's tables, math, strikethrough). */
const SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~=:$^"']/g;
/** Link schemes whose URL is shown (as code, never a link); any other URL is dropped. */
const SHOWN_SCHEMES = /^(?:https?|mailto):/i;

export interface InlineOptions {
  /** In a table cell: no line breaks, and `|` escaped inside code too. */
  inTable: boolean;
}

export function safeInline(tokens: Token[], options: InlineOptions): string {
  let out = '';
  let href: string | null = null;
  let autolink = false;
  for (const token of tokens) {
    // An autolink's text is its address: shown once, as code.
    if (autolink && token.type !== 'link_close') continue;
    switch (token.type) {
      case 'text':
        out += escapeText(token.content);
        break;
      case 'code_inline':
        out += codeSpan(token.content, options.inTable);
        break;
      case 'softbreak':
        out += options.inTable ? ' ' : '\n';
        break;
      case 'hardbreak':
        out += options.inTable ? ' ' : '\\\n';
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 's_open':
      case 's_close':
        out += '~~';
        break;
      case 'link_open':
        href = String(token.attrGet('href') ?? '');
        autolink = token.markup === 'autolink';
        if (autolink && !SHOWN_SCHEMES.test(href)) out += escapeText(href);
        break;
      case 'link_close':
        // The link's text stays; its URL is shown as code (GitHub links no code), or dropped.
        if (href && SHOWN_SCHEMES.test(href))
          out += autolink ? codeSpan(href, options.inTable) : ` (${codeSpan(href, options.inTable)})`;
        href = null;
        autolink = false;
        break;
      case 'image':
        // Never an image: loading one would tell its server who reads the check run.
        out += escapeText(`[image: ${token.content}]`);
        break;
      default:
        out += escapeText(token.content);
    }
  }
  return out;
}

/** Text that renders as itself and nothing more. */
export function escapeText(text: string): string {
  return text
    .replace(SYNTAX, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#/g, `#${ZWSP}`)
    .replace(/\b(gh)\\-(?=\d)/gi, `$1\\-${ZWSP}`)
    .replace(/\\:\/\//g, `\\:${ZWSP}//`)
    .replace(/\b(www)\\\./gi, `$1${ZWSP}\\.`);
}
