/**
 * Every pointer to the documentation leads somewhere: each relative link in the project's Markdown
 * names a file that exists and, with `#anchor`, a heading GitHub renders with that anchor; each
 * message in `src/` that names a document (`docs/<name>.md#<anchor>`, `README.md#<anchor>`) does
 * too. Messages are read with TypeScript's parser, so comments do not count, only strings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { brokenTarget, readDoc } from '../helpers/doc-links.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Documents written for people; fixtures and sample submissions are test data, not documentation. */
const SKIP = /^(node_modules|dist|\.git|test|examples\/submissions)(\/|$)/;
/** How a message names a document: a path from the project root, with an optional anchor. */
const DOC_REFERENCE =
  /(?<![\w/.-])((?:docs\/[\w-]+|README|runner-images\/README|deploy\/[\w/-]+)\.md(?:#[\w-]+)?)/g;

function files(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (SKIP.test(relative)) return [];
    if (entry.isDirectory()) return files(relative, keep);
    return keep(relative) ? [relative] : [];
  });
}

/** The text of every string and template literal in a TypeScript file, with its line. */
function literals(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
  );
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      found.push({
        text: node.text,
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('links into the documentation', () => {
  it('every relative link in the Markdown leads to a file and heading that exist', () => {
    const documents = files('.', (file) => file.endsWith('.md'));
    expect(documents).toContain('docs/settings.md');
    const broken = documents.flatMap((file) =>
      readDoc(ROOT, file).links.flatMap(({ line, href }) => {
        const why = brokenTarget(ROOT, file, href);
        return why === null ? [] : [`${file}:${line}: ${href}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('every message that names a document names one that exists, at a heading it has', () => {
    const sources = files('src', (file) => file.endsWith('.ts'));
    const references = sources.flatMap((file) =>
      literals(file).flatMap(({ text, line }) =>
        [...text.matchAll(DOC_REFERENCE)].map((match) => ({ where: `${file}:${line}`, target: match[1]! })),
      ),
    );
    expect(references.length).toBeGreaterThan(2);
    const broken = references.flatMap(({ where, target }) => {
      const why = brokenTarget(ROOT, 'README.md', target);
      return why === null ? [] : [`${where}: ${target}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it('no message sends people to a README section by its title, which a rename breaks silently', () => {
    const vague = files('src', (file) => file.endsWith('.ts')).flatMap((file) =>
      literals(file)
        .filter(({ text }) => /\bin the README\b/i.test(text))
        .map(({ line, text }) => `${file}:${line}: ${text}`),
    );
    expect(vague).toEqual([]);
  });
});

describe('the link checker itself', () => {
  it('finds a missing file, a missing heading, and accepts GitHub’s anchors for headings with code and punctuation', () => {
    expect(brokenTarget(ROOT, 'README.md', 'docs/nothing-here.md')).toBe('no file docs/nothing-here.md');
    expect(brokenTarget(ROOT, 'README.md', 'docs/settings.md#no-such-heading')).toBe(
      'no heading #no-such-heading in docs/settings.md',
    );
    expect(readDoc(ROOT, 'docs/course-file.md').anchors).toContain('how-defaults-merge');
    expect(brokenTarget(ROOT, 'docs/settings.md', 'github-app.md#staff-pages')).toBeNull();
    expect(brokenTarget(ROOT, 'docs/settings.md', 'https://example.com/#anything')).toBeNull();
  });
});
