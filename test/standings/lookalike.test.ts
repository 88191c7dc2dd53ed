/** Which scoreboard names pass for one another. */
import { describe, expect, it } from 'vitest';
import { looksLike, skeleton } from '../../src/standings/lookalike.js';

describe('looksLike', () => {
  it.each([
    ['a Cyrillic а', 'alice', '\u0430lice'],
    ['a whole-script Cyrillic disguise', 'ace', '\u0430\u0441\u0435'],
    ['Greek capitals', 'TOP', '\u03A4\u039F\u03A1'],
    ['a digit for a letter', 'alice', 'a1ice'],
    ['a capital I for an l', 'Ilya', 'llya'],
    ['a zero for an o', 'bob', 'b0b'],
    ['rn for m', 'mary', 'rnary'],
    ['case', 'Ian', 'ian'],
    ['fullwidth letters', 'alice', 'ａｌｉｃｅ'],
    ['mathematical letters', 'alice', '𝐚𝐥𝐢𝐜𝐞'],
    ['a zero-width space', 'alice', 'ali\u200Bce'],
    ['a braille blank', 'alice', 'alice\u2800'],
    ['a Hangul filler', 'alice', 'ali\u3164ce'],
    ['doubled spaces', 'Brave Otter 417', 'Brave  Otter 417'],
  ])('%s', (_, a, b) => {
    expect(looksLike(a, b)).toBe(true);
  });

  it.each([
    ['different names', 'alice', 'bob'],
    ['an accent', 'Jose', 'José'],
    ['one letter more', 'alice', 'alicia'],
    ['another script altogether', 'Ana', '李'],
  ])('tells apart %s', (_, a, b) => {
    expect(looksLike(a, b)).toBe(false);
  });

  it('maps lookalikes to their Latin prototype', () => {
    expect(skeleton('\u0410\u043B\u0438\u0441\u0430')).toBe('aлиca');
  });
});
