/**
 * GitHub, faked at the HTTP boundary and nowhere else. A test says which calls it expects; any other
 * call is answered 500 and recorded, every call must name an operation of GitHub's REST description
 * with a body that its schema accepts (see `openapi-check.ts`), and `verify()` fails the test on
 * anything unexpected, on a body GitHub would refuse, or on an expectation nobody used.
 *
 * Paths ending in `.git/...` are passed to a git smart-HTTP server when one is given, so the same
 * address serves the API and the repositories, as github.com does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProbotOctokit } from 'probot';
import { checkAgainstOpenApi } from './openapi-check.js';

export type Answer =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; raw: Buffer; contentType: string };

export interface CallRequest {
  body: unknown;
  query: URLSearchParams;
  /** The `:name` parts of the route's path. */
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export interface Expected {
  method: string;
  /** Without the query string; `:name` matches one path segment, e.g. `/repos/:owner/:repo/check-runs`. */
  path: string;
  /** How many calls it answers: a number (default 1), or `'any'` for none or more. */
  times?: number | 'any';
  respond: (request: CallRequest) => Answer | Promise<Answer>;
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface FakeGitHubOptions {
  /** Where the REST API lives: `''` as on github.com, `/api/v3` as on GitHub Enterprise Server. */
  apiPrefix?: string;
  /** The origin of a git smart-HTTP server that answers for `/<owner>/<repo>.git/...`. */
  gitOrigin?: string;
  /** The address to listen on (default 127.0.0.1); a swarm's nodes reach the host on its bridge. */
  host?: string;
}

export interface FakeGitHub {
  url: string;
  received: Received[];
  expect(call: Expected): void;
  verify(): void;
  close(): Promise<void>;
}

interface Route extends Expected {
  pattern: RegExp;
  used: number;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const prefix = options.apiPrefix ?? '';
  const routes: Route[] = [];
  const received: Received[] = [];
  const problems: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (options.gitOrigin && /\.git\//.test(url.pathname)) {
      proxy(req, res, options.gitOrigin);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString();
        const body: unknown = raw ? JSON.parse(raw) : undefined;
        const method = req.method ?? '';
        const apiPath = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
        received.push({ method, path: apiPath, query: url.searchParams, body });
        // GitHub's OAuth web endpoints (sign-in) sit on the web host, not the REST API: nothing to check.
        if (!isOAuthWebPath(url.pathname))
          problems.push(...(await checkAgainstOpenApi(method, apiPath, body)));
        const route = routes.find(
          (r) =>
            r.method === method && r.pattern.test(apiPath) && (r.times === 'any' || r.used < (r.times ?? 1)),
        );
        if (!route) {
          problems.push(`unexpected ${method} ${apiPath}`);
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"unexpected call"}');
          return;
        }
        route.used += 1;
        const params = route.pattern.exec(apiPath)?.groups ?? {};
        const answer = await route.respond({ body, query: url.searchParams, params, headers: req.headers });
        if ('raw' in answer) {
          res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType }).end(answer.raw);
        } else {
          res
            .writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
            .end(JSON.stringify(answer.json));
        }
      })().catch((error: unknown) => {
        problems.push(`the fake failed on ${req.method} ${url.pathname}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    received,
    expect: (call) => routes.push({ ...call, pattern: compile(call.path), used: 0 }),
    verify: () => {
      const unused = routes
        .filter((r) => r.times !== 'any' && r.used < (r.times ?? 1))
        .map((r) => `unused expectation ${r.method} ${r.path} (${r.used} of ${String(r.times ?? 1)} calls)`);
      const all = [...problems, ...unused];
      if (all.length > 0) throw new Error(`fake GitHub: ${all.join('; ')}`);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** `/login/oauth/authorize` and `/login/oauth/access_token`, on github.com or a GHE host's root. */
function isOAuthWebPath(path: string): boolean {
  return path.startsWith('/login/oauth/');
}

function compile(template: string): RegExp {
  const source = template
    .split('/')
    .map((part) =>
      part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, origin: string): void {
  const target = new URL(req.url ?? '/', origin);
  const forward = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(forward);
}

/** An installation client for the fake, as the bot builds them, minus throttling and retries. */
export function testOctokit(baseUrl: string): ProbotOctokit {
  // Octokit logs the errors some tests provoke on purpose; the assertions say what matters.
  const quiet = () => undefined;
  return new ProbotOctokit({
    baseUrl,
    auth: { token: 'test-token' },
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}
