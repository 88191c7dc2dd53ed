/**
 * Why an organisation's assignment cannot be read, in words for staff, or null when it can: the
 * commands that read an assignment's results (export, show) refuse an unknown one the same way.
 * An assignment since removed from the course file keeps its results, so it can still be read.
 */
export function missingAssignment(
  org: string,
  assignment: string,
  /** The ids of the assignments of the organisation's published course; null without one. */
  courseAssignments: string[] | null,
  studentsWithResults: number,
): string | null {
  if (studentsWithResults > 0 || courseAssignments?.includes(assignment)) return null;
  if (!courseAssignments)
    return `unknown organisation ${org}: no course is published for it and it has no results for ${assignment}`;
  return `${org} has no assignment ${assignment} (its course has: ${courseAssignments.join(', ') || 'none'})`;
}
