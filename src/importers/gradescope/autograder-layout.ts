/**
 * Where each file of a Gradescope autograder.zip goes in the assignment folder. Gradescope wants
 * run_autograder at the top of the zip; a zip of the folder around it (what "Compress folder" makes)
 * is accepted too, with that folder stripped.
 */
import type { ZipContents, ZipItem } from './read-zip.js';
import { ImportError } from './import-error.js';

export const RUN_AUTOGRADER = 'run_autograder';
export const SETUP_SCRIPT = 'setup.sh';

export interface AutograderLayout {
  /** Each item with its path in the assignment folder. */
  entries: { item: ZipItem; to: string }[];
  hasSetup: boolean;
  /** The top-level folder that was stripped, if any. */
  stripped: string | null;
}

export function planLayout(zip: ZipContents, label: string): AutograderLayout {
  const stripped = wrappingFolder(zip.items);
  const entries = zip.items.flatMap((item) => {
    if (stripped === null) return [{ item, to: item.path }];
    // The wrapping folder itself becomes the assignment folder.
    return item.path === stripped ? [] : [{ item, to: item.path.slice(stripped.length + 1) }];
  });
  const isFile = (name: string) => entries.some(({ item, to }) => to === name && !item.directory);
  if (!isFile(RUN_AUTOGRADER)) throw new ImportError(missingRunAutograder(entries, label));
  return { entries, hasSetup: isFile(SETUP_SCRIPT), stripped };
}

/** The one top-level folder holding everything, when run_autograder sits directly in it. */
function wrappingFolder(items: ZipItem[]): string | null {
  const tops = new Set(items.map((item) => item.path.split('/')[0]));
  if (tops.size !== 1) return null;
  const [top] = [...tops];
  if (top === undefined) return null;
  const holdsRunAutograder = items.some(
    (item) => item.path === `${top}/${RUN_AUTOGRADER}` && !item.directory,
  );
  const isFolder = items.every((item) => item.path !== top || item.directory);
  return holdsRunAutograder && isFolder ? top : null;
}

function missingRunAutograder(entries: AutograderLayout['entries'], label: string): string {
  const deeper = entries
    .filter(({ item, to }) => !item.directory && to.split('/').at(-1) === RUN_AUTOGRADER)
    .map(({ to }) => to);
  if (deeper.length > 0) {
    return `${label} has no ${RUN_AUTOGRADER} at its top level (found ${deeper.slice(0, 5).join(', ')}); Gradescope runs only the one at the top`;
  }
  const top = [
    ...new Set(
      entries.map(({ item, to }) => {
        const [first = '', ...rest] = to.split('/');
        return rest.length > 0 || item.directory ? `${first}/` : first;
      }),
    ),
  ].sort();
  const found =
    top.length === 0 ? 'it is empty' : `found ${top.slice(0, 10).join(', ')}${top.length > 10 ? ', …' : ''}`;
  return `${label} has no ${RUN_AUTOGRADER} at its top level (${found}); Gradescope needs one there`;
}
