/** The rules for `gradebot-nickname.txt`: one printable line of 1 to 32 characters. */
import { describe, expect, it } from 'vitest';
import { parseNickname } from '../../src/standings/nickname.js';

describe('accepted', () => {
  it.each([
    ['a plain name', 'Ada', 'Ada'],
    ['surrounding space and the final newline', '  Grace Hopper \n', 'Grace Hopper'],
    ['a byte-order mark', '\uFEFFLinus', 'Linus'],
    ['markup, shown as text by the page', '<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['accents, composed', 'Zoe\u0301', 'Zoé'],
    ['other scripts', '李小龍', '李小龍'],
    ['emoji counted by code point', '🦦'.repeat(32), '🦦'.repeat(32)],
    ['Vietnamese marks', 'Nguyễn Thị Ánh', 'Nguyễn Thị Ánh'],
    ['an emoji with its presentation selector', 'Ada \u2764\uFE0F', 'Ada \u2764\uFE0F'],
    ['one lookalike script', 'Алиса', 'Алиса'],
    ['Latin beside a script that passes for none', 'Ana李', 'Ana李'],
    ['a name and its spelling in another script', 'Ani Անի', 'Ani Անի'],
  ])('%s', (_, text, nickname) => {
    expect(parseNickname(text)).toEqual({ ok: true, nickname });
  });
});

describe('refused', () => {
  it.each([
    ['an empty file', '', /empty/],
    ['only spaces', ' \n\t ', /empty/],
    ['two lines', 'Ada\nLovelace', /more than one line/],
    ['a carriage return', 'Ada\rLovelace', /more than one line/],
    ['a line separator', 'Ada\u2028Lovelace', /more than one line/],
    ['a paragraph separator', 'Ada\u2029Lovelace', /more than one line/],
    ['a tab', 'Ada\tLovelace', /U\+0009/],
    ['an escape sequence', 'Ada\u001b[31m', /U\+001B/],
    ['a right-to-left override', 'Ada\u202Egnp.exe', /U\+202E/],
    ['a zero-width space', 'Ada\u200B', /U\+200B/],
    ['a zero-width joiner', 'A\u200Dda', /U\+200D/],
    ['a private-use character', 'Ada\uE000', /U\+E000/],
    ['33 characters', 'x'.repeat(33), /33 characters; at most 32/],
    ['33 emoji', '🦦'.repeat(33), /33 characters/],
    ['Hangul fillers only', '\u3164\u3164', /U\+3164 shows as blank/],
    ['a braille blank after a name', 'alice\u2800', /U\+2800 shows as blank/],
    ['braille blanks only', '\u2800\u2800', /U\+2800 shows as blank/],
    ['a Hangul choseong filler', 'bo\u115Fb', /U\+115F shows as blank/],
    ['a Hangul jungseong filler', 'bo\u1160b', /U\+1160 shows as blank/],
    ['an ideographic space', 'Ada\u3000Lovelace', /U\+3000 shows as blank/],
    ['a variation selector on a letter', 'Ada\uFE0F', /U\+FE0F shows as blank/],
    [
      'a Cyrillic а in a Latin name',
      '\u0430lice',
      /mixes Cyrillic \("а", U\+0430\) and Latin \("l", U\+006C\) letters/,
    ],
    [
      'a Greek ο in a Latin word beside others',
      'Bob b\u03BFb',
      /"b\u03BFb" mixes Latin \("b", U\+0062\) and Greek \("ο", U\+03BF\) letters/,
    ],
    ['combining marks only', '\u0301\u0301', /nothing visible/],
    ['"Zalgo" text', `Z${'\u0336\u0337\u0338\u0334\u0335'}algo`, /combining marks/],
  ])('%s', (_, text, reason) => {
    const parsed = parseNickname(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});
