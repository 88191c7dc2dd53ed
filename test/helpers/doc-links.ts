/**
 * The project's Markdown read the way GitHub renders it: which files exist, the anchors their
 * headings get (github-slugger, GitHub's own rules, numbered when repeated), and every relative
 * link. Parsed with markdown-it, so links and headings inside code are not taken for real ones.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true });

export interface DocLink {
  /** The file the link is written in, relative to the root. */
  from: string;
  line: number;
  href: string;
}

export interface DocFile {
  anchors: Set<string>;
  links: DocLink[];
}

export function readDoc(root: string, file: string): DocFile {
  const tokens = markdown.parse(readFileSync(path.join(root, file), 'utf8'), {});
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const links: DocLink[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      const text = (tokens[i + 1]?.children ?? [])
        .filter((child) => child.type === 'text' || child.type === 'code_inline')
        .map((child) => child.content)
        .join('');
      anchors.add(slugger.slug(text));
    }
    for (const child of token.children ?? []) {
      const href = child.type === 'link_open' ? child.attrGet('href') : null;
      if (href !== null) links.push({ from: file, line: (token.map?.[0] ?? 0) + 1, href: String(href) });
    }
  });
  return { anchors, links };
}

/**
 * Why `target` (relative to the file `from`, with an optional `#anchor`; `#anchor` alone is in
 * `from` itself) does not resolve inside the project, or null when it does. Web addresses and mail
 * links are not checked here.
 */
export function brokenTarget(root: string, from: string, target: string): string | null {
  if (/^[a-z][a-z+.-]*:/i.test(target)) return null;
  const [file = '', anchor] = target.split('#', 2);
  const resolved =
    file === '' ? from : path.normalize(path.join(path.dirname(from), decodeURIComponent(file)));
  if (resolved.startsWith('..') || !existsSync(path.join(root, resolved))) return `no file ${resolved}`;
  if (anchor === undefined) return null;
  if (statSync(path.join(root, resolved)).isDirectory() || !resolved.endsWith('.md'))
    return `#${anchor} on ${resolved}, which has no headings`;
  return readDoc(root, resolved).anchors.has(anchor) ? null : `no heading #${anchor} in ${resolved}`;
}
