/**
 * `gradebot images build [name...]`: builds the grading images of runner-images/ (all of them when no
 * name is given), offline where no registry can be reached. With `--course DIR`, builds that course's
 * own images from DIR/images/ instead, after any runner image they build on that is missing.
 */
import { buildCourseImages, buildImages } from '../images/build-images.js';
import type { Terminal } from './terminal.js';

export interface ImagesBuildOptions {
  /** A course folder whose images/ to build (default: none, build runner-images/). */
  course?: string;
}

export function runImagesBuild(
  names: string[],
  options: ImagesBuildOptions,
  terminal: Terminal,
): Promise<number> {
  const named = names.length > 0 ? names : undefined;
  return options.course === undefined
    ? buildImages(named, terminal)
    : buildCourseImages(options.course, named, terminal);
}
