/** The declarative tests of an assignment, as written in the course file. */
import { z } from 'zod';
import { DEFAULT_REGEX_FLAGS } from './comparison-defaults.js';
import { expecting } from './course-error.js';
import { duration, meta, relativePath, text } from './schema-fields.js';

const exitError = expecting('an exit status from 0 to 255, or any');
const FLAGS_EXPECTED = 'regular expression flags: any of i, m, s and u, each at most once';
const FLAGS_PATTERN = /^(?!.*(.).*\1)[imsu]*$/;
const JUNIT_EXPECTED = 'a file name of letters, digits, ., - and _ (not starting with .)';
const JUNIT_NAME = /^[\w-][\w.-]*$/;

export const testSchema = z
  .strictObject({
    name: text('a test name', { description: 'Shown to students; unique within the assignment.' }),
    setup: text('a shell command', {
      description:
        'Shell command run before run, in the same folder; its output is not compared. If it fails or times out, the test fails and run is not started. setup and run share the test timeout unless setup_timeout is given. Default: no setup.',
    }).optional(),
    setup_timeout: duration({
      description:
        'Wall-clock limit of setup on its own; run then gets the whole timeout. Default: setup and run share timeout.',
    }).optional(),
    run: text('a shell command', {
      description: 'Shell command, run with `sh -c` in /autograder/submission.',
    }),
    stdin: z
      .string()
      .optional()
      .meta(meta({ description: 'Text given on standard input. Default: no input.' })),
    stdin_file: relativePath({
      description: 'File given on standard input, relative to the assignment folder. Default: no input.',
    }).optional(),
    stdout: z
      .string()
      .optional()
      .meta(
        meta({
          description:
            'Expected standard output (a regular expression when match is regex). Default: stdout is not checked.',
        }),
      ),
    stdout_file: relativePath({
      description:
        'File with the expected standard output, relative to the assignment folder; it is never copied into the container. Default: stdout is not checked.',
    }).optional(),
    match: z
      .enum(['exact', 'trimmed', 'contains', 'regex'])
      .default('trimmed')
      .meta(
        meta({
          description:
            'How stdout is compared: exact; trimmed (trailing spaces and blank lines at the ends ignored); contains (the expected text appears); regex.',
          default: 'trimmed',
        }),
      ),
    normalize: z
      .enum(['none', 'newlines', 'trim', 'ends'], { error: expecting('none, newlines, trim or ends') })
      .optional()
      .meta(
        meta({
          description:
            'What is done to the output and the expected text before comparing (not with match trimmed, which normalises line by line; a regex pattern is left as written): none; newlines (CRLF and CR become LF); trim (CRLF becomes LF, then whitespace at the start and end of the whole text is removed; spaces at the ends of inner lines stay); ends (only whitespace at the start and end of the whole text is removed, line endings are kept). Default: none for exact, newlines for contains and regex.',
        }),
      ),
    flags: z
      .string({ error: expecting(FLAGS_EXPECTED) })
      .regex(FLAGS_PATTERN, { error: expecting(FLAGS_EXPECTED) })
      .optional()
      .meta(
        meta({
          description:
            'Flags of the regular expression (match regex only): any of i (ignore case), m (^ and $ match at line breaks), s (. matches newlines), u (Unicode); "" for none, where ^ and $ mean the whole output.',
          default: 'm',
        }),
      ),
    exit: z
      .union(
        [
          z.int({ error: exitError }).min(0, { error: exitError }).max(255, { error: exitError }),
          z.literal('any'),
        ],
        {
          error: exitError,
        },
      )
      .default(0)
      .meta(meta({ description: 'Expected exit status, or `any` to ignore it.', default: 0 })),
    points: z
      .number()
      .min(0)
      .default(1)
      .meta(meta({ description: 'Points for passing this test.', default: 1 })),
    timeout: duration({ description: 'Wall-clock limit of this test.', default: '10s' }).prefault('10s'),
    junit: z
      .string({ error: expecting(JUNIT_EXPECTED) })
      .regex(JUNIT_NAME, { error: expecting(JUNIT_EXPECTED) })
      .optional()
      .meta(
        meta({
          description:
            "Name of a JUnit XML report that run writes in /autograder/results (e.g. `pytest --junit-xml=/autograder/results/junit.xml`). The points are then split evenly among the test cases the report lists, each passing (or skipped) case earning points / N, as GitHub Classroom's Python grader scores pytest; the exit status is ignored, and stdout may not be given. No report, or a timeout, scores 0. Default: no report, all or nothing.",
        }),
      ),
    visibility: z
      .enum(['visible', 'hidden', 'after_due'])
      .default('visible')
      .meta(
        meta({
          description:
            'visible: output always shown; hidden: only the status, after the due date; after_due: output shown after the due date.',
          default: 'visible',
        }),
      ),
  })
  // These checks also run when other fields of the test are wrong, so one pass reports everything;
  // that is why they look at the values as unknown.
  .superRefine((test, ctx) => checkTest(test as Record<string, unknown>, ctx), { when: isObject })
  .meta(meta({ description: 'A declarative test: run a command, compare its output and exit status.' }));

