/**
 * Extensions and overrides granted by staff commands join the course file's lists here, and only
 * here: whatever reads an assignment's extensions (`deadlineFor`) or the course's overrides (the
 * gradebook, which shows the last one) gets both. A student's granted extension comes before the
 * course file's, the latest grant first, since `deadlineFor` takes the first that matches; granted
 * overrides come after the course file's, oldest first, so the latest is last.
 */
import type { Extension, ScoreOverride } from './types.js';

export interface Grants<E = Extension, O = ScoreOverride> {
  extensions: readonly E[];
  overrides: readonly O[];
}

/** The lists with the grants merged in; `at` orders grants (ISO strings or dates). */
export function withGrants<E extends { at?: Date | string }, O extends { at: Date | string }>(
  lists: Grants<E, O>,
  granted: Grants<E, O>,
): { extensions: E[]; overrides: O[] } {
  const time = (at: Date | string | undefined) => (at === undefined ? 0 : new Date(at).getTime());
  return {
    extensions: [...[...granted.extensions].sort((a, b) => time(b.at) - time(a.at)), ...lists.extensions],
    overrides: [...lists.overrides, ...[...granted.overrides].sort((a, b) => time(a.at) - time(b.at))],
  };
}
