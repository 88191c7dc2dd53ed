/**
 * One warning line for what several tests share. Real autograding.json files repeat the same shape
 * in every test (no input, an extra field), and one line per test buries the warning that matters
 * under dozens that say the same thing.
 */
import { spokenList } from './spoken-list.js';

/** `test "name": rest`, with the name as JSON writes it. */
const TEST_WARNING = /^test ("(?:[^"\\]|\\.)*"): (.*)$/s;

/**
 * Warnings in their order, where those that differ only in the test they name become one:
 * `tests "a", "b" and "c": rest`, at the place of the first.
 */
export function groupedWarnings(warnings: string[]): string[] {
  const names = new Map<string, string[]>();
  for (const warning of warnings) {
    const found = TEST_WARNING.exec(warning);
    if (found === null) continue;
    const [, name, rest] = found as unknown as [string, string, string];
    names.set(rest, [...(names.get(rest) ?? []), name]);
  }
  const written = new Set<string>();
  return warnings.flatMap((warning) => {
    const rest = TEST_WARNING.exec(warning)?.[2];
    const shared = rest === undefined ? undefined : names.get(rest);
    if (rest === undefined || shared === undefined || shared.length < 2) return [warning];
    if (written.has(rest)) return [];
    written.add(rest);
    return [`tests ${spokenList(shared)}: ${rest}`];
  });
}
