/**
 * Structured logs for the daemons, one format for every line the bot and the runners write: one JSON
 * object per line on stderr with `time` (ISO 8601), `level` by name, `component`, `msg` and the
 * line's own fields (ids first), so operators can grep a job id and log shippers need no parsing
 * rules. Built on pino, which Probot logs with: Probot is handed `pino()` of this logger, so its
 * lines (and their errors, stack included, as an `err` field) come out the same way. The level comes
 * from `LOG_LEVEL`, read in src/config/; docs/runners.md#logs describes the fields for operators.
 */
import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { DEFAULTS } from '../config/defaults.js';
import { escapeControls } from '../text/escape-controls.js';

/** The levels, quietest last; `trace` only ever comes from Probot's libraries. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The same lines, level and destination as a pino logger, for a library that takes one (Probot). */
  pino(component: string): PinoLogger;
}

/**
 * @param write where each line goes (default stderr), newline included
 * @param level the quietest level written (default `info`)
 * @param now the clock of the `time` field
 */
export function createLogger(
  component: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  level: LogLevel = DEFAULTS.logLevel,
  now: () => Date = () => new Date(),
): Logger {
  // JSON escapes C0 controls but leaves DEL and C1 raw; a log read on a terminal must not act.
  const destination: DestinationStream = { write: (line) => write(escapeControls(line)) };
  const root = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: withoutPayload },
    },
    destination,
  );
  const own = root.child({ component });
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      own[method](fields, msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    pino: (name) => forLibrary(root.child({ component: name }), name),
  };
}

/**
 * Probot names the logger it is given after itself, `child({ name: 'probot' })`, and that logger's
 * children (`octokit`, `event`) with the same key, which pino would write twice in one object.
 * `component` already says it: that first child is the logger itself.
 */
function forLibrary(logger: PinoLogger, component: string): PinoLogger {
  const child = logger.child.bind(logger);
  logger.child = ((bindings, options) =>
    options === undefined && Object.keys(bindings).length === 1 && bindings.name === component
      ? logger
      : child(bindings, options)) as PinoLogger['child'];
  return logger;
}

/**
 * An error as pino writes it (type, message, stack, cause, an AggregateError's errors), less what
 * @octokit/webhooks attaches to the errors of a delivery, at any depth: the whole `event`, payload
 * included. Its id and name say which delivery it was.
 */
function withoutPayload(error: Error): unknown {
  return dropEvents(stdSerializers.err(error), 0);
}

function dropEvents(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => dropEvents(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === 'event' && typeof inner === 'object' && inner !== null) {
        const { id, name } = inner as { id?: unknown; name?: unknown };
        return [key, { id, name }];
      }
      return [key, dropEvents(inner, depth + 1)];
    }),
  );
}
