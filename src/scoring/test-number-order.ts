/**
 * The order of a grader's tests: by Gradescope's `number`, the way a reader orders section numbers
 * ("1.2" before "1.10", "2" after "1.10"). gradescope-utils writes numbers as strings such as "1.2";
 * hand-written graders use JSON numbers. A test without a number takes its place in the array
 * (the spec: "numbered in order of array if no number given"), and equal numbers keep the array's
 * order, so results without numbers come out exactly as written.
 */

export function orderByNumber<T>(
  items: T[],
  numberOf: (item: T, index: number) => string | number | null | undefined,
): T[] {
  const keyed = items.map((item, index) => ({ item, key: numberKey(numberOf(item, index) ?? index + 1) }));
  // Array.prototype.sort is stable: ties keep the array's order.
  return keyed.sort((a, b) => compareKeys(a.key, b.key)).map(({ item }) => item);
}

type Part = number | string;

function numberKey(value: string | number): Part[] {
  return String(value)
    .trim()
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Part by part: numbers by value and before words, words alphabetically; a prefix first. */
function compareKeys(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as Part;
    const y = b[i] as Part;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
