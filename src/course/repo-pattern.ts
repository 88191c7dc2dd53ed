/**
 * An assignment's `repos` glob, such as `hw1-*`: one `*`, and what it matches is the student.
 * GitHub treats repository names case-insensitively (`hw1-Alice` and `hw1-alice` are one repository,
 * renamed or not), so matching does too, and the student is kept in one form, lower case: the key of
 * their results, submission limit, nickname and scoreboard row. The repository keeps its own case
 * for links and API calls.
 */
export function studentOf(pattern: string, repoName: string): string | null {
  const star = pattern.indexOf('*');
  if (star < 0 || pattern.indexOf('*', star + 1) >= 0) return null;
  const prefix = studentKey(pattern.slice(0, star));
  const suffix = studentKey(pattern.slice(star + 1));
  const name = studentKey(repoName);
  if (name.length <= prefix.length + suffix.length) return null;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return null;
  return name.slice(prefix.length, name.length - suffix.length);
}

/** The one form of a student (or repository) name that every key uses: GitHub ignores case. */
export function studentKey(name: string): string {
  return name.toLowerCase();
}
