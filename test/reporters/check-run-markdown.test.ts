/**
 * A test's Markdown or HTML output (Gradescope's `output_format: md` or `html`) in the check run:
 * rendered as Markdown, and made safe. Hostile outputs are read back with a real CommonMark parser (GitHub's options): no
 * image, link, HTML, mention or reference survives, and nothing leaves the test's own section (the
 * next section's heading and fenced output stay as they were).
 */
import { describe, expect, it } from 'vitest';
import { CHECK_TEXT_LIMIT, checkRunOutput } from '../../src/reporters/check-run-output.js';
import { liveMarkdown } from '../helpers/live-markdown.js';
import type { TestResult } from '../../src/results/results.js';
import { failedResult, failedTest } from '../helpers/failed-tests.js';

const context = { now: new Date('2026-12-01T12:00:00Z'), due: null, timezone: 'UTC' };
const AFTER = 'AFTER-MARKER: the next test’s output';

/** The check-run text of a Markdown (or HTML) output followed by another test's plain output. */
const textOf = (output: string, format: TestResult['output_format'] = 'md') =>
  checkRunOutput(failedResult([failedTest('md test', output, format), failedTest('after', AFTER)]), context)
    .text;

const MiB = 1024 * 1024;
const HOSTILE: Record<string, string> = {
  image: '![pixel](https://tracker.example/p.png) and <img src="https://tracker.example/q.png">',
  'raw script': '<script>alert(1)</script>\n\ntext <script>alert(2)</script>',
  'details closer': '</details>\n\n</details></summary><details open>',
  'unbalanced fence': 'before\n\n````\nnever closed\n### after\n',
  'fence closed by the output': '```\n```\n### Fake heading\n```',
  mentions: '@org/team and @alice, cc @Bob-2',
  references: 'fixes #1, org/repo#2, GH-3 and www.example.com or https://example.com/x',
  'javascript links': '[click](javascript:alert(1)) <javascript:alert(1)> [x](JAVASCRIPT:alert(1))',
  'links and autolinks': '[docs](https://evil.example/a) <https://evil.example/b> <mail@evil.example>',
  'entities and html comment': '&lt;script&gt;alert(1)&lt;/script&gt; <!-- never closed',
  'table breaking pipes': '| a | b |\n| - | - |\n| 1 \\| `x|y` | 2 | 3 | 4 |\n| <b>z</b>\n### after?',
  'headings at every level': '# H1\n\n## H2\n\n### H3\n\nSetext\n===\n\n###### H6',
  'setext and rule tricks': 'text\n---\n\n***\n\n- - -\n\n= = =',
  'nested lists, 10 MiB': Array.from({ length: 300_000 }, (_, i) => `${'  '.repeat(i % 40)}- item ${i}`)
    .join('\n')
    .padEnd(10 * MiB, 'x'),
  'emphasis delimiters, 10 MiB': '*_'.repeat(5 * MiB),
  'brackets and backticks, 10 MiB': '[`'.repeat(5 * MiB),
  'block quotes, 10 MiB': '> '.repeat(5 * MiB),
};

const HOSTILE_HTML: Record<string, string> = {
  images: '<img src="https://tracker.example/p.png"><picture><source srcset="https://t.example/q"></picture>',
  scripts: '<script>alert(1)</script><p onclick="alert(2)">x</p><iframe src="https://evil.example"></iframe>',
  'details closer': '</details></summary><details open><summary>fake</summary>',
  'fences in pre and code': '<pre>```\n### Fake heading\n</pre><code>```</code><pre>never closed',
  mentions: '<p>@org/team @alice #1 org/repo#2 GH-3 www.example.com https://example.com</p>',
  'javascript links':
    '<a href="javascript:alert(1)">a</a><a href=JAVASCRIPT:alert(1)>b</a><a href="data:x">c</a>',
  'markdown in html':
    '<p># H\n![i](https://t.example/p.png) [l](https://evil.example) | a | b |\n|---|---|</p>',
  tables: '<table><tr><td>a | b</td><td>|</td></tr><tr><td>```</td></tr></table>### after?',
  'headings and entities': '<h1>H1</h1><h3>H3</h3>&lt;script&gt;alert(1)&lt;/script&gt;&#64;org/team',
  'nested lists, 10 MiB': '<ul><li>item '.repeat(MiB).padEnd(10 * MiB, 'x'),
  'emphasis, 10 MiB': '<b><i>*_'.repeat(MiB),
  'nested code and links, 10 MiB': '<code>`<a href="https://x.example/">@a #1 '.repeat(250_000),
  'unclosed tags, 10 MiB': '<a href="https://x.example'.repeat(400_000),
};

