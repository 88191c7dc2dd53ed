/**
 * `LOG_LEVEL`, the level of every log line of a daemon, Probot's included, read the same way by
 * every daemon. `GRADEBOT_LOG`, its name before one level covered both, still counts when
 * `LOG_LEVEL` is unset, with a warning to rename it; a level it does not know counts as the default,
 * with a warning too, as docs/settings.md says.
 */
import { LOG_LEVELS, type LogLevel } from '../log/logger.js';
import { DEFAULTS } from './defaults.js';

export interface ReadLogLevel {
  level: LogLevel;
  /** For the daemon to log once its logger exists: a renamed variable, an unknown level. */
  warnings: string[];
}

export function readLogLevel(env: NodeJS.ProcessEnv = process.env): ReadLogLevel {
  const warnings: string[] = [];
  let name = 'LOG_LEVEL';
  let given: string | undefined = env.LOG_LEVEL || undefined;
  if (given === undefined && env.GRADEBOT_LOG) {
    name = 'GRADEBOT_LOG';
    given = env.GRADEBOT_LOG;
    warnings.push('GRADEBOT_LOG is read for this upgrade only: rename it LOG_LEVEL (docs/settings.md)');
  }
  if (given === undefined) return { level: DEFAULTS.logLevel, warnings };
  const level = LOG_LEVELS.find((known) => known === given.toLowerCase());
  if (!level) {
    warnings.push(
      `${name}: unknown level "${given}", using ${DEFAULTS.logLevel} (one of ${LOG_LEVELS.join(', ')})`,
    );
    return { level: DEFAULTS.logLevel, warnings };
  }
  return { level, warnings };
}
