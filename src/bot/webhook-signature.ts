/**
 * Deliveries whose signature does not match `WEBHOOK_SECRET`, turned away before Probot sees them
 * with one warning that says what to check. A wrong secret is the most common setup mistake, and
 * Probot reports it as two errors carrying the delivery's payload; here the line names the App's
 * webhook secret and the delivery, never the payload. The signature is checked with
 * @octokit/webhooks' own `verify`, the check Probot makes; a delivery that passes goes on with its
 * body already read (the library takes a string `body` in place of the stream).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown;

/** `middleware` (Probot's webhooks) behind the check: a badly signed delivery is answered 400 here. */
export function verifiedWebhooks<M extends Middleware>(
  middleware: M,
  options: {
    path: string;
    verify: (body: string, signature: string) => Promise<boolean>;
    log: Logger;
  },
): M {
  return (async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (await refused(req, res, options)) return true;
    return middleware(req, res, next);
  }) as M;
}

/** True when `req` was a badly signed delivery, now answered 400. */
async function refused(
  req: IncomingMessage,
  res: ServerResponse,
  options: Parameters<typeof verifiedWebhooks>[1],
): Promise<boolean> {
  if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://bot').pathname !== options.path) return false;
  const signature = req.headers['x-hub-signature-256'];
  if (typeof signature !== 'string') return false; // the library answers what is missing
  const body = await readBody(req);
  (req as IncomingMessage & { body?: string }).body = body;
  if (await options.verify(body, signature).catch(() => false)) return false;
  options.log.warn(
    "webhook signature does not match: the App's webhook secret (App settings, Webhook) must be the value of WEBHOOK_SECRET",
    { delivery: req.headers['x-github-delivery'], event: req.headers['x-github-event'] },
  );
  res
    .writeHead(400, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: 'signature does not match event payload and secret' }));
  return true;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
