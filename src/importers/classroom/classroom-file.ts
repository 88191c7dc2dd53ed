/**
 * Either of GitHub Classroom's two formats, told apart by their content rather than their name: the
 * older `.github/classroom/autograding.json` (a JSON object) and `.github/workflows/classroom.yml`
 * (a workflow with `jobs`). Anything else is refused with one line that names both.
 */
import { parse } from 'yaml';
import { AutogradingFileError, parseAutogradingFile } from './autograding-file.js';
import { parseClassroomWorkflow } from './classroom-workflow.js';
import { mapTest, type ImportedTest } from './map-test.js';
import { DEFAULT_IMAGE } from './to-course.js';

export interface ClassroomFile {
  tests: ImportedTest[];
  /** One line each, in file order, without a `warning:` prefix. */
  warnings: string[];
}

/** @param image the grading image, which decides whether a pip-install setup is dropped */
export function parseClassroomFile(text: string, fileName: string, image = DEFAULT_IMAGE): ClassroomFile {
  if (/^\s*\{/.test(text) && !isJsonWorkflow(text)) {
    const parsed = parseAutogradingFile(text, fileName);
    const mapped = parsed.tests.map((test) => mapTest(test, image));
    return {
      tests: mapped.map((entry) => entry.test),
      warnings: [...parsed.warnings, ...mapped.flatMap((entry) => entry.warnings)],
    };
  }
  if (looksLikeWorkflow(text)) return parseClassroomWorkflow(text, fileName, image);
  throw new AutogradingFileError([
    `${fileName}: not a GitHub Classroom file; expected .github/classroom/autograding.json (a JSON object with "tests") or .github/workflows/classroom.yml (a workflow with jobs)`,
  ]);
}

/** A workflow written as JSON, which YAML allows: `jobs` and no `tests`. */
function isJsonWorkflow(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'jobs' in value && !('tests' in value);
  } catch {
    return false;
  }
}

/** A YAML mapping with `jobs`; a file that is not YAML at all is no workflow either. */
function looksLikeWorkflow(text: string): boolean {
  try {
    const value: unknown = parse(text, { uniqueKeys: false });
    return typeof value === 'object' && value !== null && 'jobs' in value;
  } catch {
    return false;
  }
}
