/**
 * A test's Markdown or HTML output (see TestResult.output_format) rendered for a check run, made
 * safe, from at most `max` characters of it; null when it cannot be rendered whole, to be shown as
 * text in a code block instead.
 */
import type { TestResult } from '../results/results.js';
import { htmlAsMarkdown } from './html-markdown.js';
import { clip } from './markdown-safety.js';
import { safeMarkdown } from './safe-markdown.js';

export function renderedOutput(
  output: string,
  format: TestResult['output_format'],
  max: number,
  headingLevel: number,
): string | null {
  if (format === undefined) return null;
  // Cut first: the parse then costs at most `max` characters, whatever the grader wrote.
  const source = clip(output, max);
  return safeMarkdown(format === 'html' ? htmlAsMarkdown(source) : source, headingLevel);
}
