/**
 * The `--due` option both importers take. Neither GitHub Classroom's autograding files nor a
 * Gradescope autograder zip carries the due date (it lives in each system's settings), and an
 * assignment without one never reaches it: hidden and after-due results stay withheld and nothing
 * is marked late. So the importer asks for it, and says what its absence means.
 */
import { assignmentSchema } from '../course/schema.js';

/**
 * The date as given, when the course file's schema accepts it.
 * @throws Error with the schema's message, naming the flag
 */
export function checkDueOption(due: string | undefined): string | undefined {
  if (due === undefined) return due;
  const result = assignmentSchema.shape.due.safeParse(due);
  if (!result.success) throw new Error(`--due: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return due;
}

/** The warning for an import without --due. */
export const MISSING_DUE_WARNING =
  'no --due given, so the assignment has no due date: hidden and after-due test results stay ' +
  'hidden from students until it is set, and nothing is marked late; add due: to gradebot.yml, ' +
  'or import again with --due "2026-12-01 23:59"';
