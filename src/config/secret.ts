/**
 * Secrets come from the environment, or from a file named by `<NAME>_FILE` (how Docker secrets are
 * mounted), never from a command line where `ps` would show them.
 */
import { readFileSync } from 'node:fs';

export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
