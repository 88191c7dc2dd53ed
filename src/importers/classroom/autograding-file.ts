/**
 * GitHub Classroom's `.github/classroom/autograding.json`, read as untrusted input. Every problem is
 * reported, each naming the test by position and name, so the instructor fixes the file in one go.
 * A `null` field means the same as a missing one, as it does to Classroom's runner.
 */
import { z } from 'zod';
import { SubmissionFault } from '../../faults.js';
import { expecting, showValue } from '../../course/course-error.js';

/** GitHub Actions stops a job after 6 hours, so no Classroom test ever ran longer than this. */
export const MAX_TIMEOUT_MINUTES = 360;

const required = (what: string) => z.string({ error: expecting(what) }).min(1, { error: expecting(what) });
const optionalText = (what: string) => z.string({ error: expecting(what) }).nullish();
const TIMEOUT_EXPECTED = `a number of minutes from 0 to ${MAX_TIMEOUT_MINUTES}`;
const POINTS_EXPECTED = 'a number of points, 0 or more';

const testSchema = z.object({
  name: required('a test name'),
  setup: optionalText('a shell command'),
  run: required('a shell command'),
  input: optionalText('the text for standard input'),
  output: optionalText('the expected output'),
  comparison: optionalText('exact, included or regex'),
  timeout: z
    .number({ error: expecting(TIMEOUT_EXPECTED) })
    .min(0, { error: expecting(TIMEOUT_EXPECTED) })
    .max(MAX_TIMEOUT_MINUTES, { error: expecting(TIMEOUT_EXPECTED) })
    .nullish(),
  points: z
    .number({ error: expecting(POINTS_EXPECTED) })
    .min(0, { error: expecting(POINTS_EXPECTED) })
    .nullish(),
});

/** One test as Classroom's runner reads it; unknown fields are dropped (and warned about). */
export type ClassroomTest = z.output<typeof testSchema>;

export interface AutogradingFile {
  tests: ClassroomTest[];
  /** Fields Classroom ignores and so does the import, one line each. */
  warnings: string[];
}

/** Everything wrong with the file, one self-contained line per problem. */
export class AutogradingFileError extends SubmissionFault {
  override name = 'AutogradingFileError';
  override readonly counts = false;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const KNOWN_FIELDS = new Set(Object.keys(testSchema.shape));

/** `fileName` (the base name) starts every problem, so a message stands on its own. */
export function parseAutogradingFile(text: string, fileName: string): AutogradingFile {
  const fail = (message: string) => new AutogradingFileError([`${fileName}: ${message}`]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(json)) throw fail(`expected an object with a "tests" list, got ${showValue(json)}`);
  const list = json.tests;
  if (!Array.isArray(list)) {
    throw fail(
      `tests: ${list === undefined ? 'missing' : `got ${showValue(list)}`}, expected a list of tests`,
    );
  }
  if (list.length === 0) throw fail('tests: the list is empty; gradebot needs at least one test');

  const problems: string[] = [];
  const warnings = Object.keys(json)
    .filter((key) => key !== 'tests')
    .map((key) => `${fileName}: unknown field ${JSON.stringify(key)} ignored, as Classroom does`);
  const tests: ClassroomTest[] = [];
  const firstIndex = new Map<string, number>();
  list.forEach((raw: unknown, index) => {
    const label = testLabel(raw, index);
    const parsed = testSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        const message = isRecord(raw) ? issue.message : `expected a test object, got ${showValue(raw)}`;
        problems.push(`${fileName}: ${label}: ${field}${message}`);
      }
      return;
    }
    const test = parsed.data;
    const first = firstIndex.get(test.name);
    if (first === undefined) firstIndex.set(test.name, index);
    else {
      problems.push(
        `${fileName}: ${label}: name: the same as tests[${first}]; gradebot needs a different name for each test`,
      );
    }
    const regex = test.comparison === 'regex' ? regexProblem(test.output ?? '') : null;
    if (regex !== null) {
      problems.push(
        `${fileName}: ${label}: output: ${JSON.stringify(test.output ?? '')} is not a valid regular expression (${regex}); Classroom fails this test every time`,
      );
    }
    for (const key of Object.keys(raw as object).filter((key) => !KNOWN_FIELDS.has(key))) {
      warnings.push(
        `test ${JSON.stringify(test.name)}: unknown field ${JSON.stringify(key)} ignored, as Classroom does`,
      );
    }
    tests.push(test);
  });
  if (problems.length > 0) throw new AutogradingFileError(problems);
  return { tests, warnings };
}

/** `tests[2] "adds numbers"`, or `tests[2]` when the test has no usable name. */
function testLabel(raw: unknown, index: number): string {
  const name = isRecord(raw) ? raw.name : undefined;
  return typeof name === 'string' && name !== ''
    ? `tests[${index}] ${JSON.stringify(name)}`
    : `tests[${index}]`;
}

/**
 * Classroom builds `new RegExp(output)` with no flags, and so does the io-grader; null when that
 * works, else why not.
 */
export function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (error) {
    // V8 says `Invalid regular expression: /(/: Unterminated group`; the pattern is shown apart.
    return ((error as Error).message.split(': ').pop() ?? '').toLowerCase();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
