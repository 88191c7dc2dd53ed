/**
 * How a test's stdout is compared when the course file leaves the details out. Shared by the course
 * loader, which fills them in, and the scoring code, so both always agree.
 */
import type { MatchKind, Normalization } from './types.js';

/** Regular expressions are multi-line unless a test says otherwise: `^` and `$` match at line ends. */
export const DEFAULT_REGEX_FLAGS = 'm';

/**
 * `exact` compares bytes as printed; `contains` and `regex` first turn Windows line endings into `\n`.
 * `trimmed` does its own, per-line normalising and takes no other.
 */
export function defaultNormalization(match: MatchKind): Normalization {
  return match === 'exact' ? 'none' : 'newlines';
}
