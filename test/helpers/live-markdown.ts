/**
 * What GitHub would render live from a piece of markdown, read by a real CommonMark parser
 * (markdown-it with GitHub's tables and raw HTML on): the text outside code blocks, and the links,
 * images and HTML found anywhere. Used to prove student text only ever lands inside a fence.
 */
import MarkdownIt, { type Token } from 'markdown-it';

const parser = new MarkdownIt('default', { html: true });

export interface LiveMarkdown {
  /** Text of every inline run outside fenced and indented code, one entry per block. */
  liveText: string[];
  /** Like liveText without code spans: the text GitHub looks in for mentions and addresses to link. */
  plainText: string[];
  /** Links, images and raw HTML, by token type and content. */
  active: string[];
  /** The first cell of every table body row, as rendered text. */
  firstCells: string[];
  /** Headings, as rendered text. */
  headings: string[];
  /** Headings with their level, as `h3: text`: the outline a reader sees. */
  outline: string[];
  /** The content of every fenced or indented code block. */
  code: string[];
}

export function liveMarkdown(markdown: string, allowedHtml: string[] = []): LiveMarkdown {
  const tokens = parser.parse(markdown, {});
  const found: LiveMarkdown = {
    liveText: [],
    plainText: [],
    active: [],
    firstCells: [],
    headings: [],
    outline: [],
    code: [],
  };
  let level = '';
  let inBody = false;
  let cellIndex = -1;
  let inHeading = false;
  for (const token of tokens) {
    if (token.type === 'html_block' && !allowedHtml.includes(token.content.trim()))
      found.active.push(`html_block: ${token.content.slice(0, 80)}`);
    if (token.type === 'tbody_open') inBody = true;
    if (token.type === 'tbody_close') inBody = false;
    if (token.type === 'tr_open') cellIndex = -1;
    if (token.type === 'td_open') cellIndex += 1;
    if (token.type === 'heading_open') [inHeading, level] = [true, token.tag];
    if (token.type === 'fence' || token.type === 'code_block') found.code.push(token.content);
    if (token.type === 'heading_close') inHeading = false;
    if (token.type !== 'inline') continue;
    const text = renderedText(token.children ?? [], found.active);
    found.plainText.push(renderedText(token.children ?? [], [], false));
    found.liveText.push(text);
    if (inBody && cellIndex === 0) found.firstCells.push(text);
    if (inHeading) found.headings.push(text);
    if (inHeading) found.outline.push(`${level}: ${text}`);
  }
  return found;
}

function renderedText(children: Token[], active: string[], withCode = true): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'link_open') active.push(`link: ${child.attrGet('href') ?? ''}`);
    if (child.type === 'image') active.push(`image: ${child.attrGet('src') ?? ''}`);
    if (child.type === 'html_inline') active.push(`html_inline: ${child.content.slice(0, 80)}`);
    if (child.type === 'text' || (withCode && child.type === 'code_inline')) text += child.content;
    if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
  }
  return text;
}
