/**
 * The JUnit report a `junit` test's command writes in /autograder/results: removed before the test
 * (so a report left by an earlier test never counts) and read back after it, with the same care as
 * a grader's results.json.
 */
import { UnsafeResultsError } from '../sandbox/results-reader.js';
import { PATHS, type Sandbox } from '../sandbox/sandbox.js';

/** Far more than pytest writes for thousands of cases; the report is read into memory. */
const JUNIT_MAX_BYTES = 10 * 1024 * 1024;
const CLEAR_TIMEOUT_MS = 10_000;

/** Removes the report; `name` is a plain file name (the course schema allows nothing else). */
export async function clearJunitReport(sandbox: Sandbox, name: string): Promise<void> {
  await sandbox.exec({
    command: `rm -f -- '${PATHS.results}/${name}'`,
    cwd: PATHS.submission,
    timeoutMs: CLEAR_TIMEOUT_MS,
    outputLimitBytes: 4096,
  });
}

/** The report's bytes, null when there is none; a refused report is an empty one, with a note. */
export async function readJunitReport(
  sandbox: Sandbox,
  name: string,
): Promise<{ report: Buffer | null; refused: string | null }> {
  try {
    const files = await sandbox.copyOutResults([name], JUNIT_MAX_BYTES);
    return { report: files.get(name) ?? null, refused: null };
  } catch (error) {
    if (error instanceof UnsafeResultsError) return { report: null, refused: error.message };
    throw error;
  }
}
