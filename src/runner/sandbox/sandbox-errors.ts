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
