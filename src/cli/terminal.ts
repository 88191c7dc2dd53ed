/**
 * Where commands write. Progress lines appear only on a terminal (stderr), so pipes and files get
 * nothing but the result; errors always go to stderr. Whatever a command writes may quote students
 * (their output, names, nicknames), so control characters are shown escaped, never sent raw.
 */
import { inCI } from '../config/cli-settings.js';
import { escapeControls } from '../text/escape-controls.js';

export interface Terminal {
  /** The command's result: tables, JSON, messages. */
  out(text: string): void;
  /** Problems and one-line reasons for failure. */
  err(text: string): void;
  /** A step in progress; shown on a terminal only, replaced by the next step. */
  progress(text: string): void;
  /** Ends the progress line, if any. */
  done(): void;
  /** Replaces the whole screen with `text` when the result goes to a terminal; false when it does not. */
  redraw(text: string): boolean;
}

export function createTerminal(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Terminal {
  const interactive = Boolean(stderr.isTTY) && !inCI();
  let showing = false;
  const clear = () => {
    if (showing) stderr.write('\r\x1b[2K');
    showing = false;
  };
  return {
    out: (text) => {
      clear();
      stdout.write(line(text));
    },
    err: (text) => {
      clear();
      stderr.write(line(text));
    },
    progress: (text) => {
      if (!interactive) return;
      clear();
      stderr.write(`… ${escapeControls(text).replaceAll('\n', ' ')}`);
      showing = true;
    },
    done: clear,
    redraw: (text) => {
      if (!stdout.isTTY) return false;
      clear();
      stdout.write(`\x1b[H\x1b[2J${line(text)}`);
      return true;
    },
  };
}

/** `text` made safe for a terminal, ending with one newline. */
function line(text: string): string {
  const safe = escapeControls(text);
  return safe.endsWith('\n') ? safe : `${safe}\n`;
}

/** A terminal that records everything, for tests and for callers that want the text. */
export function createRecordingTerminal(): Terminal & { stdout: string; stderr: string; steps: string[] } {
  const recording = {
    stdout: '',
    stderr: '',
    steps: [] as string[],
    out(text: string) {
      recording.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      recording.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    progress(text: string) {
      recording.steps.push(text);
    },
    done() {},
    redraw() {
      return false;
    },
  };
  return recording;
}
