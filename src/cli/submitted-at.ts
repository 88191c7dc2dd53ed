/** `--submitted-at` of `grade` and `submit`: when the submission counts as made; default now. */
import type { Terminal } from './terminal.js';

/** The time given, or now; null (after saying why on stderr) when the text is not a date. */
export function submittedAtOption(text: string | undefined, terminal: Terminal): Date | null {
  const submittedAt = text ? new Date(text) : new Date();
  if (!Number.isNaN(submittedAt.getTime())) return submittedAt;
  terminal.err(`gradebot: --submitted-at: expected a date like 2026-12-01T23:59:00-05:00`);
  return null;
}
