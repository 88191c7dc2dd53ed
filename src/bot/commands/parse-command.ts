/**
 * Staff commands in pull-request comments, read from the comment's first line that starts with `/`:
 * `/regrade`, `/extend 2d [reason]`, `/extend until 2026-12-20 23:59 [reason]`, `/override 18
 * reason…` and `/grade`. Pure: what the command asks for, or why it is not one; the handler checks
 * who asked and what the assignment allows (the maximum score, the due date to extend).
 */
import { DueDateError, parseDueDate } from '../../course/due-date.js';
import { escapeControls } from '../../text/escape-controls.js';

/** Longer comments are read only this far. */
export const MAX_COMMENT_CHARS = 10_000;
export const MAX_REASON_CHARS = 500;

export const ACCEPTED_FORMS = [
  '`/regrade`',
  '`/extend 2d [reason]` (h, d or w: that long after the assignment’s due date)',
  '`/extend until 2026-12-20 23:59 [reason]` (in the course’s time zone)',
  '`/override 18 reason…` (a score from 0 to the assignment’s maximum, and why)',
  '`/grade`',
];

export type StaffCommand =
  | { kind: 'regrade' }
  | { kind: 'grade' }
  | { kind: 'extend'; by: { ms: number } | { until: Date }; reason: string }
  | { kind: 'override'; score: number; reason: string };

export type ParsedComment =
  | { kind: 'none' }
  | { kind: 'invalid'; text: string; why: string }
  | { kind: 'command'; text: string; command: StaffCommand };

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const DURATION = /^(\d{1,4})\s*([hdw])$/i;
const UNTIL = /^until\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)(?:\s+([\s\S]*))?$/i;
const SCORE = /^(\d{1,6}(?:\.\d{1,4})?)(?:\s+([\s\S]*))?$/;

/** The command of a comment; `timezone` reads `/extend until` dates. */
export function parseComment(body: string, timezone: string): ParsedComment {
  const line = body
    .slice(0, MAX_COMMENT_CHARS)
    .split(/\r?\n/)
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate.startsWith('/'));
  if (line === undefined) return { kind: 'none' };
  const text = clean(line).slice(0, MAX_REASON_CHARS + 100);
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
  const invalid = (why: string): ParsedComment => ({ kind: 'invalid', text, why });
  const command = (parsed: StaffCommand): ParsedComment => ({ kind: 'command', text, command: parsed });
  switch (name.toLowerCase()) {
    case 'regrade':
    case 'grade':
      return rest === ''
        ? command({ kind: name.toLowerCase() as 'regrade' | 'grade' })
        : invalid(`/${name} takes nothing after it`);
    case 'extend':
      return parseExtend(rest, timezone, command, invalid);
    case 'override': {
      const match = SCORE.exec(rest);
      if (!match) return invalid('expected a score after /override');
      const reason = checkedReason(match[2]);
      if (reason === null) return invalid('expected a reason after the score');
      if (reason.length > MAX_REASON_CHARS)
        return invalid(`expected a reason of at most ${MAX_REASON_CHARS} characters`);
      return command({ kind: 'override', score: Number(match[1]), reason });
    }
    default:
      // Only a plain word is repeated back: the reply must not carry a mention or Markdown of anyone's.
      return invalid(/^[a-z]{1,20}$/i.test(name) ? `unknown command /${name}` : 'unknown command');
  }
}

function parseExtend(
  rest: string,
  timezone: string,
  command: (parsed: StaffCommand) => ParsedComment,
  invalid: (why: string) => ParsedComment,
): ParsedComment {
  const until = UNTIL.exec(rest);
  if (until) {
    const reason = checkedReason(until[2]) ?? '';
    if (reason.length > MAX_REASON_CHARS)
      return invalid(`expected a reason of at most ${MAX_REASON_CHARS} characters`);
    try {
      return command({ kind: 'extend', by: { until: parseDueDate(until[1] ?? '', timezone) }, reason });
    } catch (error) {
      if (error instanceof DueDateError) return invalid(error.message);
      throw error;
    }
  }
  const [first = '', ...words] = rest.split(/\s+/);
  const duration = DURATION.exec(first);
  if (!duration) return invalid('expected a length like 2d or a date after /extend until');
  const amount = Number(duration[1]);
  if (amount === 0) return invalid('expected a length above zero');
  const reason = words.join(' ');
  if (reason.length > MAX_REASON_CHARS)
    return invalid(`expected a reason of at most ${MAX_REASON_CHARS} characters`);
  const unit = (duration[2] ?? 'd').toLowerCase();
  return command({ kind: 'extend', by: { ms: amount * (UNIT_MS[unit] ?? 0) }, reason });
}

function checkedReason(text: string | undefined): string | null {
  const reason = (text ?? '').trim();
  return reason === '' ? null : reason;
}

/** Control and bidirectional characters shown as escapes, so a reply never carries them. */
function clean(text: string): string {
  return escapeControls(text).replace(/\s+/g, ' ').trim();
}
