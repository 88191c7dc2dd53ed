/**
 * What a student sees on a commit: the check run's title, summary, text and conclusion, from a
 * grading result. Pure, so every case is a snapshot. Hidden tests show only their status, and only
 * after the due date; tests due for `after_due` show like hidden ones until then. Without a due date
 * (none set, or the course could not be read) neither ever shows.
 */
import type { GradingResult, TestResult } from '../results/results.js';
import { duePassed } from '../course/due-passed.js';
import { applyLate } from '../scoring/late-policy.js';
import { fence, fenceWithin, inline } from './markdown-safety.js';
import { outputAsText } from '../scoring/output-format.js';
import { renderedOutput } from './formatted-output.js';
import { feedbackMarkdown } from './feedback-markdown.js';
import { formatCourseTime } from '../text/format-time.js';
import { resultAnnotations, type Annotation } from './result-annotations.js';

/** GitHub's limit for `output.summary` and `output.text`, each. */
export const CHECK_TEXT_LIMIT = 65_535;
/** The summary is also a pull-request comment's body (at most 65,536 characters with our header). */
const SUMMARY_LIMIT = CHECK_TEXT_LIMIT - 1_000;
/** Sections are `###`: headings in a test's Markdown output start one level below. */
const SECTION_HEADINGS = 4;

export type Conclusion = 'success' | 'failure' | 'neutral' | 'skipped';

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  conclusion: Conclusion;
  /** File and line notes found in what the student may see (none for hidden tests). */
  annotations?: Annotation[];
}

export interface ReportContext {
  /** When the check run is written: decides what hidden and after-due tests show. */
  now: Date;
  /** Null when the assignment has none or it is not known: hidden and after-due tests stay withheld. */
  due: Date | null;
  /** The course's IANA time zone, in which every time is written (`UTC` when the course is not known). */
  timezone: string;
}

const STATUS_WORDS = {
  passed: '✅ passed',
  failed: '❌ failed',
  timeout: '⏱️ timed out',
  error: '⚠️ error',
} as const;

