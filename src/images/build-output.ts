/**
 * Where an image build reports: its steps while they run, and why it failed. The CLI's `Terminal`
 * is one; naming only what a build writes keeps the images code free of the CLI.
 */
export interface BuildOutput {
  /** A step in progress, replaced by the next one. */
  progress(text: string): void;
  /** Problems and one-line reasons for failure. */
  err(text: string): void;
  /** Ends the progress line, if any. */
  done(): void;
}
