/**
 * `gradebot images build [name...]`: builds the grading images of runner-images/ (all of them when no
 * name is given), offline where no registry can be reached.
 */
import { buildImages } from '../images/build-images.js';
import type { Terminal } from './terminal.js';

export function runImagesBuild(names: string[], terminal: Terminal): Promise<number> {
  return buildImages(names.length > 0 ? names : undefined, terminal);
}
