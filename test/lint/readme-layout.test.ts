/**
 * The README's "Developing" section is the map of src/: every folder under src/ has its line there,
 * and every src/ path it names exists, so the map cannot fall behind a moved or new folder.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The paths that start a line of the layout block: the first code block after "## Developing". */
async function layoutPaths(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Developing\n'));
  const block = section.split('```')[1] ?? '';
  return block
    .split('\n')
    .map((line) => /^(\S+)/.exec(line)?.[1] ?? '')
    .filter((first) => first.startsWith('src/'));
}

/** Every folder under src/, as `src/a/b/`. */
async function sourceFolders(): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map(
      (entry) => `${path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}/`,
    );
}

describe('the README layout', () => {
  it('has a line for every folder under src/', async () => {
    const listed = new Set(await layoutPaths());
    const folders = await sourceFolders();
    expect(folders).toContain('src/runner/sandbox/docker/');
    expect(folders.filter((folder) => !listed.has(folder)).sort()).toEqual([]);
  });

  it('names only paths that exist', async () => {
    const missing: string[] = [];
    for (const listed of await layoutPaths()) {
      await stat(path.join(ROOT, listed)).catch(() => missing.push(listed));
    }
    expect(missing).toEqual([]);
  });
});
