/**
 * A list as a sentence says it, for messages: `a`, `a and b`, `a, b and c`.
 */
export function spokenList(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}
