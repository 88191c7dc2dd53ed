/**
 * docs/settings.md must stay the whole story: every key of `DEFAULTS` has a row showing its value,
 * and every environment variable that src/ reads by name has a row. Reads are found in the source
 * text (`process.env.X`, `env.X`, `env['X']`, `readSecret('X')`, which also reads `X_FILE`), so a
 * new read cannot slip past the table unnoticed. Variables handed on to a child process from a
 * list are documented by hand.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Row {
  names: string[];
  readBy: string;
  fallback: string;
}

/** The rows of the settings table: the backquoted names of the first cell, and the other cells. */
async function settingsTable(): Promise<Row[]> {
  const text = await readFile(path.join(ROOT, 'docs', 'settings.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [names = '', readBy = '', fallback = ''] = line.slice(1, -1).split(' | ');
      return { names: [...names.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''), readBy, fallback };
    });
}

/** `DEFAULTS` as [dotted key, value] pairs, nested objects flattened. */
function leaves(object: object, at = ''): [string, unknown][] {
  return Object.entries(object).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leaves(value as object, `${at}${key}.`)
      : [[`${at}${key}`, value]],
  );
}

/** How a default is written in the table: a list as on the command line, `live,regrade`. */
const shown = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));

/** A secret is read as `X`, or from the file named by `X_FILE`. */
const SECRET_READ = /readSecret\(\s*'([A-Z][A-Z0-9_]*)'/g;
const READS = [
  /process\.env\.([A-Z][A-Z0-9_]*)/g,
  /\benv\.([A-Z][A-Z0-9_]*)/g,
  /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g,
  SECRET_READ,
];

/** Every environment variable a file under src/ reads by name. */
async function variablesRead(): Promise<Set<string>> {
  const src = path.join(ROOT, 'src');
  const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts'));
  const found = new Set<string>();
  for (const file of files) {
    const text = await readFile(path.join(src, file), 'utf8');
    for (const pattern of READS) {
      for (const [, name = ''] of text.matchAll(pattern)) found.add(name);
    }
    for (const [, name = ''] of text.matchAll(SECRET_READ)) found.add(`${name}_FILE`);
  }
  return found;
}

describe('docs/settings.md', () => {
  it('has a row for every default, showing its value', async () => {
    const rows = await settingsTable();
    const missing = leaves(DEFAULTS)
      .filter(
        ([key, value]) =>
          !rows.some(
            (row) => row.fallback.includes(`(\`${key}\`)`) && row.fallback.includes(`\`${shown(value)}\``),
          ),
      )
      .map(([key, value]) => `${key} = ${shown(value)}`);
    expect(missing).toEqual([]);
  });

  it('has a row for every environment variable read in src/', async () => {
    const read = await variablesRead();
    // Each form of read is found, so a change of form cannot empty the check without failing it.
    expect([...read]).toEqual(
      expect.arrayContaining(['REDIS_URL', 'APP_ID', 'WEBHOOK_SECRET', 'WEBHOOK_SECRET_FILE']),
    );
    const documented = new Set((await settingsTable()).flatMap((row) => row.names));
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('says which process reads each setting', async () => {
    const rows = await settingsTable();
    expect(rows.filter((row) => row.readBy.trim() === '').map((row) => row.names.join(', '))).toEqual([]);
  });
});
