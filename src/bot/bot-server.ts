/**
 * `gradebot serve` put together: the Probot app behind a plain Node HTTP server (webhooks at
 * `WEBHOOK_PATH`, default `/api/github/webhooks`), the runner token endpoint, the scoreboard pages,
 * the staff pages and their queue dashboard, a health check, Prometheus's `/metrics`
 * (docs/metrics.md), the one report writer that turns report requests into GitHub writes, and the
 * loop that asks GitHub to redeliver webhooks that failed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import type { BotSettings } from '../config/bot-settings.js';
import { Intake } from '../jobs/intake.js';
import type { Logger } from '../log/logger.js';
import { createBotMetrics } from '../metrics/bot-metrics.js';
import { answerMetrics } from '../metrics/metrics-http.js';
import { GradingQueues } from '../queue/grading-queues.js';
import {
  closeConnection,
  connectProducer,
  connectWorker,
  ready,
  settledWithin,
} from '../queue/redis-connection.js';
import { queueBoard } from '../queue/queue-board.js';
import { RedisWatch } from '../queue/redis-watch.js';
import { ReportRequests, consumeReportRequests } from '../queue/report-queue.js';
import { pseudonymKey } from '../reporters/scoreboard/pseudonym.js';
import { startScoreboard } from '../reporters/scoreboard/scoreboard-routes.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from '../reporters/staff/queue-dashboard.js';
import { staffPages } from '../reporters/staff/staff-routes.js';
import { openStores } from '../store/open-stores.js';
import { CatchUp, catchUpAtStart } from './catch-up.js';
import { CourseReports } from './course-reports.js';
import { CourseConfigs } from './course-configs.js';
import { Deliveries } from './deliveries.js';
import { GitHubClients } from './github-clients.js';
import { countingRateLimits } from './github-write-metrics.js';
import { gradebotApp } from './gradebot-app.js';
import { Redelivery } from './redelivery.js';
import { ReportWriter } from './report-writer.js';
import { RunnerTokens } from './runner-tokens.js';
import { staffCheck } from './staff-check.js';
import { verifiedWebhooks } from './webhook-signature.js';
import { WebhookOutcomes } from './webhook-outcomes.js';

export interface BotOptions {
  settings: BotSettings;
  redisUrl: string;
  prefix: string;
  log: Logger;
  /** Where webhooks are received (default: the settings' `webhookPath`). */
  webhookPath?: string;
  /** Tests and benchmarks may turn Octokit's throttling off; the service never does. */
  throttle?: boolean;
}

