/**
 * Text from students (program output, file names, nicknames) can carry terminal control sequences:
 * ESC ] 52 writes the clipboard of whoever reads it, CSI sequences move the cursor, rewrite lines
 * already printed or retitle the window, and the 8-bit C1 forms (U+009B is CSI alone) do the same
 * on terminals that honour them. Bidirectional overrides and isolates (U+202E…) do not act on the
 * terminal but reorder what it shows, so that a line reads other than it is ("Trojan Source").
 * Everything the CLI prints passes through here, so each such character (newline and tab apart) is
 * shown as a visible `\u001b` escape instead of acting.
 *
 * The escape is JSON's own, so JSON output stays valid JSON meaning the same text: JSON.stringify
 * already writes C0 controls this way, and DEL and C1, which it leaves raw, are inside strings.
 */

// C0 (U+0000–U+001F) but newline and tab, DEL, C1 (U+0080–U+009F), and the bidirectional marks,
// embeddings, overrides and isolates. A carriage return just before a newline stays (CSV lines end
// so, and it rewrites nothing); alone it could overwrite a line.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/gu;

/** `text` with every control or bidirectional character but newline, tab and CRLF written as `\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
