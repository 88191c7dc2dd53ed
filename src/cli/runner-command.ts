/** `gradebot runner`: a runner daemon, until SIGTERM or SIGINT drains it. */
import { readRunnerSettings, type RunnerFlags } from '../config/runner-settings.js';
import { QUEUE_CLASSES } from '../jobs/job-payload.js';
import { createLogger } from '../log/logger.js';
import { startMetricsServer } from '../metrics/metrics-http.js';
import { createRunnerMetrics } from '../metrics/runner-metrics.js';
import { checkRedisPolicy, closeConnection, connectWorker, ready } from '../queue/redis-connection.js';
import { RedisWatch } from '../queue/redis-watch.js';
import { openRunnerQueues } from '../queue/runner-queues.js';
import { botTokenSource, noTokenSource } from '../runner/daemon/bot-token.js';
import { RunnerDaemon } from '../runner/daemon/runner-daemon.js';
import { DockerSandboxProvider } from '../runner/sandbox/docker/docker-provider.js';
import type { Terminal } from './terminal.js';

export async function runRunner(flags: RunnerFlags, terminal: Terminal): Promise<number> {
  const read = readRunnerSettings(flags, QUEUE_CLASSES);
  if (!read.ok) {
    for (const problem of read.problems) terminal.err(`gradebot: ${problem}`);
    return 2;
  }
  const settings = read.settings;
  const log = createLogger('runner', undefined, settings.logLevel);
  for (const warning of settings.logWarnings) log.warn(warning);
  // Unreachable at start is a mistake to report; once started, an outage is waited out.
  const url = settings.redisUrl;
  const redis = connectWorker(url);
  try {
    await ready(redis, url);
  } catch (error) {
    redis.disconnect();
    terminal.err(`gradebot: ${(error as Error).message}`);
    return 1;
  }
  const metrics = createRunnerMetrics();
  new RedisWatch(url, log, Date.now, () => metrics.redisReconnects.inc()).watch(redis);
  for (const warning of await checkRedisPolicy(redis).catch(() => [])) log.warn(warning);
  const lockMs = settings.lockSeconds * 1000;
  const daemon = new RunnerDaemon({
    queues: openRunnerQueues(redis, {
      prefix: settings.prefix,
      queues: settings.queues,
      lockDurationMs: lockMs,
      stalledIntervalMs: Math.max(1000, lockMs / 2),
      onError: (reason) => log.debug('job queues: Redis error', { reason }),
    }),
    provider: new DockerSandboxProvider({ deployment: settings.prefix, owner: 'runner' }),
    log,
    concurrency: settings.concurrency,
    perStudent: settings.perStudent,
    drainTimeoutMs: settings.drainSeconds * 1000,
    sweepIntervalMs: settings.sweepSeconds * 1000,
    prestart: settings.prestart,
    gitToken: settings.bot ? botTokenSource(settings.bot.url, settings.bot.secret) : noTokenSource(),
    httpGitHosts: settings.httpGitHosts,
    metrics,
  });
  const served =
    settings.metricsPort === null ? null : await startMetricsServer(metrics.registry, settings.metricsPort);
  if (served) log.info('metrics listening', { port: served.port });
  const stopped = new Promise<void>((resolve) => {
    const stop = () => void daemon.drain().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await daemon.start();
  await stopped;
  await served?.close();
  await closeConnection(redis);
  return 0;
}
