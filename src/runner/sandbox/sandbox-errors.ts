/**
 * What can go wrong around a sandbox, by whose fault. The class decides what happens next: an
 * infrastructure failure is retried and never counts against the student; the others are results.
 */

/** The engine or the machine failed (Docker down, container vanished): retry elsewhere. */
export class SandboxInfrastructureError extends Error {
  override name = 'SandboxInfrastructureError';
}

/** The assignment's image is not on this machine: the operator must build or load it. */
export class ImageMissingError extends SandboxInfrastructureError {
  override name = 'ImageMissingError';
}

/** The sandbox had to be stopped (its processes could not be killed one by one); nothing more runs. */
export class SandboxStoppedError extends Error {
  override name = 'SandboxStoppedError';
}

/** The submission does not fit the sandbox (larger than the disk limit, say): the student's to fix. */
export class SubmissionTooLargeError extends Error {
  override name = 'SubmissionTooLargeError';
}

/** Runs one call to the engine; whatever it throws is an infrastructure failure. */
export async function engineCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SandboxInfrastructureError(`could not ${what}: ${errorMessage(error)}`);
  }
}

/** The HTTP status of an engine error, when it has one (404: no such container or image). */
export function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
