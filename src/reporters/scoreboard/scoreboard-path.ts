/**
 * What a path under `/scoreboard` asks for. Pure, so every odd path is a unit test:
 *
 * - `/scoreboard/<org>`: the index of the course's boards;
 * - `/scoreboard/<org>/<assignment>`, `.json` and `/events`: one board as a page, JSON, or events;
 * - `/scoreboard/_assets/<file>`: static files (`_` cannot start an organisation's name);
 * - a trailing slash: a redirect to the path without it, where relative links work.
 */
import { ASSIGNMENT_ID_PATTERN } from '../../course/schema.js';

export type ScoreboardPath =
  | { kind: 'asset'; name: string }
  | { kind: 'index'; org: string }
  | { kind: 'board'; org: string; assignment: string; format: 'html' | 'json' | 'events' }
  /** `location` is relative to the path asked for. */
  | { kind: 'redirect'; location: string }
  | { kind: 'unknown'; format: 'html' | 'json' };

/** GitHub's rule for organisation names. */
const ORG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;

/** What the path asks for, or null when it is not a scoreboard path. */
export function parseScoreboardPath(pathname: string): ScoreboardPath | null {
  if (pathname === '/scoreboard') return { kind: 'unknown', format: 'html' };
  if (!pathname.startsWith('/scoreboard/')) return null;
  const raw = pathname.slice('/scoreboard/'.length).split('/');
  const segments = decode(raw);
  const json = segments?.length === 2 && segments[1]!.endsWith('.json');
  const unknown = { kind: 'unknown', format: json ? 'json' : 'html' } as const;
  if (!segments || segments.length > 3) return unknown;
  if (segments.length > 1 && segments.at(-1) === '')
    return { kind: 'redirect', location: `../${raw.at(-2)!}` };
  const [org, second, third] = segments as [string, string?, string?];
  if (org === '_assets' && second !== undefined && third === undefined)
    return { kind: 'asset', name: second };
  if (!ORG_PATTERN.test(org)) return unknown;
  if (second === undefined) return { kind: 'index', org };
  const assignment = json ? second.slice(0, -'.json'.length) : second;
  if (!ASSIGNMENT_ID_PATTERN.test(assignment) || (third !== undefined && third !== 'events')) return unknown;
  return { kind: 'board', org, assignment, format: json ? 'json' : third ? 'events' : 'html' };
}

/** Where the assets are, relative to the path asked for. */
export function assetsFrom(pathname: string): string {
  if (pathname === '/scoreboard') return 'scoreboard/_assets/';
  const depth = pathname.slice('/scoreboard/'.length).split('/').length - 1;
  return `${'../'.repeat(depth)}_assets/`;
}

/** The path's segments, or null when one is not valid percent-encoding. */
function decode(segments: string[]): string[] | null {
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}
