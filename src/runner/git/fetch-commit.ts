/**
 * Puts the files of one commit of a student's repository into a scratch folder: `git init`, a
 * depth-1 fetch of exactly that sha (servers speaking protocol v2 serve any sha they hold), and a
 * detached checkout. The URL and sha come from outside, and the token must never reach a file, a
 * log or an error message, so git runs with an environment we build from scratch.
 */
import { mkdir } from 'node:fs/promises';
import { inspect } from 'node:util';
import { simpleGit, type SimpleGit } from 'simple-git';
import { namedEnv } from '../../config/child-env.js';
import { InfrastructureFault, SubmissionFault } from '../../faults.js';
import { MAX_SUBMISSION_ENTRIES } from '../../archive/entry-limit.js';
import { gitWithPackLimit, PackTooLargeError } from './pack-limit.js';
import { checkTreeSize, TreeTooLargeError } from './tree-size.js';

export interface FetchCommitOptions {
  /** Sent as `Authorization: Basic x-access-token:<token>` (a GitHub installation token); default none. */
  token?: string;
  /** The whole fetch, checkout included, is killed after this long (default 60 000 ms). */
  timeoutMs?: number;
  /**
   * Hosts (`host` or `host:port`) an operator chose to reach over plain http:// (a GitHub Enterprise
   * Server with GHE_PROTOCOL=http, say); loopback always may be. Default none.
   */
  httpHosts?: readonly string[];
  /**
   * The commit's files (bytes, plus a header and the path for each) must fit in this before they
   * are checked out, else TreeTooLargeError (default 512 MiB). Pass the sandbox's writable space.
   * The download is bounded by it too: a pack larger than such files can need is cut off as it
   * arrives, a PackTooLargeError (pack-limit.ts).
   */
  maxTreeBytes?: number;
  /** More files and folders than this is a TreeTooLargeError, before checkout (default MAX_SUBMISSION_ENTRIES). */
  maxTreeEntries?: number;
}

/** The URL or sha cannot be fetched safely, or at all: a bad job, never retried. */
export class InvalidGitSourceError extends SubmissionFault {
  override name = 'InvalidGitSourceError';
  override readonly counts = false;
}

/** Network, authentication or server failure (or the time ran out): retry later. */
export class GitFetchError extends InfrastructureFault {
  override name = 'GitFetchError';
}

/**
 * The git server cannot be reached at all, or answers only with server errors (a GitHub incident,
 * a network outage): nothing to do with the job, and no attempt is spent on it. The job waits,
 * however long the outage, instead of failing every push made during it.
 */
export class GitHostUnavailableError extends GitFetchError {
  override name = 'GitHostUnavailableError';
  override readonly spendsAttempt = false;
  override readonly waitNote = 'the git server cannot be reached; the job waits for it';
}

/**
 * What git and curl say when the host is not there or is failing: no name, no connection, a reset,
 * a 5xx. An authentication failure (401, 403) or a missing repository (404) is not among them.
 */
const HOST_UNAVAILABLE = [
  /Could not resolve host/i,
  /Failed to connect to/i,
  /Connection refused/i,
  /Couldn't connect to server/i,
  /Connection reset by peer/i,
  /Connection timed out/i,
  /The requested URL returned error: 5\d\d/,
  /RPC failed; HTTP 5\d\d/,
];

