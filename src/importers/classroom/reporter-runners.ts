/**
 * The `runners` input and `env` of classroom.yml's `autograding-grading-reporter` step, read as the
 * reporter reads them: each name in `runners`, upper-cased, names the variable `<NAME>_RESULTS`,
 * which it decodes with Node's base64 decoder and parses; an empty name or a variable that does not
 * decode fails the whole report, and Classroom records no score.
 */
import { spokenList } from './spoken-list.js';

const RESULT_REFERENCE = /\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.result\s*\}\}/;
/** What Node's base64 decoder reads (either alphabet, and the padding that ends it). */
const BASE64_ALPHABET = /[A-Za-z0-9+/=_-]/;

/** The step ids the reporter reads, through `runners` and the `<NAME>_RESULTS` variables. */
export function countedStepIds(
  runners: string,
  env: Record<string, unknown>,
  at: string,
  problems: string[],
): Set<string> {
  const ids = new Set<string>();
  const names = runners.split(',').map((name) => name.trim());
  if (names.includes('')) {
    // The reporter looks up `_RESULTS`, which no step sets, and fails the whole report.
    const what = runners === '' ? 'missing or empty' : `${JSON.stringify(runners)} has an empty name`;
    problems.push(
      `${at}: runners: ${what}, so the reporter fails and Classroom records no score; list the ids of the grader steps it counts, separated by commas`,
    );
    return ids;
  }
  for (const runner of names) {
    const variable = `${runner.toUpperCase()}_RESULTS`;
    const value = env[variable];
    if (typeof value !== 'string') {
      problems.push(
        `${at}: runners: ${JSON.stringify(runner)} needs env ${variable}: "\${{steps.<id>.outputs.result}}"; without it the reporter fails${unlistedHint(env, names)}`,
      );
      continue;
    }
    const id = referencedStep(value);
    if (id === null) {
      problems.push(
        `${at}: env ${variable}: ${JSON.stringify(value)} adds text the reporter would decode with the results, so it fails; write exactly "\${{ steps.<id>.outputs.result }}"`,
      );
    } else ids.add(id.toLowerCase()); // Expressions look up `steps.<id>` ignoring case.
  }
  return ids;
}

/** Variables the env sets for runners that `runners` leaves out: often the name meant. */
function unlistedHint(env: Record<string, unknown>, names: string[]): string {
  const listed = new Set(names.map((name) => `${name.toUpperCase()}_RESULTS`));
  const unlisted = Object.keys(env).filter((key) => key.endsWith('_RESULTS') && !listed.has(key));
  if (unlisted.length === 0) return '';
  const runners = unlisted.map((key) => JSON.stringify(key.slice(0, -'_RESULTS'.length).toLowerCase()));
  return ` (the env sets ${spokenList(unlisted)}, for ${spokenList(runners)}, which runners does not list)`;
}

/**
 * The step whose result a `<NAME>_RESULTS` value carries, or null. The reporter decodes the value
 * with Node's base64 decoder, which skips characters outside the base64 alphabet: a stray quote or
 * space around the reference is harmless, a letter or digit corrupts the results.
 */
function referencedStep(value: string): string | null {
  const found = RESULT_REFERENCE.exec(value);
  if (found === null) return null;
  const around = value.slice(0, found.index) + value.slice(found.index + found[0].length);
  return BASE64_ALPHABET.test(around) ? null : found[1]!;
}
