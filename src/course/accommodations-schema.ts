/**
 * The course file's accommodations, as instructors write them: `extensions:` (an assignment id, then
 * one entry per student with their own due date and/or end of the late period) and `overrides:`
 * (scores set by staff). Dates are read by `resolve-accommodations.ts` in the course's time zone.
 */
import { z } from 'zod';
import { expecting } from './course-error.js';
import { DUE_DATE_EXAMPLE } from './due-date.js';
import { dueDate, meta, text } from './schema-fields.js';
import { RESULTS_BOUNDS } from '../results/results-bounds.js';

/** Bounds that keep a course file small enough to load on every push. */
export const MAX_EXTENSIONS_PER_ASSIGNMENT = 2000;
export const MAX_OVERRIDES = 10_000;

const LOGIN_EXPECTED = 'a GitHub login like alice';
// GitHub logins: letters, digits and single hyphens, at most 39 characters.
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const SCORE_EXPECTED = `a score from 0 to ${RESULTS_BOUNDS.points.toLocaleString('en')}`;

const login = (description: string) =>
  z
    .string({ error: expecting(LOGIN_EXPECTED) })
    .regex(LOGIN_PATTERN, { error: expecting(LOGIN_EXPECTED) })
    .meta(meta({ description }));

const reason = text('a reason', { description: 'Why it was granted; shown to staff in exports.' });

export const extensionSchema = z
  .strictObject({
    student: login('The student, by GitHub login; case does not matter.'),
    due: dueDate({
      description: `The student's own due date, like ${DUE_DATE_EXAMPLE}, read like the assignment's. Default: the assignment's; given alone, the late period keeps its length after it.`,
    }).optional(),
    late_until: dueDate({
      description: "The student's own end of the late period. Default: the assignment's, moved with due.",
    }).optional(),
    reason,
  })
  .meta(
    meta({
      description: 'One student granted a later due date and/or late period. Needs due or late_until.',
    }),
  );

export const extensionsSchema = z
  .record(
    z.string(),
    z
      .array(extensionSchema, { error: expecting('a list of extensions') })
      .max(MAX_EXTENSIONS_PER_ASSIGNMENT, {
        error: `expected at most ${MAX_EXTENSIONS_PER_ASSIGNMENT.toLocaleString('en')} extensions per assignment`,
      }),
  )
  .meta(meta({ description: 'Per-student extensions, by assignment id. Default: none.' }));

export const overrideSchema = z
  .strictObject({
    student: login('The student, by GitHub login; case does not matter.'),
    assignment: text('an assignment id', { description: 'The assignment whose score is set.' }),
    score: z
      .number({ error: expecting(SCORE_EXPECTED) })
      .min(0, { error: expecting(SCORE_EXPECTED) })
      .max(RESULTS_BOUNDS.points, { error: expecting(SCORE_EXPECTED) })
      .meta(meta({ description: 'The score staff set; the computed score is kept and shown beside it.' })),
    reason,
    by: login('Who set it, by GitHub login.'),
    at: dueDate({ description: `When it was set, like ${DUE_DATE_EXAMPLE}.` }),
  })
  .meta(meta({ description: 'A score set by staff.' }));

export const overridesSchema = z
  .array(overrideSchema, { error: expecting('a list of overrides') })
  .max(MAX_OVERRIDES, { error: `expected at most ${MAX_OVERRIDES.toLocaleString('en')} overrides` })
  .meta(meta({ description: 'Scores set by staff, shown next to the computed ones. Default: none.' }));

export type ExtensionFields = z.output<typeof extensionSchema>;
export type OverrideFields = z.output<typeof overrideSchema>;
