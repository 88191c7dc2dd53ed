/**
 * `gradebot grade` prints plain text: a Gradescope test's HTML output is shown as the text a reader
 * would see, and Markdown as its source, never as markup to render.
 */
import { describe, expect, it } from 'vitest';
import { renderResults } from '../../src/cli/render-results.js';
import { failedResult, failedTest } from '../helpers/failed-tests.js';

describe('gradebot grade output', () => {
  it('shows HTML outputs as text and Markdown as written', () => {
    const text = renderResults(
      failedResult([
        failedTest('html', '<p>expected <b>3</b></p><script>x()</script><p>got 4</p>', 'html'),
        failedTest('md', '**expected** 3', 'md'),
      ]),
    );
    expect(text).toContain('── html ──\nexpected 3\n\ngot 4\n');
    expect(text).toContain('── md ──\n**expected** 3\n');
    expect(text).not.toContain('<');
  });
});
