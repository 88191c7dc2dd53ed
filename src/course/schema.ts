/**
 * The raw course file, `gradebot.yml`, exactly as instructors write it. Sizes, durations and penalties
 * become numbers here; defaults that depend on other fields (the time zone, `defaults:`, the assignment
 * id) are applied by `resolve-assignment.ts`. The descriptions feed the JSON Schema in schema/.
 */
import { z } from 'zod';
import { extensionsSchema, overridesSchema } from './accommodations-schema.js';
import { expecting } from './course-error.js';
import { DUE_DATE_EXAMPLE, isValidTimeZone } from './due-date.js';
import { dueDate, duration, meta, penalty, relativePath, size, text } from './schema-fields.js';
import { testsSchema } from './test-schema.js';
import { RESULTS_BOUNDS } from '../results/results-bounds.js';

export const IMAGE_EXPECTED = 'a grading image like gradebot/python:3';

export const ASSIGNMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
// GitHub repository names are letters, digits, `.`, `-` and `_`; the single `*` is the student.
const REPOS_PATTERN = /^[A-Za-z0-9._-]*\*[A-Za-z0-9._-]*$/;
const REPOS_EXPECTED = 'a repository name pattern with exactly one *, like "hw1-*"';
const EXTRA_CREDIT_EXPECTED = `a number of points from 0 to ${RESULTS_BOUNDS.points.toLocaleString('en')}`;
const TIMEZONE_EXPECTED = 'an IANA time zone like America/Toronto';
const USER_EXPECTED = 'root or sandbox';

const limitsSchema = z
  .strictObject({
    cpus: z
      .number()
      .positive()
      .optional()
      .meta(meta({ description: 'CPU cores, fractions allowed.', default: 1 })),
    memory: size({ description: 'Memory; no swap is granted beyond it.', default: '512MiB' }).optional(),
    pids: z
      .int()
      .positive()
      .optional()
      .meta(meta({ description: 'Maximum number of processes and threads.', default: 128 })),
    time: duration({ description: 'Wall-clock limit of the whole job.', default: '10m' }).optional(),
    output: size({
      description: 'Output kept per test and stream; head and tail are kept, the middle elided.',
      default: '1MiB',
    }).optional(),
    disk: size({ description: 'Writable space inside the container.', default: '256MiB' }).optional(),
  })
  .meta(meta({ description: 'Limits of the grading container. Inherited from defaults field by field.' }));

const buildSchema = z
  .union(
    [
      text('a shell command', { description: 'Shell command.' }),
      z.strictObject({
        run: text('a shell command', { description: 'Shell command.' }),
        timeout: duration({
          description: 'Wall-clock limit of the build. Default: the job time limit.',
        }).optional(),
      }),
    ],
    { error: expecting('a command, or a mapping with run and timeout') },
  )
  .meta(
    meta({
      description:
        'Runs once before the tests in /autograder/submission; if it fails, every test fails. Tests only. Default: no build.',
    }),
  );

const lateSchema = z
  .strictObject({
    until: dueDate({ description: 'After this, submissions are graded but scored 0 and marked late.' }),
    penalty: penalty({
      description: 'Removed per started day after the due date.',
      default: '0%/day',
    }).optional(),
  })
  .meta(meta({ description: 'Late submissions. Requires due. Default: none; late work is scored 0.' }));

const limitSchema = z
  .strictObject({
    submissions: z
      .int()
      .positive()
      .meta(meta({ description: 'Graded submissions allowed in each period.' })),
    per: duration({ description: 'The sliding period, like 24h.' }),
  })
  .meta(
    meta({
      description: 'Graded submissions per student; ungradable ones do not count. Default: unlimited.',
    }),
  );

