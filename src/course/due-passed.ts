/**
 * Whether an assignment's due date has passed: what decides when students see hidden tests' status
 * and after-due tests' output. A missing due date (every imported Gradescope assignment) or one that
 * cannot be known (the course could not be loaded) never passes, so hidden results stay hidden
 * instead of showing at once.
 */
export function duePassed(due: Date | string | null, now: Date): boolean {
  if (due === null) return false;
  const at = typeof due === 'string' ? Date.parse(due) : due.getTime();
  return Number.isFinite(at) && now.getTime() >= at;
}
