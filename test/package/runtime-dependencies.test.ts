/**
 * The deployable image installs production dependencies only (`npm ci --omit=dev`), so a package
 * that src/ imports at run time but package.json lists under devDependencies passes every test here
 * and crashes the bot and runners on start. (markdown-it did, found by the swarm test.) This reads
 * every import of src/ that survives compilation and checks that its package is a dependency.
 */
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `import … from 'x'`, `export … from 'x'`, and `import('x')`; the clause tells type-only imports apart. */
const IMPORT = /\b(import|export)\s+([^;'"]*?)\s*from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Whether TypeScript drops the import when compiling: `import type …`, or only `type` names in braces. */
function typeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
  if (names === undefined) return false;
  const list = names
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return list.length > 0 && list.every((name) => name.startsWith('type '));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; null for relative paths and Node's own modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

async function runtimeImports(): Promise<Map<string, string>> {
  const firstUse = new Map<string, string>();
  for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const [, , clause, fromSpecifier, dynamicSpecifier] = match;
      if (clause !== undefined && typeOnly(clause)) continue;
      const name = packageOf(fromSpecifier ?? dynamicSpecifier!);
      if (name !== null && !firstUse.has(name)) firstUse.set(name, path.relative(ROOT, file));
    }
  }
  return firstUse;
}

describe('the packages src/ imports at run time', () => {
  it('are all production dependencies, which the deployable image installs', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imports = await runtimeImports();
    const missing = [...imports]
      .filter(([name]) => !(name in manifest.dependencies))
      .map(([name, file]) => `${name} (imported by ${file})`);
    expect(missing).toEqual([]);
    // The reading itself works: packages every bot and runner loads are among those found.
    expect([...imports.keys()]).toEqual(expect.arrayContaining(['bullmq', 'dockerode', 'ioredis', 'probot']));
  });

  it('tells type-only imports apart, since TypeScript removes them', () => {
    expect(typeOnly('type { Redis }')).toBe(true);
    expect(typeOnly('{ type Token, type Options }')).toBe(true);
    expect(typeOnly('{ type Token, parse }')).toBe(false);
    expect(typeOnly('MarkdownIt')).toBe(false);
    expect(packageOf('@octokit/rest/dist/x')).toBe('@octokit/rest');
    expect(packageOf('fs')).toBeNull();
  });
});
