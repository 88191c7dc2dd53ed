/**
 * The two kinds of failure, by who is to blame; every error class of gradebot extends one of them,
 * so that what happens next is read from the error's type rather than from a list of classes.
 * A leaf module: it imports nothing, so any layer may extend these.
 */

/**
 * What was handed in (a submission, a course, an image definition, a file to import) is wrong.
 * Retrying cannot fix it: the runner never retries one, it ends the job with a result that says
 * what is wrong; a command prints it and exits non-zero.
 */
export abstract class SubmissionFault extends Error {
  /**
   * True when the result that ends a job on this fault counts against the student's submission
   * limit (it carries `fault: 'submission'`); false when the student is not the one to blame (the
   * course, an expired archive), and for faults no job ends on (a command's input).
   */
  abstract readonly counts: boolean;

  /**
   * The sentence the student reads when this fault stops a job before grading. The default is the
   * one for a submission the runner could not fetch.
   */
  explain(): string {
    return `The submission could not be fetched: ${this.message}.`;
  }
}

/**
 * Docker, the git server, Redis, the bot, the machine: nobody's submission. The runner retries the
 * job with backoff and, once attempts run out, stores an `error` result that does not count against
 * the student; a command prints it and exits non-zero.
 */
export abstract class InfrastructureFault extends Error {
  /**
   * False when waiting for the failure to pass costs the job none of its attempts (the bot that
   * hands out fetch tokens is restarting); the job then waits rather than being retried.
   */
  readonly spendsAttempt: boolean = true;

  /** For a fault that spends no attempt: the warning logged each time a job waits for it to pass. */
  readonly waitNote: string = 'the job waits for the infrastructure to come back';
}
