/**
 * Writes schema/gradebot.schema.json, the JSON Schema of gradebot.yml, from the zod schema that
 * validates it, so editors complete and check course files with the same rules as gradebot.
 * Run with `npm run schema`; a test fails when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import { courseFileSchema } from '../src/course/schema.js';

export const SCHEMA_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'schema',
  'gradebot.schema.json',
);

export async function renderJsonSchema(): Promise<string> {
  // io 'input': editors check what instructors write (`512MiB`), not the bytes it becomes.
  // draft-7 is the newest draft every version of yaml-language-server understands.
  const schema = z.toJSONSchema(courseFileSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'throw',
  });
  // Formatted as `prettier --check .` expects, so the generated file passes the lint like any other.
  const options = (await prettier.resolveConfig(SCHEMA_PATH)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, filepath: SCHEMA_PATH });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(SCHEMA_PATH, await renderJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}
