/**
 * How many files and folders a submission may hold. Empty files cost nothing against the disk
 * limit, yet each is a tar header, a create and a chmod on the way into the sandbox: 400,000 of
 * them kept a copy-in busy for minutes. Checked before checkout for a commit, and while packing for
 * a folder (a local `gradebot grade`, an uploaded submission).
 */
export const MAX_SUBMISSION_ENTRIES = 10_000;

/**
 * What the student is told after the folder's name, with how to fix it: the usual culprits are
 * generated or downloaded files.
 */
export function tooManyEntries(limit: number): string {
  return (
    `holds more than ${limit.toLocaleString('en-US')} files and folders; ` +
    'remove generated or downloaded files (build output, node_modules, virtual environments) from it'
  );
}
