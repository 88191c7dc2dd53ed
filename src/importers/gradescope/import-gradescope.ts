/**
 * `gradebot import gradescope`: turns a Gradescope autograder.zip into a course folder
 *
 *   <out>/gradebot.yml             one `grader: run_autograder` assignment using the course image
 *   <out>/<id>/                    the zip's files: the assignment folder, /autograder/source when grading
 *   <out>/images/<id>/             Dockerfile and image.json of the image built from the zip's setup.sh
 *
 * and checks the result with the same loaders `gradebot validate` and `images build` use. Nothing is
 * left behind when anything fails.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CourseError, formatProblem } from '../../course/course-error.js';
import { loadCourse } from '../../course/load-course.js';
import { CatalogError, isTaggedReference, loadCatalog, normalizeReference } from '../../images/catalog.js';
import { loadCourseImages } from '../../images/course-images.js';
import { RESULTS_BOUNDS } from '../../results/results-bounds.js';
import { checkOutFolder, writeCourseFolder } from '../write-course-folder.js';
import { planLayout, SETUP_SCRIPT } from './autograder-layout.js';
import { courseFiles, GRADESCOPE_BASE_IMAGE } from './course-files.js';
import { checkDueOption, MISSING_DUE_WARNING } from '../due-option.js';
import { ImportError } from './import-error.js';
import { assignmentIdFromZip, checkAssignmentId, courseImageReference } from './import-names.js';
import { withZip } from './read-zip.js';
import { unpackAutograder } from './unpack-autograder.js';

export interface ImportGradescopeOptions {
  /** The autograder zip. */
  zip: string;
  /** The assignment id (default: the zip's name, sanitised). */
  assignment?: string;
  /** The course name (default: the assignment id). */
  course?: string;
  /** The course folder to create; it must be new or empty. */
  out: string;
  /**
   * The assignment's total points, as in Gradescope's settings (default: none, so the maximum is the
   * sum of the tests' max_score that each run reports).
   */
  points?: number;
  /** The due date as the course file writes it (default: none, with a warning). */
  due?: string;
  /** The image to build on, with an explicit tag (default: GRADESCOPE_BASE_IMAGE). */
  base?: string;
}

export interface ImportedGradescope {
  id: string;
  course: string;
  /** The course image's tag, which `gradebot images build --course <out>` builds. */
  image: string;
  /** What the import changed on the way, for the instructor to know. */
  notes: string[];
  /** What may not work as on Gradescope. */
  warnings: string[];
}

export async function importGradescope(
  options: ImportGradescopeOptions,
  onStep: (step: string) => void = () => {},
): Promise<ImportedGradescope> {
  const zipName = path.basename(options.zip);
  const id =
    options.assignment === undefined ? assignmentIdFromZip(zipName) : checkAssignmentId(options.assignment);
  const course = options.course ?? id;
  if (course.trim() === '') throw new ImportError('--course must not be empty');
  const points = options.points === undefined ? undefined : checkPoints(options.points);
  const image = courseImageReference(course, id);
  const due = dueOption(options.due);
  const base = baseOption(options.base);
  await checkOutFolder(options.out);
  const existed = await exists(options.out);
  try {
    onStep(`reading ${zipName}`);
    const unpacked = await withZip(options.zip, async (zip) => {
      const layout = planLayout(zip, zipName);
      await writeCourseFolder(
        options.out,
        courseFiles({ zipName, course, id, image, due, hasSetup: layout.hasSetup, points, base }),
      );
      onStep(`unpacking ${zipName} into ${id}/`);
      const converted = await unpackAutograder(zip, layout, path.join(options.out, id));
      return { layout, converted, skipped: zip.skipped.length };
    });
    onStep('validating the course folder');
    await validateImport(options.out);

    const { layout, converted, skipped } = unpacked;
    const notes = [
      ...(layout.stripped === null
        ? []
        : [`${zipName} keeps everything in ${layout.stripped}/; its contents became ${id}/`]),
      ...(converted.length === 0
        ? []
        : [`converted Windows line endings of ${converted.join(' and ')} to Unix ones, as Gradescope does`]),
      ...(skipped === 0
        ? []
        : [
            `left out ${skipped} macOS metadata ${skipped === 1 ? 'entry' : 'entries'} (__MACOSX/, .DS_Store)`,
          ]),
    ];
    const warnings = [
      ...(layout.hasSetup
        ? []
        : [`${zipName} has no ${SETUP_SCRIPT}: its image is ${base} with nothing more installed`]),
      ...(base === GRADESCOPE_BASE_IMAGE
        ? []
        : [
            `the image builds on ${base}, which must have sh, tar, kill and sleep for gradebot's sandbox, and what ${SETUP_SCRIPT} and run_autograder assume; ${GRADESCOPE_BASE_IMAGE}'s Python, pip and build tools are not added`,
          ]),
      ...(points !== undefined
        ? []
        : [
            "no --points given: each submission's maximum is the sum of the max_score its tests report, so a submission whose tests fail to load scores out of less; give the assignment's total points from Gradescope's settings with --points N, or set points: in gradebot.yml",
          ]),
      ...(due === undefined ? [MISSING_DUE_WARNING] : []),
    ];
    return { id, course, image, notes, warnings };
  } catch (error) {
    // The folder was new or empty: put it back that way.
    await (existed ? emptyFolder(options.out) : rm(options.out, { recursive: true, force: true }));
    throw error;
  }
}

function checkPoints(points: number): number {
  if (Number.isFinite(points) && points > 0 && points <= RESULTS_BOUNDS.points) return points;
  throw new ImportError(
    `--points must be a number of points above 0 and at most ${RESULTS_BOUNDS.points.toLocaleString('en')}, like 20`,
  );
}

/** --base: a tagged image reference, which becomes a FROM line. */
function baseOption(base: string | undefined): string {
  if (base === undefined) return GRADESCOPE_BASE_IMAGE;
  if (!isTaggedReference(base.trim())) {
    throw new ImportError(
      `--base must be an image with its tag, like ${GRADESCOPE_BASE_IMAGE} or gradescope/autograder-base:ubuntu-22.04; got ${JSON.stringify(base)}`,
    );
  }
  return normalizeReference(base);
}

/** --due as the instructor's one-line error. */
function dueOption(due: string | undefined): string | undefined {
  try {
    return checkDueOption(due);
  } catch (error) {
    throw new ImportError((error as Error).message);
  }
}

/** The generated folder must load as `gradebot validate` and `gradebot images build` load it. */
async function validateImport(dir: string): Promise<void> {
  const bug = 'the imported course does not validate (a bug in gradebot import gradescope, please report it)';
  try {
    await loadCourse(dir);
    await loadCourseImages(dir, await loadCatalog());
  } catch (error) {
    if (error instanceof CourseError) {
      throw new ImportError(`${bug}: ${error.problems.map(formatProblem).join('; ')}`);
    }
    if (error instanceof CatalogError) throw new ImportError(`${bug}: ${error.message}`);
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function emptyFolder(dir: string): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(names.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
}
