/**
 * Building blocks of the course-file schema. Each field carries its description and default, which
 * become the JSON Schema that editors show on hover and offer on completion.
 */
import path from 'node:path';
import { z } from 'zod';
import { expecting } from './course-error.js';
import { DUE_DATE_EXAMPLE, DUE_DATE_PATTERN } from './due-date.js';
import { parseDuration, parsePenalty, parseSize } from './units.js';

// A type alias, not an interface, so it fits zod's index-signature metadata type.
export type Doc = {
  title?: string;
  description: string;
  /** A literal default: appended to the description and offered by editors on completion. */
  default?: string | number | boolean;
};

export function meta(doc: Doc): Doc {
  if (doc.default === undefined) return doc;
  return { ...doc, description: `${doc.description} Default: ${String(doc.default)}.` };
}

/** A string or number parsed into a plain number; the parser's message becomes the problem. */
function quantity(parse: (value: string | number) => number, expected: string, doc: Doc) {
  return z
    .union([z.string(), z.number()], { error: expecting(expected) })
    .meta(meta(doc))
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message, input: value });
        return z.NEVER;
      }
    });
}

export const size = (doc: Doc) => quantity(parseSize, 'a size like 512MiB', doc);

export const duration = (doc: Doc) => quantity(parseDuration, 'a duration like 10m or 1h30m', doc);

export const penalty = (doc: Doc) => quantity(parsePenalty, 'a penalty like 10%/day', doc);

export const text = (what: string, doc: Doc) =>
  z
    .string({ error: expecting(what) })
    .min(1, { error: expecting(what) })
    .meta(meta(doc));

export const relativePath = (doc: Doc) =>
  z
    .string({ error: expecting('a relative path') })
    .min(1, { error: expecting('a relative path') })
    .refine((value) => !path.posix.isAbsolute(value) && !path.win32.isAbsolute(value), {
      error: expecting('a relative path'),
    })
    .meta(meta(doc));

export const dueDate = (doc: Doc) =>
  z
    .string({ error: expecting(`a date like ${DUE_DATE_EXAMPLE}`) })
    .regex(DUE_DATE_PATTERN, { error: expecting(`a date like ${DUE_DATE_EXAMPLE}`) })
    .meta(meta(doc));
