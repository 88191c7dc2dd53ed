/**
 * A failed visible test's feedback (TestFeedback) as the Markdown that leads its check-run section:
 * the command, the exit status, the input's first lines and where they come from, the expected vs
 * actual diff and the shell lines that reproduce it. Every piece of text is fenced or escaped, and
 * cut again to its bound here, whatever the stored result holds.
 */
import type { TestFeedback } from '../results/results.js';
import { DIFF_BOUNDS } from '../scoring/output-diff.js';
import { FEEDBACK_BOUNDS, savedInputName } from '../scoring/test-feedback.js';
import { clip } from '../results/results-bounds.js';
import { codeSpan, fenceWithin } from './markdown-safety.js';

const COMMAND_ROOM = FEEDBACK_BOUNDS.command + 100;
const INPUT_ROOM = FEEDBACK_BOUNDS.inputChars + 100;
const DIFF_ROOM = DIFF_BOUNDS.lines * (DIFF_BOUNDS.lineLength + 3) + 100;
const REPRODUCE_ROOM = 3 * COMMAND_ROOM;

export function feedbackMarkdown(feedback: TestFeedback): string {
  return [
    `**Command** (exit status: ${exitStatus(feedback.exit)})`,
    fenceWithin(feedback.command, COMMAND_ROOM, 'sh'),
    ...inputPart(feedback.input),
    ...diffPart(feedback.diff),
    ...reproducePart(feedback),
  ].join('\n\n');
}

function exitStatus(exit: TestFeedback['exit']): string {
  const expected = exit.expected === 'any' ? 'any accepted' : `expected ${exit.expected}`;
  return exit.actual === null ? `${expected}; it did not finish` : `${expected}, got ${exit.actual}`;
}

function inputPart(input: TestFeedback['input']): string[] {
  if (input === null) return ['**Input**: none (standard input is empty)'];
  const from =
    input.file === null ? 'written in the course file' : `from the course's file ${code(input.file)}`;
  const lines = `${input.lines} line${input.lines === 1 ? '' : 's'}`;
  const part = input.complete ? lines : `the beginning of ${lines}`;
  return [`**Input** (${from}; ${part})`, fenceWithin(input.excerpt, INPUT_ROOM)];
}

function diffPart(diff: TestFeedback['diff']): string[] {
  if (diff === null) return [];
  const lines = diff.lines.slice(0, DIFF_BOUNDS.lines).join('\n');
  return [
    `**Expected vs actual** from line ${diff.from_line} (\`-\` expected, \`+\` your output)`,
    fenceWithin(lines, DIFF_ROOM, 'diff'),
  ];
}

function reproducePart(feedback: TestFeedback): string[] {
  const image = code(feedback.image);
  if (feedback.reproduce.length === 0)
    return [`**To reproduce**: the command is too long to show whole; it runs in the image ${image}.`];
  const save = feedback.input
    ? `, with the input above saved as ${code(savedInputName(feedback.input.file))}`
    : '';
  const partial = feedback.input && !feedback.input.complete ? '; ask course staff for the whole input' : '';
  return [
    `**To reproduce**, in your repository's root folder${save} (graded in the image ${image}${partial}):`,
    fenceWithin(feedback.reproduce.join('\n'), REPRODUCE_ROOM, 'sh'),
  ];
}

/** A name (an image, a file) as code on one line: nothing in it renders, however it was written. */
function code(text: string): string {
  return codeSpan(clip(text.replace(/\s+/g, ' ').trim(), 200));
}
