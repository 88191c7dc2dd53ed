/**
 * Turns zod issues into problems an instructor can act on: `expected …, got …` wording instead of
 * zod's, one problem per unknown key (with a did-you-mean), and paths kept for locating the YAML node.
 */
import { z } from 'zod';
import { expecting, showValue, type PathProblem, type PathSegment } from './course-error.js';

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** The error map given to `safeParse`; schema-level messages take precedence over it. */
export function issueMessage(issue: z.core.$ZodRawIssue): string {
  const got = `got ${showValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return expecting(KINDS[issue.expected] ?? issue.expected)(issue);
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `expected a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}, ${got}`
        : `expected at least ${issue.minimum} ${issue.origin === 'array' ? 'items' : 'characters'}`;
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `expected a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}, ${got}`
        : `expected at most ${issue.maximum} ${issue.origin === 'array' ? 'items' : 'characters'}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, ${got}`
        : `expected one of ${issue.values.map(String).join(', ')}, ${got}`;
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${issue.pattern ?? 'the pattern'}` : issue.format}, ${got}`;
    default:
      return issue.message ?? `unexpected value, ${got}`;
  }
}

/** Problems for every issue, expanded so each points at one YAML node. */
export function issueProblems(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): PathProblem[] {
  return issues.flatMap((issue): PathProblem[] => {
    const path = issue.path.map(toSegment);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(schema, path);
        return issue.keys.map((key) => ({
          path: [...path, key],
          at: 'key',
          message: unknownKey(key, known),
        }));
      }
      case 'invalid_key':
        // The key itself is wrong; its own issue carries the schema's message.
        return [{ path, at: 'key', message: issue.issues[0]?.message ?? issue.message }];
      default:
        // Unions need nothing special: zod unwraps one when exactly one branch fits the type, and when
        // none does, the schema's own message for the union reads better than any branch's.
        return [{ path, at: 'value', message: issue.message }];
    }
  });
}

function toSegment(segment: PropertyKey): PathSegment {
  return typeof segment === 'number' ? segment : String(segment);
}

function unknownKey(key: string, known: string[]): string {
  const close = known
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= (candidate.length >= 4 ? 2 : 1))
    .sort((a, b) => a.distance - b.distance)[0];
  if (close !== undefined) return `unknown key, did you mean ${close.candidate}?`;
  return known.length > 0 ? `unknown key, expected one of ${known.join(', ')}` : 'unknown key';
}

/** The keys a strict object at `path` accepts, found by walking the schema the way the parser did. */
function knownKeys(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  let candidates = [schema];
  for (const segment of path) {
    candidates = candidates.flatMap(unwrap).flatMap((candidate) => child(candidate, segment));
  }
  const keys = candidates.flatMap(unwrap).flatMap((candidate) => {
    const def = candidate._zod.def;
    return def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
  });
  return [...new Set(keys)];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return unwrap((def as z.core.$ZodOptionalDef).innerType);
    case 'pipe':
      return unwrap((def as z.core.$ZodPipeDef).in);
    case 'union':
      return (def as z.core.$ZodUnionDef).options.flatMap(unwrap);
    default:
      return [schema];
  }
}

function child(schema: z.core.$ZodType, segment: PathSegment): z.core.$ZodType[] {
  const def = schema._zod.def;
  if (def.type === 'object') {
    const field = (def as z.core.$ZodObjectDef).shape[String(segment)];
    return field === undefined ? [] : [field];
  }
  if (def.type === 'record') return [(def as z.core.$ZodRecordDef).valueType];
  if (def.type === 'array' && typeof segment === 'number') return [(def as z.core.$ZodArrayDef).element];
  return [];
}

/** Optimal string alignment distance: like Levenshtein, but a swap of neighbours (`tset`) costs 1. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}
