/**
 * The nickname a student chooses for the scoreboard, from `gradebot-nickname.txt` at the root of
 * their repository. Pure: the runner reads the file, this decides whether it is a nickname.
 *
 * Anything printable is allowed, `<script>` included, because the page only ever inserts it as text.
 * What is refused is what could deceive a reader rather than a browser: control and format
 * characters (bidi overrides that reverse the text around them, zero-width characters that make two
 * names look the same), line and paragraph separators, unassigned and private-use code points, a name
 * with nothing visible in it, and piles of combining marks that spill over the rows around them.
 */

export const NICKNAME_FILE = 'gradebot-nickname.txt';
export const MAX_NICKNAME_LENGTH = 32;
/** Vietnamese and Indic scripts stack two or three marks on a letter; "Zalgo" text stacks dozens. */
const MAX_COMBINING_RUN = 4;

export type NicknameParse = { ok: true; nickname: string } | { ok: false; reason: string };

// Cc control, Cf format (bidi, zero-width), Cs lone surrogates, Co private use, Cn unassigned;
// Zl and Zp line and paragraph separators.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
/** Letters that render as nothing (Hangul fillers) do not count as something visible. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const INVISIBLE_LETTERS = /[\u115F\u1160\u3164\uFFA0]/gu;
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

export function parseNickname(text: string): NicknameParse {
  const nickname = text.trim().normalize('NFC');
  if (nickname === '') return { ok: false, reason: 'the file is empty' };
  if (/[\n\r\u0085\u2028\u2029]/u.test(nickname)) return { ok: false, reason: 'more than one line' };
  const forbidden = FORBIDDEN.exec(nickname);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, reason: `U+${code} is not a printable character` };
  }
  const length = [...nickname].length;
  if (length > MAX_NICKNAME_LENGTH) {
    return { ok: false, reason: `${length} characters; at most ${MAX_NICKNAME_LENGTH}` };
  }
  if (!VISIBLE.test(nickname.replace(INVISIBLE_LETTERS, ''))) {
    return { ok: false, reason: 'nothing visible in it' };
  }
  if (COMBINING_RUN.test(nickname)) {
    return { ok: false, reason: `more than ${MAX_COMBINING_RUN} combining marks in a row` };
  }
  return { ok: true, nickname };
}
