/**
 * Durations written for the course file, exact to the millisecond: 90 000 → `1m30s`, 60 → `60ms`,
 * 3 723 004 → `1h2m3s4ms`. `parseDuration` reads every one of them back to the same number.
 */
const UNITS: [unit: string, ms: number][] = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

export function durationText(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`not a positive whole number of ms: ${ms}`);
  let rest = ms;
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
