/**
 * A course folder given on the command line (`submit --course`, `regrade --course`): checked before
 * anything is queued, so a broken course file is the instructor's clear message, not a queue of
 * error results; then uploaded to the blob store, where runners fetch it by digest.
 */
import { CourseError, formatProblem } from '../course/course-error.js';
import { findAssignment, loadCourse } from '../course/load-course.js';
import type { Course } from '../course/types.js';
import type { BlobStore } from '../store/blob-store.js';
import { archiveFolder } from '../archive/folder-archive.js';
import type { Terminal } from './terminal.js';

/** The largest folder a command uploads. */
export const MAX_FOLDER_BYTES = 256 * 1024 * 1024;

/**
 * The course, when the folder is valid and has the assignment; when not, null, after printing every
 * problem with file:line:col and a last line saying that nothing was `whatHappened` ("submitted").
 */
export async function checkCourseFolder(
  courseDir: string,
  assignment: string,
  terminal: Terminal,
  whatHappened: string,
): Promise<Course | null> {
  try {
    const course = await loadCourse(courseDir);
    findAssignment(course, assignment);
    return course;
  } catch (error) {
    if (!(error instanceof CourseError)) throw error;
    terminal.done();
    for (const problem of error.problems) terminal.err(formatProblem(problem));
    terminal.err(
      `gradebot: the course file has ${error.problems.length} problem(s); nothing was ${whatHappened}`,
    );
    return null;
  }
}

/** Uploads a folder (a course or a submission) and returns its digest. */
export async function uploadFolder(blobs: BlobStore, dir: string): Promise<string> {
  return blobs.put(await archiveFolder(dir, { maxBytes: MAX_FOLDER_BYTES }));
}
