/**
 * `gradebot grade` prints plain text: a Gradescope test's HTML output is shown as the text a reader
 * would see, and Markdown as its source, never as markup to render.
 */
import { describe, expect, it } from 'vitest';
import { renderResults } from '../../src/cli/render-results.js';
import type { GradingResult, TestResult } from '../../src/results/results.js';

const failed = (name: string, output: string, format?: TestResult['output_format']): TestResult => ({
  name,
  status: 'failed',
  score: 0,
  max_score: 1,
  output,
  ...(format ? { output_format: format } : {}),
  visibility: 'visible',
  duration_ms: 0,
});

const result = (tests: TestResult[]): GradingResult => ({
  assignment: 'hw1',
  student: 'alice',
  commit: null,
  submitted_at: '2026-12-01T10:00:00.000Z',
  graded_at: '2026-12-01T10:00:01.000Z',
  late: null,
  status: 'graded',
  score: 0,
  max_score: tests.length,
  raw_score: 0,
  output: '',
  tests,
});

describe('gradebot grade output', () => {
  it('shows HTML outputs as text and Markdown as written', () => {
    const text = renderResults(
      result([
        failed('html', '<p>expected <b>3</b></p><script>x()</script><p>got 4</p>', 'html'),
        failed('md', '**expected** 3', 'md'),
      ]),
    );
    expect(text).toContain('── html ──\nexpected 3\n\ngot 4\n');
    expect(text).toContain('── md ──\n**expected** 3\n');
    expect(text).not.toContain('<');
  });
});
