import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema, SCHEMA_PATH } from '../../scripts/write-json-schema.js';

describe('schema/gradebot.schema.json', () => {
  it('is what scripts/write-json-schema.ts generates (run `npm run schema` after changing the schema)', async () => {
    expect(await readFile(SCHEMA_PATH, 'utf8')).toEqual(await renderJsonSchema());
  });

  it('documents every field, with its default', async () => {
    const schema = JSON.parse(await renderJsonSchema()) as Record<string, unknown>;
    const undocumented: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const { properties } = node as { properties?: Record<string, { description?: string }> };
      for (const [key, field] of Object.entries(properties ?? {})) {
        if (typeof field.description !== 'string') undocumented.push(`${at}.${key}`);
      }
      for (const [key, child] of Object.entries(node))
        visit(child, key === 'properties' ? at : `${at}.${key}`);
    };
    visit(schema, '');
    expect(undocumented).toEqual([]);
  });

  it('offers the documented defaults to editors', async () => {
    const text = await renderJsonSchema();
    const schema = JSON.parse(text) as {
      properties: {
        defaults: { properties: { limits: { properties: Record<string, { default?: unknown }> } } };
      };
    };
    const limits = schema.properties.defaults.properties.limits.properties;
    expect(Object.fromEntries(Object.entries(limits).map(([key, field]) => [key, field.default]))).toEqual({
      cpus: 1,
      memory: '512MiB',
      pids: 128,
      time: '10m',
      output: '1MiB',
      disk: '256MiB',
    });
  });
});
