/**
 * The whole-job wall-clock budget. Every step asks it how long it may take, so the job as a whole
 * ends within its limit however the time is spread between build and tests.
 */
export class JobClock {
  private readonly deadline: number;

  constructor(
    readonly limitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + limitMs;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** The step's own limit, cut short by what is left of the job's. */
  budget(stepLimitMs: number): { timeoutMs: number; cutByJob: boolean } {
    const remaining = this.remainingMs();
    return remaining < stepLimitMs
      ? { timeoutMs: remaining, cutByJob: true }
      : { timeoutMs: stepLimitMs, cutByJob: false };
  }
}
