/**
 * Annotations from what students may see: lines like `src/main.c:12:5: error: …` (compilers,
 * linters, test runners print them) in the submission-wide output and in the output of tests
 * shown to the student become annotations on that file and line. Hidden tests' output never does.
 */
import type { GradingResult } from '../results/results.js';
import { outputAsText } from '../scoring/output-format.js';

/** A note GitHub shows on a line of a file, in the check run and the pull request's diff. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
}

/** GitHub takes at most 50 annotations per request; one request is all a result gets. */
const MAX_ANNOTATIONS = 50;
const MAX_MESSAGE = 1000;
// path:line[:column]: [error|warning|note:] message — a relative path, no `..`, with an extension.
const LOCATION =
  /^(?:\.\/)?((?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.[A-Za-z0-9]+):(\d{1,7})(?::\d{1,5})?:\s*(?:(fatal error|error|warning|note)\s*:\s*)?(.+)$/;

export function resultAnnotations(
  result: GradingResult,
  showsOutputOf: (name: string) => boolean,
): Annotation[] {
  const texts = [
    result.output,
    ...result.tests.filter((t) => showsOutputOf(t.name)).map((t) => outputAsText(t.output, t.output_format)),
  ];
  const seen = new Set<string>();
  const annotations: Annotation[] = [];
  for (const line of texts.join('\n').split('\n')) {
    const match = LOCATION.exec(line.trim());
    if (!match || match[1]!.split('/').includes('..')) continue;
    const [, path, lineText, kind, message] = match as unknown as [
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    const key = `${path}:${lineText}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lineNumber = Math.max(1, Number(lineText));
    annotations.push({
      path,
      start_line: lineNumber,
      end_line: lineNumber,
      annotation_level: kind === 'warning' ? 'warning' : kind === 'note' ? 'notice' : 'failure',
      message: message.slice(0, MAX_MESSAGE),
    });
    if (annotations.length === MAX_ANNOTATIONS) break;
  }
  return annotations;
}
