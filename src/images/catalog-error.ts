/** A problem with an image folder or image.json, reported as one line naming the file. */
import { SubmissionFault } from '../faults.js';

export class CatalogError extends SubmissionFault {
  override name = 'CatalogError';
  override readonly counts = false;
}