export const assignmentSchema = z
  .strictObject({
    title: text('a title', {
      description: 'Shown in check runs and on the scoreboard. Default: the assignment id.',
    }).optional(),
    repos: z
      .string({ error: expecting(REPOS_EXPECTED) })
      .regex(REPOS_PATTERN, { error: expecting(REPOS_EXPECTED) })
      .optional()
      .meta(
        meta({
          description: 'Glob on the repository name; what * matches is the student. Default: `<id>-*`.',
        }),
      ),
    dir: relativePath({
      description: 'Assignment folder in the course repository. Default: the assignment id.',
    }).optional(),
    due: dueDate({
      description: `Due date like ${DUE_DATE_EXAMPLE}, in the course time zone unless it has an offset; a date alone means 23:59:59. Default: no due date.`,
    }).optional(),
    late: lateSchema.optional(),
    limit: limitSchema.optional(),
    scoreboard: z
      .boolean()
      .optional()
      .meta(meta({ description: 'Publish a pseudonymous scoreboard.', default: false })),
    image: text(IMAGE_EXPECTED, {
      description: 'Grading image, like gradebot/python:3. Required here or in defaults.',
    }).optional(),
    limits: limitsSchema.optional(),
    build: buildSchema.optional(),
    tests: testsSchema.optional(),
    grader: relativePath({
      description: 'A Gradescope-compatible executable in the assignment folder, run like run_autograder.',
    }).optional(),
    points: z
      .number()
      .positive()
      .optional()
      .meta(
        meta({
          description: "Maximum score of a grader assignment. Default: the sum of the tests' max_score.",
        }),
      ),
    user: z
      .enum(['root', 'sandbox'], { error: expecting(USER_EXPECTED) })
      .optional()
      .meta(
        meta({
          description:
            "Grader assignments only: who runs the grader inside the container. `root`, as Gradescope runs run_autograder, so that it can add users (`adduser student`), `chown` and switch to them (`runuser -u student --`), keeping only the capabilities that needs; /etc, /home, /root and /run are then writable copies of the image's. `sandbox`: the sandbox's own unprivileged uid, like declarative tests, for graders that need no root (the grader and the student's code then share that uid).",
          default: 'root',
        }),
      ),
    extra_credit: z
      .number({ error: expecting(EXTRA_CREDIT_EXPECTED) })
      .min(0, { error: expecting(EXTRA_CREDIT_EXPECTED) })
      .max(RESULTS_BOUNDS.points, { error: expecting(EXTRA_CREDIT_EXPECTED) })
      .optional()
      .meta(
        meta({
          description:
            'Grader assignments only: points a score may reach above the maximum, in total; beyond that it is clamped.',
          default: 0,
        }),
      ),
  })
  .meta(meta({ description: 'An assignment: exactly one of tests and grader.' }));

/** GitHub team slugs: lower-case words joined by hyphens (underscores allowed), at most 100. */
const TEAM_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export const courseFileSchema = z
  .strictObject({
    course: text('a course name like cs101-fall26', { description: 'Course name, like cs101-fall26.' }),
    timezone: z
      .string({ error: expecting(TIMEZONE_EXPECTED) })
      .refine(isValidTimeZone, { error: expecting(TIMEZONE_EXPECTED) })
      .optional()
      .meta(meta({ description: 'IANA time zone of due dates written without an offset.', default: 'UTC' })),
    defaults: assignmentSchema
      .optional()
      .meta(
        meta({ description: 'Any assignment field; an assignment inherits what it does not set itself.' }),
      ),
    assignments: z
      .record(
        z
          .string()
          .regex(ASSIGNMENT_ID_PATTERN, { error: expecting('an assignment id of letters, digits, - and _') }),
        assignmentSchema,
      )
      .meta(meta({ description: 'Assignments by id, in the order they are shown.' })),
    extensions: extensionsSchema.optional(),
    overrides: overridesSchema.optional(),
    staff: z
      .strictObject({
        team: z
          .string({ error: expecting('a team slug like tas') })
          .regex(TEAM_SLUG, { error: expecting('a team slug like tas (letters, digits, - and _)') })
          .meta(meta({ description: "Slug of the organisation's team whose members are staff." })),
      })
      .optional()
      .meta(
        meta({
          description:
            "Who besides the organisation's owners is course staff (PR-comment commands, the staff pages).",
        }),
      ),
  })
  .meta(meta({ title: 'gradebot course file', description: 'gradebot.yml, the course file of gradebot.' }));

export type CourseFile = z.output<typeof courseFileSchema>;
export type AssignmentFields = z.output<typeof assignmentSchema>;
export type TestFields = AssignmentFields extends { tests?: (infer T)[] } ? T : never;