export const testsSchema = z
  .array(testSchema)
  .min(1, { error: 'expected at least one test' })
  .superRefine((tests, ctx) => checkNames(tests as unknown[], ctx), { when: isObject })
  .meta(meta({ description: 'Declarative tests, run in order. An assignment has either tests or grader.' }));

type Context = z.core.$RefinementCtx;

function isObject(payload: { value: unknown }): boolean {
  return typeof payload.value === 'object' && payload.value !== null;
}

function checkTest(test: Record<string, unknown>, ctx: Context): void {
  const pairs = [
    ['stdin', 'stdin_file'],
    ['stdout', 'stdout_file'],
  ] as const;
  for (const [inline, file] of pairs) {
    if (test[inline] !== undefined && test[file] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [file], message: `give either ${inline} or ${file}, not both` });
    }
  }
  if (test.setup_timeout !== undefined && test.setup === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['setup_timeout'],
      message: 'setup_timeout is for a test with setup',
    });
  }
  if (test.junit !== undefined) {
    for (const field of ['stdout', 'stdout_file'] as const) {
      if (test[field] === undefined) continue;
      const message = `${field} is not compared with junit: the report's test cases decide the score`;
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  }
  const match = test.match ?? 'trimmed';
  if (test.normalize !== undefined && match === 'trimmed') {
    const message =
      'normalize is for match exact, contains or regex; trimmed does its own line-by-line normalising';
    ctx.addIssue({ code: 'custom', path: ['normalize'], message });
  }
  if (test.flags !== undefined && match !== 'regex') {
    ctx.addIssue({ code: 'custom', path: ['flags'], message: 'flags is for match: regex' });
  }
  if (match === 'regex' && typeof test.stdout === 'string') {
    const flags = typeof test.flags === 'string' ? test.flags : DEFAULT_REGEX_FLAGS;
    const problem = regexProblem(test.stdout, flags);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['stdout'], message: problem });
  }
}

function checkNames(tests: unknown[], ctx: Context): void {
  const seen = new Map<string, number>();
  tests.forEach((test, index) => {
    const name =
      typeof test === 'object' && test !== null ? (test as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else {
      const message = `duplicate test name ${JSON.stringify(name)}, already used by tests[${first}]`;
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message });
    }
  });
}

/** Null when `pattern` compiles as a JavaScript regular expression, else what is wrong with it. */
export function regexProblem(pattern: string, flags = DEFAULT_REGEX_FLAGS): string | null {
  try {
    // Wrong flags are reported on their own; the pattern is then checked without them.
    new RegExp(pattern, FLAGS_PATTERN.test(flags) ? flags : '');
    return null;
  } catch (error) {
    // V8 says `Invalid regular expression: /(/: Unterminated group`; the last part is the reason.
    const reason = (error as Error).message.split(': ').pop() ?? '';
    return `expected a valid regular expression, got ${JSON.stringify(pattern)} (${reason.toLowerCase()})`;
  }
}