/** The check-run text expected of the benign output below, its middle blocks given. */
const rendered = (...middle: string[]) =>
  [
    '### md test',
    '',
    '#### Result',
    '',
    'Expected **3**, got ` 4 ` \\(*close*\\)\\.',
    '',
    '- case one\n- case two\n  1. nested',
    ...middle.flatMap((block) => ['', block]),
    '',
    '### after',
    '',
    '```text\n' + AFTER + '\n```',
  ].join('\n');

describe('a Markdown test output in the check run', () => {
  it('renders headings (below the test’s own), emphasis, lists, code and tables as Markdown', () => {
    const text = textOf(
      '# Result\n\nExpected **3**, got `4` (*close*).\n\n- case one\n- case two\n  1. nested\n\n' +
        '> a note\n\n```python\nassert f(1) == 3\n```\n\n| input | expected |\n| --- | ---: |\n| 1 | 3 |',
    );
    expect(text).toBe(
      rendered(
        '> a note',
        '```text\nassert f(1) == 3\n```',
        '| input | expected |\n| --- | ---: |\n| 1 | 3 |',
      ),
    );
    const live = liveMarkdown(text);
    expect(live.outline).toEqual(['h3: md test', 'h4: Result', 'h3: after']);
    expect(live.active).toEqual([]);
  });

  it('renders an HTML output as the same Markdown', () => {
    const text = textOf(
      '<h1>Result</h1><p>Expected <b>3</b>, got <code>4</code> (<i>close</i>).</p>' +
        '<ul><li>case one</li><li>case two<ol><li>nested</li></ol></li></ul><pre>assert f(1) == 3</pre>' +
        'line<br>break',
      'html',
    );
    expect(text).toBe(rendered('```text\nassert f(1) == 3\n```', 'line\\\nbreak'));
  });

  it('shows a plain output of half a million backtick runs in a code block', () => {
    const output = '`x'.repeat(256 * 1024);
    const check = checkRunOutput(failedResult([failedTest('ticks', output)]), context);
    expect(check.text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(liveMarkdown(check.text).code[0]).toMatch(/^[`x]+\n\[… \d+ characters cut …\]\n[`x]+\n$/);
  });

  it('finds file and line notes in the text of an HTML output', () => {
    const html = '<p>src/main.c:3:5: error: expected <b>;</b></p>';
    const check = checkRunOutput(failedResult([failedTest('compiles', html, 'html')]), context);
    expect(check.annotations).toEqual([
      { path: 'src/main.c', start_line: 3, end_line: 3, annotation_level: 'failure', message: 'expected ;' },
    ]);
  });

  it('shows a link’s text and its web address as code, never as a link', () => {
    const text = textOf('see [the docs](https://example.com/docs) now');
    expect(text).toContain('see the docs (` https://example.com/docs `) now');
    expect(liveMarkdown(text).active).toEqual([]);
  });

  const cases = [
    ...Object.entries(HOSTILE).map(([name, output]) => [`Markdown: ${name}`, output, 'md'] as const),
    ...Object.entries(HOSTILE_HTML).map(([name, output]) => [`HTML: ${name}`, output, 'html'] as const),
  ];
  for (const [name, output, format] of cases) {
    it(`keeps a hostile output inside its section: ${name}`, () => {
      const text = textOf(output, format);
      expect(text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
      const live = liveMarkdown(text);
      // Nothing active: no image, link or HTML anywhere.
      expect(live.active).toEqual([]);
      // The outline is the two sections (the second left out, and said so, when the first fills the
      // text), with the output's own headings below the first.
      const leftOut = live.liveText.at(-1)?.startsWith('1 more test output(s) left out') ?? false;
      const sections = leftOut ? ['h3: md test'] : ['h3: md test', 'h3: after'];
      expect(live.outline.filter((h) => /^h[1-3]:/.test(h))).toEqual(sections);
      expect(live.outline.at(-1)).toBe(sections.at(-1));
      // The next section's output is still fenced on its own.
      if (!leftOut) expect(live.code.at(-1)).toBe(`${AFTER}\n`);
      expect(live.liveText.join('\n')).not.toContain(AFTER);
      // No mention, reference or bare address that GitHub would turn into a notification or link
      // (it links nothing in code).
      expect(live.plainText.join('\n')).not.toMatch(/@[A-Za-z0-9]|#\d|GH-\d|:\/\/|www\./i);
    });
  }

  it('falls back to the fenced source when the rendered Markdown would not fit', () => {
    // Every character escaped doubles: the source fits, its rendering does not.
    const source = '.'.repeat(CHECK_TEXT_LIMIT - 2_000);
    const text = textOf(source);
    expect(text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(liveMarkdown(text).code[0]).toBe(`${source}\n`);
  });

  it('falls back to the fenced source when blocks nest deeper than the parser goes', () => {
    const source = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const live = liveMarkdown(textOf(source));
    expect(live.code[0]).toBe(`${source}\n`);
    expect(live.outline).toEqual(['h3: md test', 'h3: after']);
  });
});
