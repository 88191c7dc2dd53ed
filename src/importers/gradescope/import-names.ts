/**
 * The names an import chooses: the assignment id (from the zip's name unless given) and the tag of
 * the course image, a Docker reference made from the course and assignment names.
 */
import { ASSIGNMENT_ID_PATTERN } from '../../course/schema.js';
import { COURSE_IMAGES_FOLDER } from '../../images/course-images.js';
import { ImportError } from './import-error.js';

/** `autograder.zip` → `autograder`; `HW 2 (final).zip` → `HW-2-final`. */
export function assignmentIdFromZip(zipName: string): string {
  const id = zipName
    .replace(/\.zip$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '');
  if (id === '')
    throw new ImportError(`cannot make an assignment id from ${zipName}; give one with --assignment`);
  return checkAssignmentId(id);
}

export function checkAssignmentId(id: string): string {
  if (!ASSIGNMENT_ID_PATTERN.test(id)) {
    throw new ImportError(
      `--assignment must be letters, digits, - and _, starting with a letter or digit; got ${JSON.stringify(id)}`,
    );
  }
  // The assignment folder and the folder of course images would be one and the same.
  if (id === COURSE_IMAGES_FOLDER) {
    throw new ImportError(
      `the assignment id cannot be ${id}, the course's folder of images; give another with --assignment`,
    );
  }
  return id;
}

/** `gradebot-course/<course>/<id>:latest`, each part lowercased with other characters turned into `-`. */
export function courseImageReference(course: string, id: string): string {
  return `gradebot-course/${referencePart(course, 'course')}/${referencePart(id, 'assignment')}:latest`;
}

/** One path component of a Docker reference: lowercase letters and digits joined by single `-`. */
function referencePart(name: string, fallback: string): string {
  const part = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return part === '' ? fallback : part;
}
