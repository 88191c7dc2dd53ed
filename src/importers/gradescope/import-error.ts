/** Why an import was refused: one line for the instructor, naming the file or entry at fault. */
export class ImportError extends Error {
  override name = 'ImportError';
}
