/**
 * The gradebook of one assignment: a row per student, from their stored results and the roster,
 * by the same rules as the scoreboard (`src/standings/standings.ts`). Pure, so every number in an
 * export can be checked with `toEqual`. A student's own deadline and a score set by staff are shown
 * in columns of their own, after the computed ones, which they never replace.
 */
import { deadlineFor, type Deadlines } from '../course/deadline.js';
import { studentKey } from '../course/repo-pattern.js';
import { standingOf } from '../standings/standings.js';
import type { StoredResult } from '../results/stored-result.js';

/** One student's line; the keys are the CSV header and the JSON field names. */
export interface GradebookRow {
  login: string;
  /** Best score of a submission on time; null without one. */
  best_on_time: number | null;
  /** Best score once late penalties are applied, on time or late; null without a graded submission. */
  best_with_penalty: number | null;
  max_score: number | null;
  /** Graded submissions (infrastructure errors, rejected and superseded results are not counted). */
  submissions: number;
  /** The commit of the submission `best_with_penalty` comes from (null for an uploaded folder). */
  commit: string | null;
  submitted_at: string | null;
  late_days: number | null;
  /** The student's own due date (ISO), extensions included; null without one. */
  due: string | null;
  /** Why the student has their own deadline; null without an extension. */
  extension_reason: string | null;
  /** The score staff set, shown beside `best_with_penalty`; null without an override. */
  override_score: number | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: string | null;
  /** The student's staff commands from pull-request comments, oldest first, in one bounded line; null without any. */
  commands: string | null;
}

/** A staff command of the audit log (a `CommandRecord`), as the gradebook shows it. */
export interface GradebookCommand {
  student: string;
  by: string;
  at: string;
  command: string;
  outcome: string;
}

/** The `commands` column is cut to this many characters, ending in `…`. */
export const MAX_COMMANDS_CHARS = 1_000;

/** A score set by staff for this assignment (a `PublishedOverride`, whatever its source). */
export interface GradebookOverride {
  student: string;
  score: number;
  reason: string;
  by: string;
  at: string;
}

export interface GradebookAccommodations {
  /** The assignment's deadlines with its extensions; null when the assignment is no longer published. */
  deadlines: Deadlines | null;
  overrides: readonly GradebookOverride[];
  /** The assignment's audit log of staff commands (default none). */
  commands?: readonly GradebookCommand[];
}

const NONE: GradebookAccommodations = { deadlines: null, overrides: [] };

export const GRADEBOOK_COLUMNS = [
  'login',
  'best_on_time',
  'best_with_penalty',
  'max_score',
  'submissions',
  'commit',
  'submitted_at',
  'late_days',
  'due',
  'extension_reason',
  'override_score',
  'override_reason',
  'override_by',
  'override_at',
  'commands',
] as const satisfies readonly (keyof GradebookRow)[];

/**
 * A row for every student on the roster or with a result, sorted by login. Students without a
 * graded submission get empty scores and the assignment's maximum as it is now (that of the newest
 * graded result of anyone), so an LMS import still sees what the assignment was out of.
 */
export function gradebookRows(
  roster: readonly string[],
  results: ReadonlyMap<string, StoredResult[]>,
  accommodations: GradebookAccommodations = NONE,
): GradebookRow[] {
  const logins = [...new Set([...roster, ...results.keys()])].sort();
  const assignmentMax = newestMaxScore([...results.values()].flat());
  return logins.map((login) => {
    const standing = standingOf(login, results.get(login) ?? []);
    const best = standing.best?.result ?? null;
    return {
      login,
      best_on_time: standing.onTime?.result.score ?? null,
      best_with_penalty: best?.score ?? null,
      max_score: best?.max_score ?? assignmentMax,
      submissions: standing.submissions,
      commit: best?.commit ?? null,
      submitted_at: best?.submitted_at ?? null,
      late_days: best ? (best.late?.days ?? 0) : null,
      ...deadlineColumns(accommodations.deadlines, login),
      ...overrideColumns(accommodations.overrides, login),
      commands: commandsColumn(accommodations.commands ?? [], login),
    };
  });
}

function deadlineColumns(
  deadlines: Deadlines | null,
  login: string,
): Pick<GradebookRow, 'due' | 'extension_reason'> {
  if (deadlines === null) return { due: null, extension_reason: null };
  const deadline = deadlineFor(deadlines, login);
  return { due: deadline.due?.toISOString() ?? null, extension_reason: deadline.extension?.reason ?? null };
}

function overrideColumns(
  overrides: readonly GradebookOverride[],
  login: string,
): Pick<GradebookRow, 'override_score' | 'override_reason' | 'override_by' | 'override_at'> {
  // The last one wins, so a later source (a staff command) can supersede the course file's.
  const override = overrides.findLast((entry) => studentKey(entry.student) === studentKey(login));
  return {
    override_score: override?.score ?? null,
    override_reason: override?.reason ?? null,
    override_by: override?.by ?? null,
    override_at: override?.at ?? null,
  };
}

function commandsColumn(commands: readonly GradebookCommand[], login: string): string | null {
  const own = commands.filter((entry) => studentKey(entry.student) === studentKey(login));
  if (own.length === 0) return null;
  const line = own.map((entry) => `${entry.at} ${entry.by}: ${entry.command} (${entry.outcome})`).join('; ');
  return line.length <= MAX_COMMANDS_CHARS ? line : `${line.slice(0, MAX_COMMANDS_CHARS - 1)}…`;
}

function newestMaxScore(stored: StoredResult[]): number | null {
  let newest: StoredResult | null = null;
  for (const entry of stored) {
    if (entry.result.status !== 'graded') continue;
    if (!newest || entry.result.graded_at > newest.result.graded_at) newest = entry;
  }
  return newest?.result.max_score ?? null;
}
