/**
 * Bounds on what a grader's results.json may put into a result. Student code often runs in the
 * grader's own process, so the file is untrusted: it could name 100,000 tests (one scoreboard column
 * each), give them names of megabytes, or score 1e300 points. What goes beyond a bound is cut or
 * clamped, never silently: every cut is listed in a note that joins the result's output, for the
 * student and the staff alike.
 */
import type { LeaderboardEntry, TestResult } from './results.js';

export const RESULTS_BOUNDS = {
  /** Tests kept per result; the score still counts every test the grader reported. */
  tests: 1_000,
  /** Characters of a test's name. */
  nameLength: 200,
  /** Leaderboard entries kept per result. */
  leaderboardEntries: 20,
  /** Characters of a leaderboard name and of a leaderboard value that is text. */
  leaderboardText: 100,
  /** Points a test's max_score, or a score without a known maximum, may reach. */
  points: 1_000_000,
  /** Tags kept per test, and characters of each. */
  tags: 20,
  tagLength: 50,
  /** Characters of a test's `extra_data` as JSON; larger is dropped. */
  testExtraData: 4_096,
  /** Characters of the top-level `extra_data` as JSON; larger is dropped. */
  extraData: 65_536,
} as const;

/** Collects what was cut, for the note. */
export class BoundsNotes {
  private readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
  }

  /** The note to append to the result's output; empty when nothing was cut. */
  text(): string {
    if (this.lines.length === 0) return '';
    return `gradebot limited what results.json reported:\n${this.lines.map((line) => `- ${line}`).join('\n')}`;
  }
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** `text`, cut to `length` characters (by code point) with an ellipsis. */
export function clip(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

/** Keeps the first tests and clips their names, noting what was cut. */
export function boundTests(tests: TestResult[], notes: BoundsNotes): TestResult[] {
  const { tests: most, nameLength } = RESULTS_BOUNDS;
  if (tests.length > most)
    notes.add(`${tests.length} tests were reported; the first ${most} are kept (the score counts them all)`);
  const kept = tests.slice(0, most);
  const long = kept.filter((test) => [...test.name].length > nameLength).length;
  if (long > 0) notes.add(`${long} test name(s) were cut to ${nameLength} characters`);
  return kept.map((test) => ({ ...test, name: clip(test.name, nameLength) }));
}

/** The first tags, clipped, noting what was cut; undefined when there are none. */
export function boundTags(
  tags: string[] | null | undefined,
  notes: BoundsNotes,
  test: string,
): string[] | undefined {
  if (!tags || tags.length === 0) return undefined;
  const { tags: most, tagLength } = RESULTS_BOUNDS;
  const kept = tags.slice(0, most);
  if (tags.length > most || kept.some((tag) => [...tag].length > tagLength))
    notes.add(`the tags of "${clip(test, 40)}" were cut to ${most} of at most ${tagLength} characters`);
  return kept.map((tag) => clip(tag, tagLength));
}

/** `extra_data` kept as written when its JSON fits in `limit` characters; otherwise dropped, with a note. */
export function boundExtraData(data: unknown, limit: number, notes: BoundsNotes, owner: string): unknown {
  if (data === undefined || data === null) return undefined;
  const size = JSON.stringify(data).length;
  if (size <= limit) return data;
  notes.add(`the extra_data of ${owner} (${size} characters of JSON) was dropped: the limit is ${limit}`);
  return undefined;
}

/** Keeps the first leaderboard entries and clips their text, noting what was cut. */
export function boundLeaderboard(entries: LeaderboardEntry[], notes: BoundsNotes): LeaderboardEntry[] {
  const { leaderboardEntries: most, leaderboardText: length } = RESULTS_BOUNDS;
  if (entries.length > most)
    notes.add(`${entries.length} leaderboard entries were reported; the first ${most} are kept`);
  const kept = entries.slice(0, most);
  const long = kept.filter(
    (entry) =>
      [...entry.name].length > length ||
      (typeof entry.value === 'string' && [...entry.value].length > length),
  ).length;
  if (long > 0) notes.add(`${long} leaderboard name(s) or value(s) were cut to ${length} characters`);
  return kept.map((entry) => ({
    ...entry,
    name: clip(entry.name, length),
    value: typeof entry.value === 'string' ? clip(entry.value, length) : entry.value,
  }));
}
