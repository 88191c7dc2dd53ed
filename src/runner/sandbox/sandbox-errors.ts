/**
 * What can go wrong around a sandbox, by whose fault. The class decides what happens next: an
 * infrastructure failure is retried and never counts against the student; the others are results.
 */
import { InfrastructureFault, SubmissionFault } from '../../faults.js';

/** The engine or the machine failed (Docker down, container vanished): retry elsewhere. */
export class SandboxInfrastructureError extends InfrastructureFault {
  override name = 'SandboxInfrastructureError';
}

/** The assignment's image is not on this machine: the operator must build or load it. */
export class ImageMissingError extends SandboxInfrastructureError {
  override name = 'ImageMissingError';
}

/**
 * The sandbox had to be stopped (its processes could not be killed one by one); nothing more runs.
 * Caught where it happens: a test that ran into it fails inside a graded result; a grader that did
 * ends the job with an `error` result without `fault`, so that does not count.
 */
export class SandboxStoppedError extends SubmissionFault {
  override name = 'SandboxStoppedError';
  override readonly counts = false;
}

/**
 * The submission does not fit the sandbox (larger than the disk limit, say): the student's to fix,
 * and it counts. Also thrown when the assignment folder does not fit; `gradeSubmission` catches that
 * one and stores it without `fault`, as the instructor's to fix.
 */
export class SubmissionTooLargeError extends SubmissionFault {
  override name = 'SubmissionTooLargeError';
  override readonly counts = true;
}

/**
 * The grading image does not suit what the course file asks of it (a root grader's image whose
 * /etc or /home is too large to copy): the course's to fix. Retrying cannot help, and it never
 * counts against the student.
 */
export class UnusableImageError extends SubmissionFault {
  override name = 'UnusableImageError';
  override readonly counts = false;

  /** The reason is about the course's image, nothing of the tests: the student may read it. */
  override explain(): string {
    return `The submission could not be graded: ${this.message}. Course staff can fix this; it does not count against you.`;
  }
}

/** How long one call to the engine may take before it counts as failed: a busy engine answers in seconds. */
const ENGINE_CALL_LIMIT_MS = 120_000;

/**
 * Runs one call to the engine; whatever it throws, or its not answering within the limit, is an
 * infrastructure failure.
 */
export async function engineCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the engine did not answer within ${ENGINE_CALL_LIMIT_MS / 1000} s`)),
      ENGINE_CALL_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([call(), unanswered]);
  } catch (error) {
    throw new SandboxInfrastructureError(`could not ${what}: ${errorMessage(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP status of an engine error, when it has one (404: no such container or image). */
export function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

/** What went wrong, never empty: some engine and socket errors come with no message at all. */
export function errorMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (message) return message;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const status = statusCode(error);
  const name = error instanceof Error ? error.name : typeof error;
  return [`${name} without a message`, code && `code ${code}`, status && `HTTP ${status}`]
    .filter(Boolean)
    .join(', ');
}
