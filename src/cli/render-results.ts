/**
 * The readable form of a grading result for `gradebot grade`: a table of tests, the score, then the
 * output of every test that did not pass. Instructors run this, so hidden tests are shown too.
 * `gradebot show` renders stored results with it, in full.
 */
import Table from 'cli-table3';
import type { GradingResult } from '../results/results.js';
import { outputAsText } from '../scoring/output-format.js';
import { formatDuration } from '../text/format-duration.js';

const STATUS_MARK = { passed: 'passed', failed: 'FAILED', timeout: 'TIMEOUT', error: 'ERROR' } as const;
const MAX_SHOWN_OUTPUT = 4_000;

export interface RenderOptions {
  /** Outputs in full, as stored, instead of clipped to a screenful (default: clipped). */
  full?: boolean;
}

export function renderResults(result: GradingResult, options: RenderOptions = {}): string {
  const clip = options.full ? (text: string) => text : clipped;
  const lines: string[] = [];
  const who = [`student ${result.student}`, result.commit ? `commit ${result.commit.slice(0, 12)}` : null];
  lines.push(`${result.assignment} · ${who.filter(Boolean).join(' · ')}`);
  if (result.tests.length > 0) {
    const table = new Table({
      head: ['Test', 'Status', 'Points', 'Time'],
      style: { head: [], border: [] },
      colAligns: ['left', 'left', 'right', 'right'],
    });
    for (const test of result.tests) {
      const name = test.visibility === 'visible' ? test.name : `${test.name} (${test.visibility})`;
      table.push([
        name,
        STATUS_MARK[test.status],
        `${test.score} / ${test.max_score}`,
        time(test.duration_ms),
      ]);
    }
    lines.push(table.toString());
  }
  lines.push(scoreLine(result));
  if (result.output) lines.push('', result.output.trimEnd());
  for (const test of result.tests.filter((t) => t.status !== 'passed' && t.output)) {
    lines.push('', `── ${test.name} ──`, clip(outputAsText(test.output, test.output_format).trimEnd()));
  }
  if (result.staff_output)
    lines.push('', '── grader log (staff only) ──', clip(result.staff_output.trimEnd()));
  return `${lines.join('\n')}\n`;
}

/** Gradescope graders report no time per test; 0 means unknown there. */
function time(ms: number): string {
  return ms > 0 ? formatDuration(ms) : '—';
}

function scoreLine(result: GradingResult): string {
  if (result.status === 'error') return 'Not graded: the submission could not be graded (see below).';
  if (result.status === 'rejected') return 'Not graded: the submission was rejected (see below).';
  const score = `${result.score} / ${result.max_score} points`;
  if (!result.late || result.late.days === 0) return `Score: ${score}`;
  if (result.late.past_until)
    return `Score: ${score} (submitted after the late deadline; raw ${result.raw_score})`;
  const days = `${result.late.days} day${result.late.days === 1 ? '' : 's'}`;
  return `Score: Late (${days}): ${score} (raw ${result.raw_score})`;
}

function clipped(text: string): string {
  if (text.length <= MAX_SHOWN_OUTPUT) return text;
  return `${text.slice(0, MAX_SHOWN_OUTPUT)}\n[… ${text.length - MAX_SHOWN_OUTPUT} more characters; use --json for all of it]`;
}
