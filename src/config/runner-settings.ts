/**
 * `gradebot runner`'s settings, read once: its flags (commander hands them over as text), then the
 * environment (`GRADEBOT_BOT_URL`, the runner secret, `GHE_*`, `REDIS_URL`, `LOG_LEVEL`,
 * `GRADEBOT_METRICS_PORT`), with `DEFAULTS` for whatever neither says. Problems are returned for
 * the command to report, never thrown.
 */
import type { LogLevel } from '../log/logger.js';
import { DEFAULTS } from './defaults.js';
import { readLogLevel } from './log-level.js';
import { redisUrl } from './redis-url.js';
import { readSecret } from './secret.js';

/** The flags of `gradebot runner`, as commander gives them. */
export interface RunnerFlags {
  /** Comma-separated, most urgent first (default `live,regrade`). */
  queues?: string;
  /** Jobs at once (default 2). */
  concurrency?: string;
  /** Jobs of one student at once across all runners (default 1). */
  perStudent?: string;
  /** Seconds a drain lets running jobs finish (default 600). */
  drainTimeout?: string;
  /** Seconds without a lock renewal before a job is given to another runner (default 30). */
  lockDuration?: string;
  /** Seconds between sweeps for containers of dead runners (default 60). */
  sweepInterval?: string;
  /** Keep each slot's next sandbox started ahead of its job (default true; --no-prestart). */
  prestart?: boolean;
  /** Redis URL (default: REDIS_URL, else `DEFAULTS.redisUrl`). */
  redis?: string;
  /** Key prefix in Redis (default `gradebot`). */
  prefix?: string;
  /** Port of the Prometheus /metrics server (default: GRADEBOT_METRICS_PORT, else none). */
  metricsPort?: string;
}

export interface RunnerSettings<Queue extends string> {
  queues: Queue[];
  concurrency: number;
  perStudent: number;
  drainSeconds: number;
  lockSeconds: number;
  sweepSeconds: number;
  prestart: boolean;
  redisUrl: string;
  prefix: string;
  /** Where to ask the bot for repository tokens, with the secret to ask with; absent: public URLs only. */
  bot?: { url: string; secret: string };
  /** Hosts that may be fetched from over plain http:// (a GitHub Enterprise Server reached that way). */
  httpGitHosts: string[];
  logLevel: LogLevel;
  /** What reading the level has to say, logged once the logger exists. */
  logWarnings: string[];
  /** Where /metrics is served (0: a random port); null: not served. */
  metricsPort: number | null;
}

export type RunnerSettingsResult<Queue extends string> =
  { ok: true; settings: RunnerSettings<Queue> } | { ok: false; problems: string[] };

/** Checks `flags` and `env`; `queueClasses` are the queues there are, named in `--queues`. */
export function readRunnerSettings<Queue extends string>(
  flags: RunnerFlags,
  queueClasses: readonly Queue[],
  env: NodeJS.ProcessEnv = process.env,
): RunnerSettingsResult<Queue> {
  const queues = (flags.queues ?? DEFAULTS.runner.queues.join(',')).split(',').map((q) => q.trim());
  const known = (q: string): q is Queue => (queueClasses as readonly string[]).includes(q);
  if (!queues.every(known) || queues.length === 0) {
    return {
      ok: false,
      problems: [`--queues: expected some of ${queueClasses.join(', ')}, got ${flags.queues}`],
    };
  }
  const problems: string[] = [];
  const positive = (text: string | undefined, fallback: number, flag: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value > 0) return value;
    problems.push(`${flag}: expected a positive whole number, got ${text}`);
    return fallback;
  };
  const { runner } = DEFAULTS;
  const concurrency = positive(flags.concurrency, runner.concurrency, '--concurrency');
  const perStudent = positive(flags.perStudent, runner.perStudent, '--per-student');
  const drainSeconds = positive(flags.drainTimeout, runner.drainSeconds, '--drain-timeout');
  const lockSeconds = positive(flags.lockDuration, runner.lockSeconds, '--lock-duration');
  const sweepSeconds = positive(flags.sweepInterval, runner.sweepSeconds, '--sweep-interval');
  const metricsPort = port(flags.metricsPort ?? env.GRADEBOT_METRICS_PORT, problems);
  if (problems.length > 0) return { ok: false, problems };

  const botUrl = env.GRADEBOT_BOT_URL;
  const runnerSecret = readSecret('GRADEBOT_RUNNER_SECRET', env);
  if (botUrl && !runnerSecret) {
    return { ok: false, problems: ['GRADEBOT_BOT_URL is set but GRADEBOT_RUNNER_SECRET (or _FILE) is not'] };
  }
  const log = readLogLevel(env);
  return {
    ok: true,
    settings: {
      queues,
      concurrency,
      perStudent,
      drainSeconds,
      lockSeconds,
      sweepSeconds,
      prestart: flags.prestart ?? runner.prestart,
      redisUrl: redisUrl(flags.redis, env),
      prefix: flags.prefix ?? DEFAULTS.prefix,
      ...(botUrl && runnerSecret ? { bot: { url: botUrl, secret: runnerSecret } } : {}),
      // The bot's own settings: a GitHub Enterprise Server reached over http:// is fetched from that way.
      httpGitHosts: env.GHE_PROTOCOL === 'http' && env.GHE_HOST ? [env.GHE_HOST] : [],
      logLevel: log.level,
      logWarnings: log.warnings,
      metricsPort,
    },
  };
}

/** A TCP port (0: a random one); unset or empty: none. */
function port(text: string | undefined, problems: string[]): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  problems.push(`--metrics-port (GRADEBOT_METRICS_PORT): expected a port from 0 to 65535, got ${text}`);
  return null;
}
