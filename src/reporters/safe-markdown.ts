/**
 * Untrusted Markdown (a Gradescope test's `output_format: md` output) re-emitted as the Markdown a
 * GitHub check run shows, keeping only an allow-list: paragraphs, emphasis, inline code, code blocks,
 * lists, block quotes, headings (demoted under the section's own heading), tables, rules and line
 * breaks. It is parsed by markdown-it with raw HTML off and written again from the parse, never
 * copied, so what comes out is closed where it opens: no HTML, no image, no link (a link keeps its
 * text and shows its http(s) or mailto URL as code), no mention or issue reference that notifies,
 * and nothing that can end the section it is placed in.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { fence } from './markdown-safety.js';
import { escapeText, safeInline } from './safe-markdown-inline.js';

// Raw HTML off: tags are text. Nesting is bounded, so deep lists cost depth × length, not more.
const MAX_NESTING = 20;
const parser = new MarkdownIt('default', { html: false, linkify: false, maxNesting: MAX_NESTING });

interface Node {
  token: Token;
  children: Node[];
}

/**
 * `source` as safe Markdown, its headings starting at `headingLevel` (at most 6); null when the
 * parser gave up before the end (blocks nested deeper than it goes), to be shown as text instead.
 */
export function safeMarkdown(source: string, headingLevel: number): string | null {
  const tokens = parser.parse(source, {});
  // At its nesting limit markdown-it drops the rest of the source: that deep, show the text.
  if (tokens.some((token) => token.level >= MAX_NESTING - 1)) return null;
  return blocks(toTree(tokens), headingLevel, false).join('\n\n');
}

/** Nests the flat token stream by each token's `nesting` (+1 opens, −1 closes). */
function toTree(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    const siblings = stack[stack.length - 1]!;
    if (token.nesting === 1) {
      const node: Node = { token, children: [] };
      siblings.push(node);
      stack.push(node.children);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else siblings.push({ token, children: [] });
  }
  return root;
}

function blocks(nodes: Node[], level: number, tight: boolean): string[] {
  return nodes.map((node) => block(node, level, tight)).filter((text) => text !== '');
}

function block(node: Node, level: number, tight: boolean): string {
  const { token, children } = node;
  switch (token.type) {
    case 'paragraph_open':
      return paragraph(children);
    case 'heading_open': {
      const depth = Math.min(6, level + Number(token.tag.slice(1)) - 1);
      return `${'#'.repeat(depth)} ${inlineOf(children, true)}`;
    }
    case 'blockquote_open':
      return prefixLines(blocks(children, level, false).join('\n\n'), '> ', '> ');
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(node, level);
    case 'fence':
    case 'code_block':
      return fence(token.content);
    case 'hr':
      return '***';
    case 'table_open':
      return table(children);
    case 'inline':
      return lineStarts(safeInline(token.children ?? [], { inTable: false }));
    default:
      // Anything else is shown as its text: nothing outside the allow-list passes as markup.
      return children.length > 0
        ? blocks(children, level, tight).join(tight ? '\n' : '\n\n')
        : token.content
          ? escapeText(token.content)
          : '';
  }
}

function paragraph(children: Node[]): string {
  const inline = children.find((child) => child.token.type === 'inline');
  return inline ? lineStarts(safeInline(inline.token.children ?? [], { inTable: false })) : '';
}

/** A line of text starting with three backticks would open a fence: a zero-width space keeps it text. */
function lineStarts(text: string): string {
  return text.replace(/^```/gm, '\u200b```');
}

function list(node: Node, level: number): string {
  const ordered = node.token.type === 'ordered_list_open';
  const start = Number(node.token.attrGet('start') ?? 1);
  // markdown-it hides the paragraphs of a tight list (no blank lines between items).
  const tight = node.children.some((item) =>
    item.children.some((child) => child.token.type === 'paragraph_open' && child.token.hidden),
  );
  const items = node.children.map((item, index) => {
    const marker = ordered ? `${start + index}. ` : '- ';
    const body = blocks(item.children, level, tight).join(tight ? '\n' : '\n\n');
    // An empty item is given a zero-width space: after a paragraph line, a bare `-` would make it a heading.
    return prefixLines(body || '\u200b', marker, ' '.repeat(marker.length));
  });
  return items.join(tight ? '\n' : '\n\n');
}

function table(sections: Node[]): string {
  const rows = sections.flatMap((section) => section.children);
  const cells = rows.map((row) => row.children.map((cell) => inlineOf(cell.children, true)));
  const width = cells[0]?.length ?? 0;
  if (width === 0) return '';
  const aligns = rows[0]!.children.map((cell) => String(cell.token.attrGet('style') ?? ''));
  const rule = aligns.map((style) =>
    style.includes('center')
      ? ':---:'
      : style.includes('right')
        ? '---:'
        : style.includes('left')
          ? ':---'
          : '---',
  );
  // Every row has the header's cells, no more and no fewer, so none can reshape the table.
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => row[i] || ' ').join(' | ')} |`;
  return [line(cells[0]!), `| ${rule.join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

function inlineOf(children: Node[], flat: boolean): string {
  const inline = children.find((child) => child.token.type === 'inline');
  return inline ? safeInline(inline.token.children ?? [], { inTable: flat }) : '';
}

/** Prefixes the first line with `first` and every other with `rest` (blank lines stay blank in lists). */
function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first + line : line === '' && rest.trim() === '' ? '' : rest + line))
    .join('\n');
}
