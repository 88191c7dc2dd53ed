/**
 * The queue dashboard's engine: bull-board over every grading queue and the report queue, mounted
 * by whoever serves HTTP (the staff pages put it behind sign-in). bull-board can pause, empty,
 * obliterate, add and edit; here a request may read anything, and change only one thing: retry or
 * remove a job that failed. Each job shows its summary (student, assignment, organisation, commit),
 * never its raw payload. Every retry and removal is logged with who asked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { HookContext } from '@bull-board/api/dist/types.js';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_CLASSES } from '../jobs/job-payload.js';
import { jobProgress, jobSummary, jobTitle } from '../jobs/job-summary.js';
import type { Logger } from '../log/logger.js';
import { REPORT_QUEUE, reportRequestSchema } from './report-queue.js';

export interface QueueBoardOptions {
  redis: Redis;
  prefix: string;
  /** The path the dashboard is served under, e.g. `/staff/queues`. */
  basePath: string;
  log: Logger;
}

export interface QueueBoard {
  /** Answers a request under `basePath` for the signed-in staff member `login`. */
  handle(req: IncomingMessage, res: ServerResponse, login: string): Promise<void>;
  close(): Promise<void>;
}

/** The only changes allowed, each on a failed job: bull-board's routes for them, and what is logged. */
const ACTIONS: Record<string, string> = {
  '/api/queues/:queueName/:jobId/retry': 'retried',
  '/api/queues/:queueName/:jobId/clean': 'removed',
};
/**
 * Retry buttons on failed jobs, none on finished ones (a finished grading is regraded with `gradebot
 * regrade`). The adapter's option type leaves out `allowCompletedRetries`, which its base class reads.
 */
const ADAPTER_OPTIONS = { allowRetries: true, allowCompletedRetries: false };
/** Carries the signed-in login to bull-board's hooks; whatever a client sent under it is replaced. */
const ACTOR = 'x-gradebot-staff-login';

export function queueBoard(options: QueueBoardOptions): QueueBoard {
  const { log } = options;
  const queues = [...QUEUE_CLASSES, REPORT_QUEUE].map(
    (name) => new Queue(name, { connection: options.redis, prefix: options.prefix }),
  );
  const adapters = queues.map((queue) => {
    const adapter = new BullMQAdapter(queue, ADAPTER_OPTIONS);
    if (queue.name === REPORT_QUEUE) {
      adapter.setFormatter('data', (data: unknown) => reportRequestSchema.safeParse(data).data ?? {});
    } else {
      adapter.setFormatter('data', (data: unknown) => jobSummary(data) ?? {});
      adapter.setFormatter('name', (job: { data?: unknown; progress?: unknown }) =>
        jobTitle(jobSummary(job.data), job.progress),
      );
      // A runner's result is an outcome and a score; nothing else it might carry is shown.
      adapter.setFormatter('returnValue', (value: unknown) =>
        pick(value, ['outcome', 'score', 'max_score', 'by']),
      );
    }
    adapter.setFormatter('progress', jobProgress);
    return adapter;
  });

  const server = new ExpressAdapter().setBasePath(options.basePath);
  createBullBoard({
    queues: adapters,
    serverAdapter: server,
    options: {
      uiConfig: { boardTitle: 'gradebot queues', hideDocsLink: true },
      handlerHooks: {
        async before({ method, route, request }: HookContext) {
          if (method === 'get') return { allow: true };
          const action = ACTIONS[route];
          const queue = request.queues.get(String(request.params.queueName));
          const job = action && queue ? await queue.getJob(String(request.params.jobId)) : null;
          const state = job ? await job.getState() : null;
          if (state === 'failed') return { allow: true };
          log.warn('queue dashboard: change refused', { by: request.headers[ACTOR], method, route, state });
          return { allow: false, status: 403, message: 'only a failed job can be retried or removed here' };
        },
        after({ route, request }: HookContext, result) {
          const action = ACTIONS[route];
          if (action && (result.status ?? 200) < 300)
            log.info(`queue dashboard: job ${action}`, {
              by: request.headers[ACTOR],
              queue: request.params.queueName,
              job: request.params.jobId,
            });
          return result;
        },
      },
    },
  });
  const router = server.getRouter() as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;

  return {
    handle(req, res, login) {
      req.headers[ACTOR] = login;
      // bull-board's routes are relative to where it is mounted.
      req.url = (req.url ?? '/').slice(options.basePath.length) || '/';
      return new Promise<void>((resolve, reject) => {
        res.on('finish', () => resolve());
        res.on('close', () => resolve());
        router(req, res, (error?: unknown) => {
          if (error) return reject(error instanceof Error ? error : new Error(String(error)));
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        });
      });
    },
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}

function pick(value: unknown, keys: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    keys.flatMap((key) => (key in value ? [[key, (value as Record<string, unknown>)[key]]] : [])),
  );
}
