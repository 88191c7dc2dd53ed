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

/** GitHub sends at most 25 MB per delivery; a larger body is not from GitHub. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

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
  if (body === null) {
    options.log.warn('webhook refused: its body is larger than GitHub ever sends', {
      delivery: req.headers['x-github-delivery'],
      limit: MAX_BODY_BYTES,
    });
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ error: `the body is larger than ${MAX_BODY_BYTES} bytes` }));
    return true;
  }
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

/** The body, or null once it passes MAX_BODY_BYTES (the rest is then read and dropped). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).off('error', reject);
      req.resume();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}
