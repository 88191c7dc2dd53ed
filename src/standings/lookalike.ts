/**
 * When two scoreboard names look the same. The idea is Unicode's confusable skeleton (UTS #39): map
 * every character to a prototype it is mistaken for, and two names whose skeletons are equal are
 * lookalikes, `аlice` with a Cyrillic а as much as `a1ice`, `ALICE` or `rnary` for `mary`.
 *
 * No package in the registry carries Unicode's confusables data for JavaScript, and the whole table
 * (6,000 pairs, most between scripts nobody mixes on a class scoreboard) is more than this needs: the
 * table below covers the letters of Greek, Cyrillic, Armenian and Cherokee that pass for Latin ones,
 * the digits and signs that pass for letters, and NFKD folds the rest of the Latin lookalikes
 * (fullwidth, mathematical and circled letters, ligatures). Names mixing such scripts are refused
 * outright (nickname.ts), so the skeleton mostly meets single-script disguises and digit tricks.
 */

/** Each prototype, then what is mistaken for it (uppercase lookalikes included: case is folded after). */
const LOOKALIKES: Record<string, string> = {
  a: 'аАɑαΑᎪ',
  b: 'ВΒЬᏴƅ',
  c: 'сСϲϹᏟ',
  d: 'ԁᎠ',
  e: 'еЕΕᎬҽ',
  g: 'ɡᏀ',
  h: 'һНΗᎻ',
  i: 'іιɩ',
  j: 'јЈϳᎫ',
  k: 'кКκΚᏦ',
  l: 'I|1ІΙӀӏǀᏞ',
  m: 'мМΜᎷ',
  n: 'Νո',
  o: '0оОοΟօ',
  p: 'рРρΡᏢ',
  q: 'ԛզ',
  s: 'ѕЅᏚ',
  t: 'тТΤᎢ',
  u: 'υս',
  v: 'νѵᏙ',
  w: 'ԝѡᏔ',
  x: 'хХχΧ',
  y: 'уУүΥ',
  z: 'ΖᏃ',
};

const PROTOTYPE = new Map(
  Object.entries(LOOKALIKES).flatMap(([prototype, chars]) => [...chars].map((char) => [char, prototype])),
);
/** Letter pairs read as one letter at a glance. */
const DIGRAPHS: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];
/** What shows as nothing: Unicode's ignorables and the braille blank. */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** The confusable skeleton of `name`: lookalikes map to one prototype, case and spacing folded. */
export function skeleton(name: string): string {
  const mapped = [...name.normalize('NFKD').replace(IGNORABLE, '')]
    .map((char) => PROTOTYPE.get(char) ?? char)
    .join('')
    .toLowerCase();
  const joined = DIGRAPHS.reduce((text, [pair, letter]) => text.replace(pair, letter), mapped);
  return joined.replace(/\s+/gu, ' ').trim().normalize('NFC');
}

/**
 * The keys under which two names count as the same: equal skeletons, or equal but for case and
 * compatibility forms (`Ian` and `ian`, whose skeletons differ because a capital I passes for an l).
 */
export function lookalikeKeys(name: string): string[] {
  return [`skeleton:${skeleton(name)}`, `fold:${name.normalize('NFKC').toLocaleLowerCase('en')}`];
}

/** Whether `a` and `b` could be taken for one another. */
export function looksLike(a: string, b: string): boolean {
  const keys = new Set(lookalikeKeys(a));
  return lookalikeKeys(b).some((key) => keys.has(key));
}
