/** Finds the line and column of a path in a parsed YAML document, for messages the instructor can jump to. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './course-error.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * `at: 'value'` points at the value, `at: 'key'` at the key that holds it. When the path stops existing
 * part-way (a missing key), the answer is the key of the deepest mapping that does exist, so
 * "missing image" points at `hw1:`.
 */
export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): Position {
  let node: Node | null = doc.contents;
  let key: Node | null = null;
  let found = true;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) {
        found = false;
        break;
      }
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment] as Node;
      key = null;
    } else {
      found = false;
      break;
    }
  }
  // An empty value (`run:`) has a zero-width range at the end of the line; its key is easier to find.
  const empty = isScalar(node) && node.value === null && node.source === '';
  const target = (!found || at === 'key' || empty) && key !== null ? key : node;
  return offsetToPosition(lines, target?.range?.[0] ?? 0);
}

export function offsetToPosition(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
