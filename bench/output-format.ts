/**
 * How long turning a hostile `html` output of results.json into text takes at the file's 10 MiB
 * limit, for inputs made to push each pattern of src/scoring/output-format.ts to its worst (unclosed
 * tags, long runs of blanks, entities). Every case should take about as long as a plain copy does
 * times a small factor, never seconds per megabyte squared.
 *
 *   npx tsx bench/output-format.ts [MiB]        (default 10)
 */
import { outputAsText } from '../src/scoring/output-format.js';

const size = Number(process.argv[2] ?? 10) * 1024 * 1024;
const UNITS = [' ', ' \t', '\n', '\u001b[', '<script>', '<a', '<p', '<!--', '<style x', '&#x41;', '<b>x</b>'];

for (const unit of UNITS) {
  const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  for (const format of ['html', 'ansi']) {
    const start = performance.now();
    outputAsText(text, format);
    const ms = Math.round(performance.now() - start);
    console.log(`${JSON.stringify(unit).padEnd(12)} ${format.padEnd(5)} ${String(ms).padStart(6)} ms`);
  }
}
