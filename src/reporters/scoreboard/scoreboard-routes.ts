/**
 * The scoreboard pages of `gradebot serve` (the paths: `scoreboard-path.ts`). Pages link to each
 * other with relative URLs, so the bot may sit under a path behind a proxy. Every response forbids
 * what the page does not need: scripts, styles and connections go to this server only, and nothing
 * inline runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log/logger.js';
import { BoardCache, type BoardStores } from './board-cache.js';
import { LiveUpdates } from './live-updates.js';
import { assetsFrom, parseScoreboardPath, type ScoreboardPath } from './scoreboard-path.js';
import { scoreboardIndex } from './scoreboard-index.js';
import { renderBoard, renderIndex, renderNotFound, VIEWS_DIR } from './views.js';

export interface ScoreboardOptions {
  /** For reads, on the bot's fail-fast connection. */
  stores: BoardStores;
  /** Live updates open their own connection. */
  redisUrl: string;
  prefix: string;
  pseudonymKey: string;
  log: Logger;
  /** Default: the clock. */
  now?: () => Date;
}

export interface Scoreboard {
  /** Handles the request if it is for a scoreboard path; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const ASSET_TYPES: Record<string, string> = {
  'scoreboard.css': 'text/css; charset=utf-8',
  'scoreboard.js': 'text/javascript; charset=utf-8',
  'trophy.svg': 'image/svg+xml',
};

export async function startScoreboard(options: ScoreboardOptions): Promise<Scoreboard> {
  const boards = new BoardCache({
    stores: options.stores,
    pseudonymKey: options.pseudonymKey,
    ...(options.now ? { now: options.now } : {}),
  });
  const live = new LiveUpdates({
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    log: options.log,
    onChange: (org, assignment) => boards.invalidate(org, assignment),
    onReconnect: () => boards.invalidateAll(),
  });
  await live.start();
  const assets = new Map(
    Object.entries(ASSET_TYPES).map(([name, type]) => {
      const body = readFileSync(`${VIEWS_DIR}assets/${name}`);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      return [name, { body, type, etag }];
    }),
  );

  async function answer(path: ScoreboardPath, req: IncomingMessage, res: ServerResponse, url: URL) {
    const projector = url.searchParams.has('projector');
    const notFound = () => send(res, 404, 'text/html', renderNotFound(assetsFrom(url.pathname)));
    switch (path.kind) {
      case 'redirect':
        res.writeHead(308, { ...SECURITY_HEADERS, location: `${path.location}${url.search}` }).end();
        return;
      case 'asset': {
        const asset = assets.get(path.name);
        if (!asset) return notFound();
        const headers = { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' };
        const fresh = req.headers['if-none-match'] === asset.etag;
        res
          .writeHead(fresh ? 304 : 200, { ...headers, etag: asset.etag })
          .end(fresh ? undefined : asset.body);
        return;
      }
      case 'index': {
        const course = await boards.course(path.org);
        const index = course ? scoreboardIndex(course) : null;
        if (!course || !index?.assignments.length) return notFound();
        return send(res, 200, 'text/html', renderIndex(index, { projector, timezone: course.timezone }));
      }
      case 'board': {
        const board = await boards.board(path.org, path.assignment);
        if (!board && path.format === 'json') return noJson(res);
        if (!board) return notFound();
        if (path.format === 'json')
          return send(
            res,
            200,
            'application/json',
            board.rendered('json', (model) => JSON.stringify(model)),
          );
        if (path.format === 'events' && req.method === 'HEAD') return send(res, 200, 'text/event-stream', '');
        if (path.format === 'events') return live.stream(path.org, path.assignment, res);
        const page = { projector, timezone: board.course.timezone };
        const html = board.rendered(`html ${projector} ${page.timezone}`, (model) =>
          renderBoard(model, page),
        );
        return send(res, 200, 'text/html', html);
      }
      case 'unknown':
        return path.format === 'json' ? noJson(res) : notFound();
    }
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://bot');
      const path = parseScoreboardPath(url.pathname);
      if (!path) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain' });
        res.end('use GET\n');
        return true;
      }
      try {
        await answer(path, req, res, url);
      } catch (error) {
        options.log.warn('scoreboard unavailable', { path: url.pathname, reason: String(error) });
        if (!res.headersSent)
          send(res, 503, 'text/plain', 'The scoreboard is unavailable; try again soon.\n');
      }
      return true;
    },
    close: () => live.close(),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-cache',
  };
  res.writeHead(status, headers).end(body);
}

function noJson(res: ServerResponse): void {
  send(res, 404, 'application/json', JSON.stringify({ error: 'no such scoreboard' }));
}
