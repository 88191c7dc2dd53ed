/** Why an import was refused: one line for the instructor, naming the file or entry at fault. */
import { SubmissionFault } from '../../faults.js';

export class ImportError extends SubmissionFault {
  override name = 'ImportError';
  override readonly counts = false;
}
