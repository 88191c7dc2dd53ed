/**
 * GitHub, faked at the HTTP boundary and nowhere else. A test says which calls it expects, in
 * order; any other call is answered 500 and recorded, and `verify()` fails the test on anything
 * unexpected or on an expectation nobody used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Expected {
  method: string;
  /** Path without the query string, e.g. `/repos/o/r/check-runs`. */
  path: string;
  /** What to answer; gets the parsed JSON body and the query. */
  respond: (request: {
    body: unknown;
    query: URLSearchParams;
  }) => { status?: number; json: unknown } | { status?: number; raw: Buffer; contentType: string };
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface FakeGitHub {
  url: string;
  received: Received[];
  expect(call: Expected): void;
  verify(): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const expected: Expected[] = [];
  const received: Received[] = [];
  const problems: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString();
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const call = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body };
      received.push(call);
      const next = expected[0];
      if (!next || next.method !== call.method || next.path !== call.path) {
        problems.push(
          `unexpected ${call.method} ${call.path}${next ? ` (expected ${next.method} ${next.path})` : ''}`,
        );
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"unexpected call"}');
        return;
      }
      expected.shift();
      const answer = next.respond({ body, query: url.searchParams });
      const type = 'raw' in answer ? answer.contentType : 'application/json';
      res.writeHead(answer.status ?? 200, { 'content-type': type });
      res.end('raw' in answer ? answer.raw : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    expect: (call) => expected.push(call),
    verify: () => {
      const unused = expected.map((e) => `unused expectation ${e.method} ${e.path}`);
      const all = [...problems, ...unused];
      if (all.length > 0) throw new Error(`fake GitHub: ${all.join('; ')}`);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
