/**
 * Checks every file an assignment refers to. Paths must stay inside the course folder even after
 * symlinks are followed: the course repository is private, and a link to `/etc` or to another course's
 * answers must not end up in a container.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PathProblem, PathSegment } from './course-error.js';
import type { ResolvedAssignment } from './resolve-assignment.js';
import { regexProblem } from './test-schema.js';
import { insideFolder } from '../fs/inside-folder.js';

type Expect = 'file' | 'expected-output' | 'executable';

interface FileRef {
  path: PathSegment[];
  /** As written, relative to the assignment folder. */
  file: string;
  expect: Expect;
  /** The expected output is a regular expression with these flags that must compile; else null. */
  regexFlags: string | null;
}

export async function checkAssignmentFiles(
  root: string,
  resolved: ResolvedAssignment,
): Promise<PathProblem[]> {
  const { assignment, origin } = resolved;
  const realRoot = await realpath(root);
  const dirProblem = await checkDir(root, realRoot, assignment.dir);
  if (dirProblem !== null) return [{ path: origin('dir'), message: dirProblem }];
  const realDir = await realpath(path.resolve(root, assignment.dir));

  const refs: FileRef[] = [];
  if (assignment.kind === 'grader') {
    refs.push({ path: origin('grader'), file: assignment.grader, expect: 'executable', regexFlags: null });
  } else {
    assignment.tests.forEach((test, index) => {
      const at = (field: string) => [...origin('tests'), index, field];
      if (test.stdin?.kind === 'file') {
        refs.push({ path: at('stdin_file'), file: test.stdin.path, expect: 'file', regexFlags: null });
      }
      if (test.stdout?.kind === 'file') {
        const regexFlags = test.match === 'regex' ? test.regexFlags : null;
        refs.push({ path: at('stdout_file'), file: test.stdout.path, expect: 'expected-output', regexFlags });
      }
    });
  }
  const problems = await Promise.all(
    refs.map(async (ref) => {
      const message = await checkFile(root, realRoot, assignment.dir, realDir, ref);
      return message === null ? [] : [{ path: ref.path, message }];
    }),
  );
  return problems.flat();
}

async function checkDir(root: string, realRoot: string, dir: string): Promise<string | null> {
  const lexical = path.resolve(root, dir);
  if (!insideFolder(root, lexical)) return `expected a folder inside the course folder, got "${dir}"`;
  const real = await realpathOrNull(lexical);
  if (real === null) return `folder not found: ${dir}`;
  if (!insideFolder(realRoot, real))
    return `"${dir}" leads outside the course folder through a symbolic link`;
  if (!(await stat(real)).isDirectory()) return `expected a folder, but ${dir} is a file`;
  // The assignment folder is copied into the container; the course root would bring gradebot.yml and
  // every other assignment's expected outputs along.
  if (real === realRoot) return 'expected a subfolder of the course folder, not the course folder itself';
  return null;
}

async function checkFile(
  root: string,
  realRoot: string,
  dir: string,
  realDir: string,
  ref: FileRef,
): Promise<string | null> {
  const shown = path.posix.join(dir, ref.file);
  const lexical = path.resolve(root, dir, ref.file);
  if (!insideFolder(root, lexical)) return `"${ref.file}" is outside the course folder`;
  // The grader runs from the copy of the assignment folder, so it must be in that folder.
  if (ref.expect === 'executable' && !insideFolder(path.resolve(root, dir), lexical)) {
    return `"${ref.file}" is outside the assignment folder ${dir}`;
  }
  const real = await realpathOrNull(lexical);
  if (real === null) return `file not found: ${shown}`;
  const bound = ref.expect === 'executable' ? realDir : realRoot;
  if (!insideFolder(bound, real)) {
    return `"${ref.file}" leads outside the ${bound === realDir ? 'assignment' : 'course'} folder through a symbolic link`;
  }
  const stats = await stat(real);
  if (!stats.isFile())
    return `expected a file, but ${shown} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}`;

  if (ref.expect === 'expected-output') {
    // The copy into the container skips the path written here, not what a link points to; a link to
    // another file of the assignment folder would carry the hidden answer in under that other name.
    const direct = path.resolve(realDir, ref.file);
    if (real !== direct && insideFolder(realDir, real)) {
      const target = path.relative(realDir, real).split(path.sep).join('/');
      return `${shown} is a symbolic link to ${target} in the assignment folder, which would be copied into the container; use ${target} here instead`;
    }
    if (ref.regexFlags !== null) return regexProblem(await readFile(real, 'utf8'), ref.regexFlags);
  }
  if (ref.expect === 'executable' && (stats.mode & 0o111) === 0) {
    return `${shown} is not executable; run chmod +x ${shown}`;
  }
  return null;
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    throw error;
  }
}