export interface BotServer {
  url: string;
  close(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<BotServer> {
  const { settings, prefix, log } = options;
  const redis = connectProducer(options.redisUrl);
  // Unreachable at start is a mistake to report (one line, non-zero exit). Once started, the bot
  // rides out an outage: /healthz says 503, webhooks get a 5xx, and it reconnects on its own.
  await ready(redis, options.redisUrl).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  const metrics = createBotMetrics({ queues: () => queues.depths(), reportBacklog: () => reports.backlog() });
  const watch = new RedisWatch(options.redisUrl, log, Date.now, () => metrics.redisReconnects.inc());
  watch.watch(redis);
  const writerRedis = watch.watch(connectWorker(options.redisUrl));

  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    baseUrl: settings.apiUrl,
    log: log.pino('probot'),
    Octokit: countingRateLimits(
      options.throttle === false ? ProbotOctokit.defaults({ throttle: { enabled: false } }) : ProbotOctokit,
      metrics.githubRateLimited,
    ),
  });
  const clients = new GitHubClients(probot, metrics);
  const stores = openStores(redis, prefix);
  const queues = new GradingQueues(redis, { prefix, supersede: stores.supersede });
  const reports = new ReportRequests(redis, prefix);
  const courses = new CourseConfigs({
    clients,
    stores,
    courseRepository: settings.courseRepository,
    log,
  });
  const intake = new Intake({ stores, queues, reports, metrics });
  const outcomes = new WebhookOutcomes(metrics.webhooks);
  const deliveries = new Deliveries(stores.deliveries);
  const app = gradebotApp({
    courses,
    intake,
    reports,
    deliveries,
    queues,
    log,
    staffCommands: stores.staffCommands,
    results: stores.results,
    outcomes,
  });
  const webhooksPath = options.webhookPath ?? settings.webhookPath;
  // Counted outside the signature check, so refused webhooks count as bad_signature.
  const webhooks = outcomes.counting(
    verifiedWebhooks(await createNodeMiddleware(app, { probot, webhooksPath }), {
      path: webhooksPath,
      verify: (body, signature) => probot.webhooks.verify(body, signature),
      log,
    }),
  );
  const tokens = new RunnerTokens({ secret: settings.runnerSecret, clients, queues, log });
  const scoreboard = await startScoreboard({
    stores,
    redisUrl: options.redisUrl,
    prefix,
    pseudonymKey: pseudonymKey(settings.pseudonymSecret),
    log,
  });
  const staffOf = staffCheck({ clients, courses });
  const staff = staffPages({
    stores,
    signIn: settings.staffSignIn,
    apiUrl: settings.apiUrl,
    log,
    isStaff: staffOf.of,
  });
  const board = queueBoard({ redis, prefix, basePath: QUEUE_DASHBOARD_PATH, log });
  const dashboard = queueDashboard({
    signIn: settings.staffSignIn,
    board,
    isDeploymentStaff: staffOf.ofDeployment,
    log,
  });

  const catchUp = new CatchUp({ clients, courses, intake, stores, log });
  const writer = new ReportWriter({
    checkRuns: stores.checkRuns,
    clients,
    queues,
    results: stores.results,
    staffCommands: stores.staffCommands,
    reports,
    courses,
    course: new CourseReports({ stores, clients, courses, catchUp, log }),
    log,
    pushToResult: metrics.pushToResult,
  });
  const reportWriter = consumeReportRequests({
    redis: writerRedis,
    prefix,
    write: (request, attempt) => writer.write(request, attempt),
    onGiveUp: (reason, request) => log.error('gave up writing to GitHub', { request, reason }),
    onError: (reason) => log.debug('report writer: Redis error', { reason }),
  });

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://bot').pathname;
      if (path === '/healthz') {
        const ok = await redis.ping().then(
          () => true,
          () => false,
        );
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' })
          .end(ok ? 'ok\n' : 'redis unreachable\n');
        return;
      }
      if (path === '/metrics') return answerMetrics(metrics.registry, res);
      if (await tokens.handle(req, res)) return;
      if (await scoreboard.handle(req, res)) return;
      if (await dashboard.handle(req, res)) return;
      if (await staff.handle(req, res)) return;
      await webhooks(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      });
    })().catch((error: unknown) => {
      log.error('request failed', { path: req.url, reason: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
  const url = `http://${host}:${port}`;
  log.info('gradebot serve listening', {
    port,
    url,
    api: settings.apiUrl,
    course: settings.courseRepository,
  });
  const closing = new AbortController();
  void catchUpAtStart({
    clients,
    reports,
    courseRepository: settings.courseRepository,
    log,
    signal: closing.signal,
  });
  // Only once webhooks are taken: what it asks GitHub to redeliver comes straight back here.
  const redelivery = new Redelivery({
    app: () => clients.app(),
    book: stores.redeliveries,
    log,
    intervalSeconds: settings.redeliveryInterval,
  });
  redelivery.start();

  return {
    url,
    async close() {
      closing.abort();
      await redelivery.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Each step that needs Redis is bounded, so stopping during an outage still ends.
      await settledWithin(scoreboard.close());
      await settledWithin(reportWriter.close());
      await settledWithin(reports.close());
      await settledWithin(Promise.all([queues.close(), board.close()]));
      await settledWithin(courses.close());
      await closeConnection(redis);
      await closeConnection(writerRedis);
    },
  };
}
