/**
 * `GRADEBOT_LOG`, the level of gradebot's own JSON log lines, read the same way by every daemon:
 * a level it does not know counts as the default, as docs/settings.md says.
 */
import type { LogLevel } from '../log/logger.js';
import { DEFAULTS } from './defaults.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function readLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env.GRADEBOT_LOG;
  return LEVELS.find((known) => known === level) ?? DEFAULTS.logLevel;
}
