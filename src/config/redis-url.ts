/** Which Redis a command uses: its `--redis` flag, else `REDIS_URL`, else `DEFAULTS.redisUrl`. */
import { DEFAULTS } from './defaults.js';

export function redisUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.REDIS_URL ?? DEFAULTS.redisUrl;
}
