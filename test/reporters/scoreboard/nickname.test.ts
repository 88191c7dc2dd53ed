/** The rules for `gradebot-nickname.txt`: one printable line of 1 to 32 characters. */
import { describe, expect, it } from 'vitest';
import { parseNickname } from '../../../src/reporters/scoreboard/nickname.js';

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
    ['Hangul fillers only', '\u3164\u3164', /nothing visible/],
    ['combining marks only', '\u0301\u0301', /nothing visible/],
    ['"Zalgo" text', `Z${'\u0336\u0337\u0338\u0334\u0335'}algo`, /combining marks/],
  ])('%s', (_, text, reason) => {
    const parsed = parseNickname(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});
