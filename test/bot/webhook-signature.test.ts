/**
 * The check in front of Probot's webhooks, over real HTTP: a well-signed delivery goes on with its
 * body, a badly signed one is answered 400 with one warning that names the secret to check and
 * nothing of the payload, and a body larger than GitHub ever sends is refused with 413 unread.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifiedWebhooks } from '../../src/bot/webhook-signature.js';
import { createLogger } from '../../src/log/logger.js';

const SECRET = 'the-webhook-secret';
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const lines: string[] = [];
const passed: string[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  const handler = verifiedWebhooks(
    (req: http.IncomingMessage, res: http.ServerResponse, _next: () => void) => {
      passed.push((req as http.IncomingMessage & { body?: string }).body ?? '');
      res.writeHead(202).end();
    },
    {
      path: '/api/github/webhooks',
      verify: async (body, signature) => sign(body) === signature,
      log: createLogger('bot', (line) => void lines.push(line)),
    },
  );
  server = http.createServer((req, res) => void handler(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string, signature: string) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'x-hub-signature-256': signature, 'x-github-delivery': 'd-1', 'x-github-event': 'push' },
  });

it('passes a well-signed delivery on with its body', async () => {
  const body = JSON.stringify({ ref: 'refs/heads/main' });
  expect((await post(body, sign(body))).status).toBe(202);
  expect(passed).toEqual([body]);
});

it('answers a badly signed one 400 with one warning naming the secret, never the payload', async () => {
  lines.length = 0;
  const body = JSON.stringify({ secret_token: 'do-not-log-me' });
  const response = await post(body, sign('something else'));

  expect(response.status).toBe(400);
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged).toEqual([
    expect.objectContaining({
      level: 'warn',
      msg: "webhook signature does not match: the App's webhook secret (App settings, Webhook) must be the value of WEBHOOK_SECRET",
      delivery: 'd-1',
      event: 'push',
    }),
  ]);
  expect(lines.join('')).not.toContain('do-not-log-me');
});

it('refuses a body larger than GitHub sends (25 MB) with 413, and passes nothing on', async () => {
  lines.length = 0;
  passed.length = 0;
  const body = 'x'.repeat(25 * 1024 * 1024 + 1);
  const response = await post(body, sign(body));

  expect(response.status).toBe(413);
  expect(passed).toEqual([]);
  expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
    'webhook refused: its body is larger than GitHub ever sends',
  ]);
});
