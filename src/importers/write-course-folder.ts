/**
 * Writes an imported course into a folder of its own. It never overwrites: the folder must be new or
 * empty, so an import cannot clobber a course that is already there.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CourseFile {
  /** Relative to the course folder, with `/` separators. */
  path: string;
  content: string;
}

/** Throws a one-line reason unless `dir` is missing or an empty folder. */
export async function checkOutFolder(dir: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) {
    throw new Error(`${dir} is not empty; give --out a new or empty folder, nothing was written`);
  }
}

export async function writeCourseFolder(dir: string, files: CourseFile[]): Promise<void> {
  await checkOutFolder(dir);
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    // `wx`: a file that appeared since the check is left alone, not overwritten.
    await writeFile(target, file.content, { flag: 'wx' });
  }
}
