/**
 * An assignment's `repos` glob, such as `hw1-*`: one `*`, and what it matches is the student.
 * GitHub treats repository names case-insensitively, so matching does too; the student keeps the
 * case the repository name has.
 */
export function studentOf(pattern: string, repoName: string): string | null {
  const star = pattern.indexOf('*');
  if (star < 0 || pattern.indexOf('*', star + 1) >= 0) return null;
  const prefix = pattern.slice(0, star).toLowerCase();
  const suffix = pattern.slice(star + 1).toLowerCase();
  const name = repoName.toLowerCase();
  if (name.length <= prefix.length + suffix.length) return null;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return null;
  return repoName.slice(prefix.length, repoName.length - suffix.length);
}