export function checkRunOutput(result: GradingResult, context: ReportContext): CheckRunOutput {
  if (result.status !== 'graded') return notGraded(result, context.timezone);
  const pastDue = duePassed(context.due, context.now);
  const shown = result.tests.filter((t) => t.visibility === 'visible' || pastDue);
  const withheld = result.tests.filter((t) => !shown.includes(t));
  const outputShown = (t: TestResult) =>
    t.visibility === 'visible' || (t.visibility === 'after_due' && pastDue);

  // Late penalties apply to what is shown too (a late result shown before a due date moved later).
  const score = withheld.length === 0 ? result.score : applyLate(sum(shown, 'score'), result.late);
  const max = withheld.length === 0 ? result.max_score : round(sum(shown, 'max_score'));
  const title = titleOf(result, score, max, withheld);
  const rows = shown.map(
    (t) => `| ${inline(t.name)} | ${STATUS_WORDS[t.status]} | ${t.score} / ${t.max_score} |`,
  );
  const summary = fitRows(
    [`**${title}**`, ''],
    rows,
    withheld.length > 0 ? ['', withheldLine(withheld, context.due, context.timezone)] : [],
  );

  const failing = shown.filter(
    (t) => t.status !== 'passed' && outputShown(t) && (t.output || visibleFeedback(t)),
  );
  const sections: Section[] = [
    ...(result.output ? [{ heading: 'Output', body: result.output }] : []),
    ...failing.map((t) => {
      const feedback = visibleFeedback(t);
      return {
        heading: inline(t.name),
        body: t.output,
        format: t.output_format,
        ...(feedback ? { lead: feedbackMarkdown(feedback) } : {}),
      };
    }),
  ];
  const annotations = resultAnnotations(result, (name) =>
    shown.some((t) => t.name === name && outputShown(t)),
  );
  return {
    title,
    summary,
    text: fitSections(sections),
    conclusion: score >= max && max > 0 ? 'success' : 'failure',
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

function titleOf(result: GradingResult, score: number, max: number, withheld: TestResult[]): string {
  const points = `${score} / ${max} points`;
  const more = withheld.length > 0 ? ` (+ ${round(sum(withheld, 'max_score'))} in hidden tests)` : '';
  const late = result.late;
  if (!late || late.days === 0) return `${points}${more}`;
  if (late.past_until) return `Past the late deadline: ${points}${more} (raw ${result.raw_score})`;
  return `Late (${late.days} day${late.days === 1 ? '' : 's'}): ${points}${more} (raw ${result.raw_score})`;
}

/** A test's feedback, only ever for a visible one (a hidden test's result should hold none anyway). */
function visibleFeedback(test: TestResult): TestResult['feedback'] {
  return test.visibility === 'visible' ? test.feedback : undefined;
}

function withheldLine(withheld: TestResult[], due: Date | null, timezone: string): string {
  const when = due
    ? `results shown after the due date (${formatCourseTime(due, timezone)})`
    : 'results not shown (no due date)';
  return `${withheld.length} hidden test${withheld.length === 1 ? '' : 's'} (${round(sum(withheld, 'max_score'))} points): ${when}.`;
}

function notGraded(result: GradingResult, timezone: string): CheckRunOutput {
  if (result.status === 'rejected' && result.next_submission_at) {
    return limitReached(result, result.next_submission_at, timezone);
  }
  const rejected = result.status === 'rejected';
  const title = rejected ? 'Not graded' : 'Could not be graded';
  const why =
    result.fault === 'submission'
      ? `This submission ${rejected ? 'was not' : 'could not be'} graded because of what it holds or what ` +
        'its code did, as said below. It counts toward the submission limit.'
      : rejected
        ? 'This submission was not graded.'
        : 'This submission could not be graded. It does not count against you; course staff can see why.';
  return {
    title,
    summary: `**${title}**\n\n${why}`,
    text: result.output ? fenceWithin(result.output, CHECK_TEXT_LIMIT) : '',
    conclusion: 'neutral',
  };
}

/**
 * Over the submission limit: when the next graded submission is possible, in the course's time zone,
 * rounded up to the second so that trusting it is never too early (the runner's message says it too).
 */
function limitReached(result: GradingResult, next: string, timezone: string): CheckRunOutput {
  const at = new Date(Math.ceil(Date.parse(next) / 1000) * 1000);
  const title = `Submission limit reached: next graded submission from ${formatCourseTime(at, timezone, { seconds: true })}`;
  // The message is the runner's own (numbers and the course's time zone), nothing a student wrote.
  const why = result.output || 'This submission was not graded: the submission limit was reached.';
  return {
    title,
    summary: `**Submission limit reached**\n\n${why.replace(/\n+/g, '\n\n')}`,
    text: '',
    conclusion: 'neutral',
  };
}

interface Section {
  heading: string;
  /** Safe Markdown that leads the section (a test's feedback); never cut, the section is left out instead. */
  lead?: string;
  /** Untrusted text: fenced, or rendered made safe when it is Markdown or HTML. */
  body: string;
  format?: TestResult['output_format'];
}

/**
 * The summary's table, whole rows while they fit (a row is never cut: a cut could fall inside an
 * escape), the rest counted.
 */
function fitRows(head: string[], rows: string[], tail: string[]): string {
  const tableHead = ['| Test | Result | Points |', '| --- | --- | ---: |'];
  let room = SUMMARY_LIMIT - 200 - [...head, ...tableHead, ...tail].join('\n').length;
  const kept: string[] = [];
  for (const row of rows) {
    if (row.length + 1 > room) break;
    kept.push(row);
    room -= row.length + 1;
  }
  const left = rows.length - kept.length;
  const more =
    left > 0 ? ['', `${left} more test(s) not listed: GitHub allows ${CHECK_TEXT_LIMIT} characters.`] : [];
  const table = rows.length > 0 ? [...tableHead, ...kept, ...more] : [];
  return [...head, ...table, ...tail].join('\n');
}

/**
 * Whole sections while they fit; the first that does not has its text cut to fit (then fenced,
 * so the cut never falls in a fence), the rest counted.
 */
function fitSections(sections: Section[]): string {
  const budget = CHECK_TEXT_LIMIT - 300; // room for the line that counts what was left out
  const parts: string[] = [];
  let used = 0;
  for (const [i, section] of sections.entries()) {
    const head = `### ${section.heading}\n\n${section.lead ? `${section.lead}\n\n` : ''}`;
    const room = budget - used - head.length - 2;
    const body = section.body
      ? (renderedOutput(section.body, section.format, budget, SECTION_HEADINGS) ??
        fence(outputAsText(section.body, section.format)))
      : '';
    if (body.length <= room) {
      parts.push(head + body);
      used += head.length + body.length + 2;
      continue;
    }
    const cut = room > 500;
    if (cut) parts.push(head + bodyWithin(section, room));
    const left = sections.length - i - (cut ? 1 : 0);
    if (left > 0)
      parts.push(`${left} more test output(s) left out: GitHub allows ${CHECK_TEXT_LIMIT} characters.`);
    break;
  }
  return parts.join('\n\n');
}

/** A section's body cut to `room` characters: Markdown rendered from a cut source while it fits, else fenced. */
function bodyWithin(section: Section, room: number): string {
  const rendered = renderedOutput(section.body, section.format, room, SECTION_HEADINGS);
  if (rendered !== null && rendered.length <= room) return rendered;
  return fenceWithin(outputAsText(section.body, section.format), room);
}

function sum(tests: TestResult[], key: 'score' | 'max_score'): number {
  return tests.reduce((total, t) => total + t[key], 0);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
