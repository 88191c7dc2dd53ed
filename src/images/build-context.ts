/**
 * Where `docker build` of an image takes its files from. An image.json may name a folder other than
 * its own (a course image built from its assignment folder), but never one outside `root`: the
 * engine would read whatever that folder holds, and a build must depend only on the repository.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CatalogError } from './catalog-error.js';
import { insideFolder } from '../fs/inside-folder.js';

/** The absolute build context of the image in `folder`; `file` is its image.json, for messages. */
export async function resolveBuildContext(
  file: string,
  folder: string,
  context: string | undefined,
  root: string,
): Promise<string> {
  if (context === undefined) return folder;
  if (path.isAbsolute(context) || /^[A-Za-z]:/.test(context)) {
    throw new CatalogError(`${file}: "context" must be a path relative to the image folder, got ${context}`);
  }
  const resolved = path.resolve(folder, context);
  if (!insideFolder(path.resolve(root), resolved)) {
    throw new CatalogError(`${file}: "context" ${context} leads outside ${root}`);
  }
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    throw new CatalogError(`${file}: "context" folder ${context} not found`);
  }
  // A symbolic link inside the folder could still point anywhere.
  if (!insideFolder(await realpath(root), real)) {
    throw new CatalogError(`${file}: "context" ${context} leads outside ${root} through a symbolic link`);
  }
  if (!(await stat(real)).isDirectory()) {
    throw new CatalogError(`${file}: "context" ${context} is not a folder`);
  }
  return resolved;
}
