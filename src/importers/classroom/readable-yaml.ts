/**
 * YAML text that reads well and still gives back every string exactly. Each string gets the most
 * readable style that survives both a round trip and an instructor's editor: plain for one line, a
 * block literal (`|`) for several, and otherwise double quotes with JSON's escapes, which read like
 * the autograding.json the text came from.
 */
import { Document, parse, Scalar, visit } from 'yaml';

const TO_STRING = { lineWidth: 0, doubleQuotedAsJSON: true } as const;

/**
 * Text an editor may change without anyone noticing: tabs, carriage returns and other control or
 * invisible characters, and spaces at the end of a line (often stripped on save).
 */
const FRAGILE = /[^\S\n ]|[^\P{C}\n]| (?=\n|$)/u;

/** The document as text, every string scalar that is a value (not a key) in its most readable style. */
export function readableYaml(doc: Document): string {
  visit(doc, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string') node.type = styleFor(node.value);
    },
  });
  return doc.toString(TO_STRING);
}

function styleFor(text: string): Scalar.Type {
  if (FRAGILE.test(text)) return Scalar.QUOTE_DOUBLE;
  const readable = text.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.PLAIN;
  return roundTrips(text, readable) ? readable : Scalar.QUOTE_DOUBLE;
}

/** Whether `text` written in this style reads back as the same string. */
function roundTrips(text: string, type: Scalar.Type): boolean {
  const doc = new Document({ value: text });
  const node = doc.get('value', true) as Scalar;
  node.type = type;
  try {
    return parse(doc.toString(TO_STRING)).value === text;
  } catch {
    return false;
  }
}
