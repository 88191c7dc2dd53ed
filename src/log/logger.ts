/**
 * Structured logs for daemons: one JSON object per line on stderr, so operators can grep a job id
 * and log shippers need no parsing rules. The level comes from the process's settings (`GRADEBOT_LOG`,
read in src/config/); debug lines show only when it says `debug`.
 */
import { DEFAULTS } from '../config/defaults.js';
import { escapeControls } from '../text/escape-controls.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  component: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  minimum: LogLevel = DEFAULTS.logLevel,
): Logger {
  const log =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < (ORDER[minimum] ?? ORDER.info)) return;
      // JSON escapes C0 controls but leaves DEL and C1 raw; a log read on a terminal must not act.
      const line = JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields });
      write(`${escapeControls(line)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
