import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitNotFoundError,
  fetchCommit,
  GitFetchError,
  GitHostUnavailableError,
  InvalidGitSourceError,
  checkRepositoryUrl,
} from '../../src/runner/git/fetch-commit.js';
import { startGitServer, startSilentServer, type GitServer, type TestRepo } from '../helpers/git-server.js';

const run = promisify(execFile);
const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = `ghs_test${process.pid}Secret`;
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
const MISSING = '0123456789abcdef0123456789abcdef01234567';

let open: GitServer;
let locked: GitServer;
let repo: TestRepo;
let first: string;
let second: string;
let lockedRepo: TestRepo;
let lockedCommit: string;
const dirs: string[] = [];

async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-fetch-'));
  dirs.push(dir);
  return dir;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: dir })).stdout.trim();
}

/** Every file under dir, .git included, as its raw bytes. */
async function everyFile(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  return Promise.all(files.map((entry) => readFile(path.join(entry.parentPath, entry.name))));
}

beforeAll(async () => {
  open = await startGitServer();
  repo = await open.createRepo('hw1-alice');
  first = await repo.commit({ 'hello.py': 'print("one")\n', 'src/util.py': 'X = 1\n' });
  second = await repo.commit({ 'hello.py': 'print("two")\n' });
  locked = await startGitServer({ token: TOKEN });
  lockedRepo = await locked.createRepo('hw1-bob');
  lockedCommit = await lockedRepo.commit({ 'main.c': 'int main(void) { return 0; }\n' });
});
afterAll(async () => {
  await open?.close();
  await locked?.close();
});
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('fetchCommit', () => {
  it('checks out exactly the commit asked for, not a later one on the same branch', async () => {
    const into = await scratch();
    await fetchCommit({ url: repo.url, commit: first }, into);
    expect(await readFile(path.join(into, 'hello.py'), 'utf8')).toBe('print("one")\n');
    expect(await readFile(path.join(into, 'src/util.py'), 'utf8')).toBe('X = 1\n');
    expect(await git(into, 'rev-parse', 'HEAD')).toBe(first);
    expect(await git(into, 'log', '--format=%H')).toBe(first);
    await expect(git(into, 'cat-file', '-e', second)).rejects.toThrow();
  });

  it('sends the token as a header only, and writes it nowhere', async () => {
    const into = await scratch();
    const before = locked.requests.length;
    await fetchCommit({ url: lockedRepo.url, commit: lockedCommit }, into, { token: TOKEN });
    expect(await git(into, 'rev-parse', 'HEAD')).toBe(lockedCommit);
    const served = locked.requests.slice(before);
    expect(served.length).toBeGreaterThan(0);
    for (const request of served) {
      expect(request.status).toBe(200);
      const { authorization, ...others } = request.headers;
      expect(authorization).toBe(`Basic ${BASIC}`);
      expect(`${request.url} ${JSON.stringify(others)}`).not.toMatch(new RegExp(`${TOKEN}|${BASIC}`));
    }
    const files = await everyFile(into);
    expect(files.length).toBeGreaterThan(10);
    for (const body of files) {
      expect(body.includes(TOKEN)).toBe(false);
      expect(body.includes(BASIC)).toBe(false);
    }
  });

  it('fails with GitFetchError without the token, or with a wrong one it does not repeat', async () => {
    const source = { url: lockedRepo.url, commit: lockedCommit };
    await expect(fetchCommit(source, await scratch())).rejects.toBeInstanceOf(GitFetchError);
    const wrong = `${TOKEN}Wrong`;
    const failure = await fetchCommit(source, await scratch(), { token: wrong }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitFetchError);
    // Refused, not unreachable: a job spends its attempts on it rather than waiting.
    expect(failure).not.toBeInstanceOf(GitHostUnavailableError);
    const text = `${String(failure)} ${(failure as Error).stack}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(Buffer.from(`x-access-token:${wrong}`).toString('base64'));
  });

  it('keeps the token out of simple-git debug logs', async () => {
    const into = await scratch();
    const module = path.join(REPO_ROOT, 'src/runner/git/fetch-commit.ts');
    const source = JSON.stringify({ url: lockedRepo.url, commit: lockedCommit });
    const script = `import(${JSON.stringify(module)}).then((m) => m.fetchCommit(${source}, ${JSON.stringify(into)}, { token: ${JSON.stringify(TOKEN)} }))`;
    const { stderr } = await run('node', ['--import', 'tsx', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, DEBUG: 'simple-git,simple-git:*' },
    });
    expect(stderr).toContain('git environment, not shown');
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toContain(BASIC);
    expect(await git(into, 'rev-parse', 'HEAD')).toBe(lockedCommit);
  });

  it('tells a commit the server does not have from a failure to reach it', async () => {
    const source = { url: lockedRepo.url, commit: MISSING };
    const missing = await fetchCommit(source, await scratch(), { token: TOKEN }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CommitNotFoundError);
    expect(String(missing)).not.toContain(TOKEN);
    const closed = `http://127.0.0.1:${await freePort()}/x.git`;
    await expect(fetchCommit({ url: closed, commit: first }, await scratch())).rejects.toBeInstanceOf(
      GitHostUnavailableError,
    );
  });

  it.each([
    'ext::sh -c touch% /tmp/pwned',
    'file:///etc',
    '/srv/git/hw1.git',
    '--upload-pack=touch /tmp/pwned',
    '-uupload',
    'ssh://git@github.com/org/hw1.git',
    'git@github.com:org/hw1.git',
    'http://github.com/org/hw1.git',
    'https://x-access-token:secret@github.com/org/hw1.git',
    'https://github.com/org/hw1.git\n--upload-pack=x',
  ])('refuses the URL %j', async (url) => {
    await expect(fetchCommit({ url, commit: MISSING }, await scratch())).rejects.toBeInstanceOf(
      InvalidGitSourceError,
    );
  });

  it('fetches over http:// from a host the operator named, and from no other', async () => {
    expect(checkRepositoryUrl('http://ghe.example:8080/org/hw1.git', ['ghe.example:8080']).host).toBe(
      'ghe.example:8080',
    );
    expect(checkRepositoryUrl('http://ghe.example/org/hw1.git', ['GHE.example']).hostname).toBe(
      'ghe.example',
    );
    expect(() => checkRepositoryUrl('http://other.example/org/hw1.git', ['ghe.example'])).toThrow(
      InvalidGitSourceError,
    );
    expect(() => checkRepositoryUrl('http://ghe.example:9/org/hw1.git', ['ghe.example:8080'])).toThrow(
      /GHE_PROTOCOL=http/,
    );
  });

  it.each([
    'main',
    'HEAD',
    MISSING.slice(0, 12),
    MISSING.toUpperCase(),
    `--${MISSING.slice(2)}`,
    `${MISSING}\n`,
  ])('refuses the commit %j', async (commit) => {
    await expect(fetchCommit({ url: repo.url, commit }, await scratch())).rejects.toBeInstanceOf(
      InvalidGitSourceError,
    );
  });

  it('gives up on a server that never answers within the bound, leaving no git behind', async () => {
    const silent = await startSilentServer();
    try {
      // The message is the bound's: git itself would wait on a silent server for minutes.
      const fetching = fetchCommit({ url: silent.url, commit: first }, await scratch(), { timeoutMs: 1500 });
      await expect(fetching).rejects.toBeInstanceOf(GitFetchError);
      await expect(fetching).rejects.toThrow(/within 1500 ms/);
      await expect.poll(() => processesMentioning(silent.url), { timeout: 5000 }).toEqual([]);
    } finally {
      await silent.close();
    }
  });
});

async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((line) => line.includes(text));
}

/** A port nothing listens on: one the kernel just handed out and took back. */
async function freePort(): Promise<number> {
  const silent = await startSilentServer();
  await silent.close();
  return Number(new URL(silent.url).port);
}
