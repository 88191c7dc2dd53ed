/**
 * A real git smart-HTTP server for tests: `git http-backend` run as CGI behind a Node HTTP server on
 * 127.0.0.1, over bare repositories in a temp folder. With a token it answers 401 unless the request
 * carries `Authorization: Basic` with that token as the password, as GitHub does for installation
 * tokens. Every request it served is recorded so a test can see exactly what a client sent.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface ServedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface TestRepo {
  /** The clone URL, such as `http://127.0.0.1:41234/hw1.git`. */
  url: string;
  /** Commits exactly these files (replacing the previous tree) on `main`, pushes, returns the sha. */
  commit(files: Record<string, string | Buffer>): Promise<string>;
  /** The tree at `ref` as GitHub's tarball endpoint serves it: gzipped, under one top-level folder. */
  archive(ref: string): Promise<Buffer>;
  /** The commit `main` points at. */
  head(): Promise<string>;
}

export interface GitServer {
  url: string;
  requests: ServedRequest[];
  createRepo(name: string): Promise<TestRepo>;
  close(): Promise<void>;
}

const run = promisify(execFile);
const runBuffer = promisify(execFile) as unknown as (
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; encoding: 'buffer'; maxBuffer: number },
) => Promise<{ stdout: Buffer }>;

// Fixed identities and dates keep the helper independent of the machine's git configuration.
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  return gitWith({}, cwd, ...args);
}

async function gitWith(env: Record<string, string>, cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...GIT_ENV, ...env } });
  return stdout.trim();
}

/**
 * The n-th commit of every repository is dated the same, so a commit's id depends on its files
 * alone, never on the second it was made in: the same files in two repositories are the same
 * commit, as every repository made from one Classroom template starts.
 */
function commitDate(n: number): Record<string, string> {
  const date = `${new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString().slice(0, 19)}Z`;
  return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
}

/** Which passwords open which repository (its path, such as `/cs101/hw1-alice.git`). */
export type TokenCheck = (password: string, repoPath: string) => boolean;

/**
 * Starts a server; `token` (default: none) makes it require Basic auth with that password, or with
 * a password the check accepts for the requested repository.
 */
export async function startGitServer(options: { token?: string | TokenCheck } = {}): Promise<GitServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gradebot-git-server-'));
  const projects = path.join(root, 'projects');
  await mkdir(projects);
  const requests: ServedRequest[] = [];
  const server = http.createServer((req, res) => {
    const user = authorisedUser(req.headers.authorization, options.token, req.url ?? '/');
    const record = (status: number): void => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, status });
    };
    if (user === null) {
      record(401);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    serveCgi(req, res, projects, user, record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let count = 0;
  return {
    url,
    requests,
    async createRepo(name) {
      const bare = path.join(projects, `${name}.git`);
      const work = path.join(root, `work-${count++}`);
      await git(root, 'init', '--quiet', '--bare', bare);
      await git(root, 'init', '--quiet', '--initial-branch=main', work);
      let commits = 0;
      return {
        url: `${url}/${name}.git`,
        async commit(files) {
          await git(work, 'rm', '-r', '--quiet', '--cached', '--ignore-unmatch', '.');
          const names = Object.keys(files);
          for (const [file, body] of Object.entries(files)) {
            await mkdir(path.dirname(path.join(work, file)), { recursive: true });
            await writeFile(path.join(work, file), body);
          }
          // In batches: one git per file takes minutes for the trees of thousands of files some tests need.
          for (let at = 0; at < names.length; at += 500)
            await git(work, 'add', '--', ...names.slice(at, at + 500));
          const message = names.length > 20 ? `commit of ${names.length} files` : `commit ${names.join()}`;
          await gitWith(commitDate(commits++), work, 'commit', '--quiet', '--allow-empty', '-m', message);
          await git(work, 'push', '--quiet', bare, 'HEAD:refs/heads/main');
          return git(work, 'rev-parse', 'HEAD');
        },
        head: () => git(bare, 'rev-parse', 'refs/heads/main'),
        async archive(ref) {
          const { stdout } = await runBuffer(
            'git',
            [
              '-C',
              bare,
              'archive',
              '--format=tar.gz',
              `--prefix=${path.basename(name)}-${ref.slice(0, 7)}/`,
              ref,
            ],
            { env: GIT_ENV, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
          );
          return stdout;
        },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The user name when the request may go on (`''` without a token), null when it needs a 401. */
function authorisedUser(
  header: string | undefined,
  token: string | TokenCheck | undefined,
  url: string,
): string | null {
  if (token === undefined) return '';
  const repoPath = /^(.*?\.git)(\/|$)/.exec(new URL(url, 'http://git').pathname)?.[1] ?? '';
  const accepts = typeof token === 'string' ? (password: string) => password === token : token;
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon >= 0 && accepts(decoded.slice(colon + 1), repoPath) ? decoded.slice(0, colon) : null;
}

function serveCgi(
  req: IncomingMessage,
  res: ServerResponse,
  projects: string,
  user: string,
  record: (status: number) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: projects,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: user,
    REMOTE_ADDR: req.socket.remoteAddress,
    // Without it http-backend speaks protocol v0, whatever the client asked for.
    GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
  };
  // CGI hands every request header over as HTTP_*; http-backend needs HTTP_CONTENT_ENCODING for gzip.
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString().split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    record(status);
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => {
    if (!headersDone) {
      record(502);
      res.writeHead(502);
    }
    res.end();
  });
  res.on('close', () => child.kill());
}

/** A TCP server that accepts connections and never says a word: a hung git host. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hung.git`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
