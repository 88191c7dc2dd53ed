/**
 * Gradescope's results.json semantics beyond scores (docs/specs.md of gradescope/autograder_samples,
 * issue 16 point 7): tests ordered by `number`, outputs in `output_format`, and `tags`,
 * `extra_data`, `execution_time` and `stdout_visibility` kept, within bounds.
 */
import { describe, expect, it } from 'vitest';
import { parseGradescopeResults } from '../../src/scoring/gradescope-results.js';
import { outputAsText } from '../../src/scoring/output-format.js';
import { RESULTS_BOUNDS } from '../../src/results/results-bounds.js';

const parse = (json: unknown) => {
  const result = parseGradescopeResults(Buffer.from(JSON.stringify(json)), null);
  if (!result.ok) throw new Error(result.error);
  return result;
};

describe('tests ordered by number', () => {
  it('orders dotted numbers part by part, as gradescope-utils writes them', () => {
    const numbers = ['1.10', '2', '1.2', '1.9', '10', '1'];
    const result = parse({ tests: numbers.map((number) => ({ number, name: `t${number}` })) });
    expect(result.tests.map((t) => t.name)).toEqual(['t1', 't1.2', 't1.9', 't1.10', 't2', 't10']);
  });

  it('places a test without a number by its place in the array; ties keep the array order', () => {
    const result = parse({
      tests: [
        { name: 'first' },
        { name: 'b', number: 1 },
        { name: 'c', number: '1' },
        { name: 'fourth' },
        { name: 'z', number: 'x' },
      ],
    });
    expect(result.tests.map((t) => t.name)).toEqual(['first', 'b', 'c', 'fourth', 'z']);
  });
});

describe('output_format', () => {
  it('turns HTML into the text a reader sees, dropping scripts, styles and tags', () => {
    const output =
      '<h2>Failed</h2><p>expected <b>3</b> &amp; got <i>4</i></p><script>alert(1)</script>' +
      '<style>p{}</style><a href="https://evil.example">click</a><img src=x onerror=alert(1)>&lt;tag&gt;';
    const result = parse({ tests: [{ name: 'a', output, output_format: 'html' }] });
    // A test keeps its HTML, marked, for check runs to render; text-only views read it as text.
    expect(result.tests[0]).toMatchObject({ output, output_format: 'html' });
    expect(outputAsText(output, 'html')).toBe('Failed\n\nexpected 3 & got 4\nclick<tag>');
  });

  it('uses test_output_format as the default for tests, and simple_format turns newlines into breaks', () => {
    const result = parse({
      output: 'line one\nline <b>two</b>',
      output_format: 'simple_format',
      test_output_format: 'html',
      tests: [
        { name: 'a', output: '<p>x</p>' },
        { name: 'b', output: '<p>y</p>', output_format: 'text' },
      ],
    });
    expect(result.output).toBe('line one\nline two');
    expect(result.tests.map((t) => [t.output, t.output_format])).toEqual([
      ['<p>x</p>', 'html'],
      ['<p>y</p>', undefined],
    ]);
    const simple = parse({ tests: [{ name: 'a', output: 'a\n<b>b</b>', output_format: 'simple_format' }] });
    expect(simple.tests[0]).toMatchObject({ output: 'a<br><b>b</b>', output_format: 'html' });
  });

  it('drops ANSI colour codes, and keeps Markdown and text as written', () => {
    const result = parse({
      tests: [
        { name: 'a', output: '\u001b[31mred\u001b[0m done', output_format: 'ansi' },
        { name: 'b', output: '**bold** [link](https://x)', output_format: 'md' },
        { name: 'c', output: 'a < b && <i>', output_format: 'text' },
      ],
    });
    expect(result.tests.map((t) => t.output)).toEqual([
      'red done',
      '**bold** [link](https://x)',
      'a < b && <i>',
    ]);
    // Markdown is kept and marked: check runs render it (made safe); ANSI and text are plain text.
    expect(result.tests.map((t) => t.output_format)).toEqual([undefined, 'md', undefined]);
  });

  it('hides the rest of the text behind an unclosed script, as a browser does, and keeps a lone <', () => {
    const result = parse({
      score: 1,
      output: '<p>a < b</p><script>never closed <b>x</b>',
      output_format: 'html',
    });
    expect(result.output).toBe('a < b');
  });

  it('decodes only real characters from numeric entities', () => {
    const result = parse({
      score: 1,
      output: '&#65;&#x42;&#0;&#xD800;&#x110000;&bogus;',
      output_format: 'html',
    });
    expect(result.output).toBe('AB&#0;&#xD800;&#x110000;&bogus;');
  });
});

describe('kept fields', () => {
  it('keeps tags, extra_data and execution_time', () => {
    const result = parse({
      execution_time: 12.5,
      extra_data: { seed: 42 },
      tests: [{ name: 'a', tags: ['io', 'edge'], extra_data: { case: 3 } }, { name: 'b' }],
    });
    expect(result).toMatchObject({ executionTime: 12.5, extraData: { seed: 42 } });
    expect(result.tests[0]).toMatchObject({ tags: ['io', 'edge'], extra_data: { case: 3 } });
    expect(result.tests[1]).not.toHaveProperty('tags');
    expect(result.tests[1]).not.toHaveProperty('extra_data');
  });

  it('bounds tags and extra_data, and says so', () => {
    const result = parse({
      extra_data: { blob: 'x'.repeat(RESULTS_BOUNDS.extraData) },
      tests: [
        {
          name: 'a',
          tags: Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(80, 'y')),
          extra_data: { blob: 'x'.repeat(RESULTS_BOUNDS.testExtraData) },
        },
      ],
    });
    expect(result).not.toHaveProperty('extraData');
    expect(result.tests[0]?.tags).toHaveLength(RESULTS_BOUNDS.tags);
    expect(result.tests[0]?.tags?.every((tag) => [...tag].length === RESULTS_BOUNDS.tagLength)).toBe(true);
    expect(result.tests[0]).not.toHaveProperty('extra_data');
    expect(result.output).toContain('the tags of "a" were cut to 20 of at most 50 characters');
    expect(result.output).toContain('the extra_data of "a"');
    expect(result.output).toContain('the extra_data of the results');
  });

  it('ignores an execution_time that is not a time', () => {
    expect(parse({ score: 1, execution_time: 'soon' })).not.toHaveProperty('executionTime');
    expect(parse({ score: 1, execution_time: -3 })).not.toHaveProperty('executionTime');
  });

  it('reads stdout_visibility; unknown values keep stdout for staff', () => {
    expect(parse({ score: 1, stdout_visibility: 'visible' }).stdoutVisibility).toBe('visible');
    expect(parse({ score: 1, stdout_visibility: 'after_published' }).stdoutVisibility).toBe('after_due');
    expect(parse({ score: 1, stdout_visibility: 'everyone' }).stdoutVisibility).toBe('hidden');
    expect(parse({ score: 1 }).stdoutVisibility).toBe('hidden');
  });
});
