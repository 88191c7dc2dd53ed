/** `gradebot runner`: a runner daemon, until SIGTERM or SIGINT drains it. */
import { QUEUE_CLASSES, type QueueClass } from '../jobs/job-payload.js';
import { createLogger } from '../log/logger.js';
import {
  checkRedisPolicy,
  closeConnection,
  connectWorker,
  ready,
  redisUrl,
} from '../queue/redis-connection.js';
import { RedisWatch } from '../queue/redis-watch.js';
import { readSecret } from '../config/secret.js';
import { botTokenSource, noTokenSource } from '../runner/daemon/bot-token.js';
import { RunnerDaemon } from '../runner/daemon/runner-daemon.js';
import { DockerSandboxProvider } from '../runner/sandbox/docker/docker-provider.js';
import { DEFAULT_PREFIX, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';

export interface RunnerCommandOptions extends QueueOptions {
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
}

export async function runRunner(options: RunnerCommandOptions, terminal: Terminal): Promise<number> {
  const queues = (options.queues ?? 'live,regrade').split(',').map((q) => q.trim());
  const unknown = queues.filter((q) => !(QUEUE_CLASSES as readonly string[]).includes(q));
  if (unknown.length > 0 || queues.length === 0) {
    terminal.err(`gradebot: --queues: expected some of ${QUEUE_CLASSES.join(', ')}, got ${options.queues}`);
    return 2;
  }
  const concurrency = positive(options.concurrency, 2, '--concurrency', terminal);
  const perStudent = positive(options.perStudent, 1, '--per-student', terminal);
  const drainSeconds = positive(options.drainTimeout, 600, '--drain-timeout', terminal);
  const lockSeconds = positive(options.lockDuration, 30, '--lock-duration', terminal);
  const sweepSeconds = positive(options.sweepInterval, 60, '--sweep-interval', terminal);
  if (!concurrency || !perStudent || !drainSeconds || !lockSeconds || !sweepSeconds) return 2;

  const log = createLogger('runner');
  const botUrl = process.env.GRADEBOT_BOT_URL;
  const runnerSecret = readSecret('GRADEBOT_RUNNER_SECRET');
  if (botUrl && !runnerSecret) {
    terminal.err('gradebot: GRADEBOT_BOT_URL is set but GRADEBOT_RUNNER_SECRET (or _FILE) is not');
    return 2;
  }
  // Unreachable at start is a mistake to report; once started, an outage is waited out.
  const url = redisUrl(options.redis);
  const redis = connectWorker(url);
  try {
    await ready(redis, url);
  } catch (error) {
    redis.disconnect();
    terminal.err(`gradebot: ${(error as Error).message}`);
    return 1;
  }
  new RedisWatch(url, log).watch(redis);
  for (const warning of await checkRedisPolicy(redis).catch(() => [])) log.warn(warning);
  const daemon = new RunnerDaemon({
    redis,
    provider: new DockerSandboxProvider({ deployment: options.prefix ?? DEFAULT_PREFIX, owner: 'runner' }),
    log,
    prefix: options.prefix ?? DEFAULT_PREFIX,
    queues: queues as QueueClass[],
    concurrency,
    perStudent,
    drainTimeoutMs: drainSeconds * 1000,
    lockDurationMs: lockSeconds * 1000,
    stalledIntervalMs: Math.max(1000, (lockSeconds * 1000) / 2),
    sweepIntervalMs: sweepSeconds * 1000,
    prestart: options.prestart !== false,
    gitToken: botUrl && runnerSecret ? botTokenSource(botUrl, runnerSecret) : noTokenSource(),
    // The bot's own settings: a GitHub Enterprise Server reached over http:// is fetched from that way.
    ...(process.env.GHE_PROTOCOL === 'http' && process.env.GHE_HOST
      ? { httpGitHosts: [process.env.GHE_HOST] }
      : {}),
  });
  const stopped = new Promise<void>((resolve) => {
    const stop = () => void daemon.drain().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await daemon.start();
  await stopped;
  await closeConnection(redis);
  return 0;
}

function positive(
  text: string | undefined,
  fallback: number,
  flag: string,
  terminal: Terminal,
): number | null {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  terminal.err(`gradebot: ${flag}: expected a positive whole number, got ${text}`);
  return null;
}