/** The server answered, but does not have that commit: retrying will not help. */
export class CommitNotFoundError extends SubmissionFault {
  override name = 'CommitNotFoundError';
  override readonly counts = false;
  constructor(
    readonly commit: string,
    readonly url: string,
  ) {
    super(`commit ${commit} is not in ${url}`);
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_TREE_BYTES = 512 * 1024 * 1024;
const SHA = /^[0-9a-f]{40}$/;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
// What git may still need from the host: where programs are, temp space, proxies, CA certificates.
const PASSED_ENV = ['PATH', 'HOME', 'TMPDIR', 'SSL_CERT_FILE', 'SSL_CERT_DIR'].concat(
  ...['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'].map((name) => [name, name.toUpperCase()]),
);

export async function fetchCommit(
  source: { url: string; commit: string },
  into: string,
  options: FetchCommitOptions = {},
): Promise<void> {
  const url = checkRepositoryUrl(source.url, options.httpHosts);
  const commit = source.commit;
  if (!SHA.test(commit))
    throw new InvalidGitSourceError(
      `not a full lowercase commit sha: ${JSON.stringify(commit.slice(0, 80))}`,
    );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = options.token ? [options.token, basicCredentials(options.token)] : [];
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await mkdir(into, { recursive: true });
    const env = gitEnvironment(url, timeoutMs);
    const git = gitIn(into, env, abort.signal);
    await git.raw(['init', '--quiet']);
    const maxTreeBytes = options.maxTreeBytes ?? DEFAULT_MAX_TREE_BYTES;
    const once = ['--quiet', '--depth=1', '--no-tags', '--no-recurse-submodules', '--no-write-fetch-head'];
    // Only the fetch sees the header, so no later command could ever hand it to anything else.
    await gitWithPackLimit(
      into,
      ['fetch', ...once, '--', url.href, commit],
      gitEnvironment(url, timeoutMs, options.token),
      maxTreeBytes,
      abort.signal,
    );
    const limits = { maxBytes: maxTreeBytes, maxEntries: options.maxTreeEntries ?? MAX_SUBMISSION_ENTRIES };
    await checkTreeSize(into, commit, env, limits, abort.signal);
    await git.raw(['checkout', '--quiet', '--detach', commit]);
    const head = (await git.raw(['rev-parse', '--verify', 'HEAD'])).trim();
    if (head !== commit) throw new GitFetchError(`checked out ${head} instead of ${commit}`);
  } catch (error) {
    const refused = [GitFetchError, TreeTooLargeError, PackTooLargeError];
    if (refused.some((kind) => error instanceof kind)) throw error;
    if (abort.signal.aborted) throw new GitFetchError(`git did not finish within ${timeoutMs} ms`);
    const text = scrub(error instanceof Error ? error.message : String(error), secrets);
    if (text.includes(`not our ref ${commit}`) || text.includes(`couldn't find remote ref ${commit}`))
      throw new CommitNotFoundError(commit, url.href);
    const message = `could not fetch ${commit} from ${url.href}: ${text}`;
    if (HOST_UNAVAILABLE.some((pattern) => pattern.test(text))) throw new GitHostUnavailableError(message);
    throw new GitFetchError(message);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses a repository URL, refusing anything git would treat as an option, a command or a local path. */
export function checkRepositoryUrl(raw: string, httpHosts: readonly string[] = []): URL {
  if (raw.startsWith('-')) throw new InvalidGitSourceError(`a repository URL cannot start with "-"`);
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw))
    throw new InvalidGitSourceError(`a repository URL cannot hold spaces or control characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidGitSourceError(`not a repository URL: ${raw}`);
  }
  const allowed = url.protocol === 'https:' || url.protocol === 'git:' || url.protocol === 'http:';
  if (!allowed)
    throw new InvalidGitSourceError(
      `only https://, http:// and git:// repositories are fetched, not ${url.protocol}`,
    );
  // Plain HTTP would show the token to everyone on the way; on this machine there is no one, and
  // elsewhere only where the operator said so.
  const chosen = httpHosts.some(
    (host) => host.toLowerCase() === url.host || host.toLowerCase() === url.hostname,
  );
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !chosen)
    throw new InvalidGitSourceError(
      `http:// is only allowed to this machine, or to the GitHub Enterprise host when GHE_PROTOCOL=http: ${url.href}`,
    );
  if (url.username || url.password)
    throw new InvalidGitSourceError(`credentials go in the token option, never in the URL`);
  return url;
}

function gitIn(dir: string, env: Record<string, string>, signal: AbortSignal): SimpleGit {
  // Each of these is a setting we choose, never input; simple-git blocks them unless told so.
  const unsafe = {
    allowUnsafeConfigEnvCount: true,
    allowUnsafeConfigPaths: true,
    allowUnsafeCredentialHelper: true,
    allowUnsafeHooksPath: true,
    allowUnsafeProtocolOverride: true,
  };
  return simpleGit({ baseDir: dir, abort: signal, unsafe }).env(env);
}

function gitEnvironment(url: URL, timeoutMs: number, token?: string): Record<string, string> {
  const config: [string, string][] = [
    // An empty helper clears any list, so a 401 fails at once instead of asking anyone.
    ['credential.helper', ''],
    ['core.hooksPath', '/dev/null'],
    // Only the scheme we checked: no ext::, file:// or other transports via redirects or submodules.
    ['protocol.allow', 'never'],
    [`protocol.${url.protocol.slice(0, -1)}.allow`, 'always'],
    // A redirect to another host must not take the header along.
    ['http.followRedirects', 'false'],
    // On timeout simple-git can only kill git itself, which leaves its HTTP helper (git-remote-https)
    // running; this makes a helper whose server stayed silent for the whole time give up by itself.
    ['http.lowSpeedLimit', '1'],
    ['http.lowSpeedTime', String(Math.ceil(timeoutMs / 1000))],
    ['advice.detachedHead', 'false'],
  ];
  if (token) config.push(['http.extraHeader', `Authorization: Basic ${basicCredentials(token)}`]);
  const env = namedEnv(PASSED_ENV);
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    // git's messages in English, which is what the error classification reads.
    LC_ALL: 'C',
    GIT_CONFIG_COUNT: String(config.length),
  });
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  // simple-git prints spawn options, environment included, when DEBUG=simple-git is set.
  Object.defineProperty(env, inspect.custom, { value: () => '[git environment, not shown]' });
  return env;
}

function basicCredentials(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString('base64');
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join('***'), text).trim();
}
