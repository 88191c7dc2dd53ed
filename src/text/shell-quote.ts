/** One word for `sh -c`, whatever it contains: `it's` → `'it'\''s'`. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
