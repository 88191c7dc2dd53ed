/**
 * The nickname a student chooses for the scoreboard, from `gradebot-nickname.txt` at the root of
 * their repository. Pure: the runner reads the file, this decides whether it is a nickname.
 *
 * Anything printable is allowed, `<script>` included, because the page only ever inserts it as text.
 * What is refused is what could deceive a reader rather than a browser: control and format
 * characters (bidi overrides that reverse the text around them, zero-width characters that make two
 * names look the same), line and paragraph separators, unassigned and private-use code points,
 * characters that show as blank (the braille blank U+2800, Hangul fillers, spaces other than the
 * ordinary one), letters of two scripts that pass for each other (a Cyrillic а in `аlice`), a name
 * with nothing visible in it, and piles of combining marks that spill over the rows around them.
 * Whether a name looks like another student's is decided where the other names are known
 * (read-nickname.ts, and the scoreboard's tags).
 */

export const NICKNAME_FILE = 'gradebot-nickname.txt';
export const MAX_NICKNAME_LENGTH = 32;
/** Vietnamese and Indic scripts stack two or three marks on a letter; "Zalgo" text stacks dozens. */
const MAX_COMBINING_RUN = 4;

export type NicknameParse = { ok: true; nickname: string } | { ok: false; reason: string };

// Cc control, Cf format (bidi, zero-width), Cs lone surrogates, Co private use, Cn unassigned;
// Zl and Zp line and paragraph separators.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/**
 * Shown as blank: what Unicode says to render as nothing (Hangul fillers U+115F, U+1160, U+3164,
 * U+FFA0, variation selectors, the combining grapheme joiner…), the braille blank U+2800, which is a
 * symbol and so counted as visible by the rest, and every space but U+0020.
 */
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800]|(?! )\p{Zs}/u;
/** The emoji presentation selector after an emoji (❤️) is how emoji are written, not a blank. */
const EMOJI_SELECTOR = /(?<=\p{Extended_Pictographic})[\uFE0E\uFE0F]/gu;
/**
 * Scripts whose letters pass for each other's. A word may use one of them, alongside any other script
 * (`Ana李` is fine), but not two: `аlice` with a Cyrillic а is a disguise, not a name. Words apart
 * may differ (`Ani Անի`, a name and its Armenian spelling): a lookalike word on its own is caught
 * by comparing skeletons with the other names (lookalike.ts).
 */
const LOOKALIKE_SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Cherokee',
  'Coptic',
  'Georgian',
  'Lisu',
].map((script) => ({ script, letters: new RegExp(`\\p{Script=${script}}`, 'u') }));
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

export function parseNickname(text: string): NicknameParse {
  const nickname = text.trim().normalize('NFC');
  if (nickname === '') return { ok: false, reason: 'the file is empty' };
  if (/[\n\r\u0085\u2028\u2029]/u.test(nickname)) return { ok: false, reason: 'more than one line' };
  const forbidden = FORBIDDEN.exec(nickname);
  if (forbidden) return { ok: false, reason: `${codePoint(forbidden[0])} is not a printable character` };
  const length = [...nickname].length;
  if (length > MAX_NICKNAME_LENGTH) {
    return { ok: false, reason: `${length} characters; at most ${MAX_NICKNAME_LENGTH}` };
  }
  const blank = BLANK.exec(nickname.replace(EMOJI_SELECTOR, ''));
  if (blank) return { ok: false, reason: `${codePoint(blank[0])} shows as blank` };
  if (!VISIBLE.test(nickname)) return { ok: false, reason: 'nothing visible in it' };
  const mixed = mixedScripts(nickname);
  if (mixed) return { ok: false, reason: mixed };
  if (COMBINING_RUN.test(nickname)) {
    return { ok: false, reason: `more than ${MAX_COMBINING_RUN} combining marks in a row` };
  }
  return { ok: true, nickname };
}

/** Why a word of the name has letters of two lookalike scripts, with the first of each; or null. */
function mixedScripts(nickname: string): string | null {
  for (const word of nickname.split(' ')) {
    const firstLetter = new Map<string, string>();
    for (const char of word) {
      const found = LOOKALIKE_SCRIPTS.find(({ letters }) => letters.test(char));
      if (found && !firstLetter.has(found.script)) firstLetter.set(found.script, char);
    }
    if (firstLetter.size < 2) continue;
    const scripts = [...firstLetter].map(([script, char]) => `${script} ("${char}", ${codePoint(char)})`);
    return `"${word}" mixes ${scripts.join(' and ')} letters, as names disguised as others do; write each word in one script`;
  }
  return null;
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
