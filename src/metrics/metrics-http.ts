/**
 * Serving a registry in Prometheus's text format: the bot's `/metrics` route, and the runner's own
 * small HTTP server, which answers `/metrics` and `/healthz` and nothing else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** Answers one request with the registry's current values (collect callbacks run now). */
export async function answerMetrics(registry: Registry, res: http.ServerResponse): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType }).end(text);
}

export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one given for `0`). */
  port: number;
  /** Safe to call twice. */
  close(): Promise<void>;
}

/** Listens on `host:port` (`0`: a random port) for Prometheus's scrapes of `registry`. */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host = '0.0.0.0',
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/metrics' && req.method === 'GET') {
      answerMetrics(registry, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  let closing: Promise<void> | null = null;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.closeAllConnections();
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
