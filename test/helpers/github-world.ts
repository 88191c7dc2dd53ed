/**
 * A small GitHub for end-to-end tests and benchmarks: the fake GitHub's REST API (as GitHub
 * Enterprise Server lays it out, under `/api/v3`) with just enough memory to behave like the real
 * one for gradebot: installation tokens (scoped ones open only their repository over git), check
 * runs kept per commit, repository tarballs and head commits, pull requests, the App's one
 * installation and its repositories with their `pushed_at` and pushes (activity); and git smart HTTP at
 * the same address for the repositories. Every request is still checked against GitHub's REST
 * description by the fake.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { appPrivateKey } from './app-key.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { serveDeliveryLog, type DeliveryLog } from './fake-deliveries.js';
import { startGitServer, type GitServer, type TestRepo } from './git-server.js';

export { signedWebhook } from './signed-webhook.js';

export interface CheckRun {
  id: number;
  repo: string;
  head_sha: string;
  name: string;
  external_id?: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
  /** Every body written to it, in order. */
  writes: Record<string, unknown>[];
}

export interface GitHubWorld {
  github: FakeGitHub;
  git: GitServer;
  org: string;
  installation: number;
  /** Environment for `gradebot serve` to use this GitHub (no secrets of the bot's own). */
  appEnv: Record<string, string>;
  checkRuns: CheckRun[];
  /** Scoped tokens handed out, with what they were scoped to. */
  tokens: { token: string; repositories?: string[]; permissions?: Record<string, string> }[];
  comments: { pull: number; body: string; edits: number }[];
  /** Open pull requests by head commit. */
  pulls: Map<string, number>;
  /** When each repository was last pushed to, as `pushed_at` says; a test may set it. */
  pushedAt: Map<string, Date>;
  /**
   * Each repository's pushes to `main`, newest first, as its activity lists them; a test may change
   * their times, or remove them (as GitHub forgets old activity).
   */
  activity: Map<string, Push[]>;
  /** Webhooks sent through GitHub, with their outcomes; the App's delivery log. */
  deliveries: DeliveryLog;
  repo(name: string): Promise<TestRepo>;
  close(): Promise<void>;
}

export interface Push {
  before: string;
  after: string;
  timestamp: Date;
}

const ORG = 'cs101';

type Definition = { name: string; examples: Record<string, unknown>[] };
const INSTALLATION = 4242;

/** @param options.host where the fake GitHub listens (default 127.0.0.1) */
export async function startGitHubWorld(options: { host?: string } = {}): Promise<GitHubWorld> {
  const tokens: GitHubWorld['tokens'] = [];
  const git = await startGitServer({
    token: (password, repoPath) =>
      tokens.some(
        (t) => t.token === password && t.repositories?.some((r) => repoPath === `/${ORG}/${r}.git`),
      ),
  });
  const github = await startFakeGitHub({ apiPrefix: '/api/v3', gitOrigin: git.url, ...options });
  const repos = new Map<string, TestRepo>();
  const checkRuns: CheckRun[] = [];
  /** A check run's page, as GitHub's `html_url` gives it. */
  const runUrl = (repo: string, id: number) => `${github.url}/${ORG}/${repo}/runs/${id}`;
  const comments: GitHubWorld['comments'] = [];
  const pulls = new Map<string, number>();
  const pushedAt = new Map<string, Date>();
  const activity = new Map<string, Push[]>();
  const privateKey = appPrivateKey();

  const any = 'any' as const;
  github.expect({
    method: 'POST',
    path: '/app/installations/:id/access_tokens',
    times: any,
    respond: ({ body }) => {
      const scope = (body ?? {}) as { repositories?: string[]; permissions?: Record<string, string> };
      const token = `ghs_${randomUUID().replace(/-/g, '')}`;
      tokens.push({ token, ...scope });
      const expires_at = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      return { status: 201, json: { token, expires_at, permissions: scope.permissions ?? {} } };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/commits/HEAD',
    times: any,
    respond: async ({ params }) => {
      const repo = repos.get(params.repo!);
      if (!repo) return { status: 404, json: { message: 'Not Found' } };
      return {
        raw: Buffer.from(await repo.head()),
        contentType: 'application/vnd.github.sha; charset=utf-8',
      };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/tarball/:ref',
    times: any,
    respond: async ({ params }) => {
      const repo = repos.get(params.repo!);
      if (!repo) return { status: 404, json: { message: 'Not Found' } };
      return { raw: await repo.archive(params.ref!), contentType: 'application/x-gzip' };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/commits/:sha/check-runs',
    times: any,
    respond: ({ params, query }) => {
      const runs = checkRuns.filter(
        (r) => r.repo === params.repo && r.head_sha === params.sha && r.name === query.get('check_name'),
      );
      return { json: { total_count: runs.length, check_runs: runs.map(({ writes: _, ...run }) => run) } };
    },
  });
  github.expect({
    method: 'POST',
    path: '/repos/:owner/:repo/check-runs',
    times: any,
    respond: ({ params, body }) => {
      const fields = body as Record<string, unknown>;
      const run = { id: checkRuns.length + 1, repo: params.repo!, writes: [fields], ...fields } as CheckRun;
      checkRuns.push(run);
      return { status: 201, json: { id: run.id, html_url: runUrl(params.repo!, run.id) } };
    },
  });
  github.expect({
    method: 'PATCH',
    path: '/repos/:owner/:repo/check-runs/:id',
    times: any,
    respond: ({ params, body }) => {
      const run = checkRuns.find((r) => r.id === Number(params.id));
      if (!run) return { status: 404, json: { message: 'Not Found' } };
      Object.assign(run, body);
      run.writes.push(body as Record<string, unknown>);
      return { json: { id: run.id, html_url: runUrl(params.repo!, run.id) } };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/commits/:sha/pulls',
    times: any,
    respond: ({ params }) => {
      const number = pulls.get(params.sha!);
      return { json: number ? [{ number, state: 'open', head: { sha: params.sha } }] : [] };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/issues/:number/comments',
    times: any,
    respond: ({ params }) => ({
      // A comment's id is its place among all comments, as the PATCH below finds it.
      json: comments
        .map((c, i) => ({ id: i + 1, pull: c.pull, body: c.body }))
        .filter((c) => c.pull === Number(params.number))
        .map(({ id, body }) => ({ id, body })),
    }),
  });
  github.expect({
    method: 'POST',
    path: '/repos/:owner/:repo/issues/:number/comments',
    times: any,
    respond: ({ params, body }) => {
      comments.push({ pull: Number(params.number), body: (body as { body: string }).body, edits: 0 });
      return { status: 201, json: { id: comments.length } };
    },
  });

  github.expect({
    method: 'PATCH',
    path: '/repos/:owner/:repo/issues/comments/:id',
    times: any,
    respond: ({ params, body }) => {
      const comment = comments[Number(params.id) - 1];
      if (!comment) return { status: 404, json: { message: 'Not Found' } };
      comment.body = (body as { body: string }).body;
      comment.edits += 1;
      return { json: { id: Number(params.id) } };
    },
  });
  /** A repository as GitHub describes it, with when it was last pushed to (null: never). */
  const repository = (name: string, i: number) => ({
    id: i + 1,
    name,
    full_name: `${ORG}/${name}`,
    private: true,
    owner: { login: ORG, id: 1, type: 'Organization' },
    default_branch: 'main',
    clone_url: `${github.url}/${ORG}/${name}.git`,
    pushed_at:
      pushedAt
        .get(name)
        ?.toISOString()
        .replace(/\.\d+Z$/, 'Z') ?? null,
  });
  github.expect({
    method: 'GET',
    path: '/installation/repositories',
    times: any,
    respond: () => ({
      json: { total_count: repos.size, repositories: [...repos.keys()].map(repository) },
    }),
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo',
    times: any,
    respond: ({ params }) => {
      const index = [...repos.keys()].indexOf(params.repo!);
      if (index < 0) return { status: 404, json: { message: 'Not Found' } };
      return { json: repository(params.repo!, index) };
    },
  });
  github.expect({
    method: 'GET',
    path: '/repos/:owner/:repo/activity',
    times: any,
    respond: ({ params, query }) => {
      if (!repos.has(params.repo!)) return { status: 404, json: { message: 'Not Found' } };
      const ref = query.get('ref') ?? 'refs/heads/main';
      const pushes = ref === 'main' || ref === 'refs/heads/main' ? (activity.get(params.repo!) ?? []) : [];
      return {
        json: pushes.map((push, i) => ({
          id: i + 1,
          node_id: `A_${i + 1}`,
          before: push.before,
          after: push.after,
          ref: 'refs/heads/main',
          timestamp: push.timestamp.toISOString().replace(/\.\d+Z$/, 'Z'),
          activity_type: 'push',
          actor: null,
        })),
      };
    },
  });
  github.expect({
    method: 'GET',
    path: '/app/installations',
    times: any,
    respond: () => ({
      json: [
        {
          id: INSTALLATION,
          account: { login: ORG, id: 1, type: 'Organization' },
          app_id: 1,
          target_type: 'Organization',
          suspended_at: null,
        },
      ],
    }),
  });

  const deliveries = serveDeliveryLog(github, { apiUrl: `${github.url}/api/v3` });
  const host = new URL(github.url).host;
  return {
    github,
    git,
    org: ORG,
    installation: INSTALLATION,
    appEnv: { APP_ID: '1', PRIVATE_KEY: privateKey, GHE_HOST: host, GHE_PROTOCOL: 'http' },
    checkRuns,
    tokens,
    comments,
    pulls,
    deliveries,
    async repo(name) {
      const created = await git.createRepo(`${ORG}/${name}`);
      // Like GitHub, a push moves the repository's `pushed_at`.
      const tracked: TestRepo = {
        ...created,
        commit: async (files) => {
          const pushes = activity.get(name) ?? [];
          const sha = await created.commit(files);
          const at = new Date();
          pushedAt.set(name, at);
          activity.set(name, [
            { before: pushes[0]?.after ?? '0'.repeat(40), after: sha, timestamp: at },
            ...pushes,
          ]);
          return sha;
        },
      };
      repos.set(name, tracked);
      return tracked;
    },
    pushedAt,
    activity,
    async close() {
      await deliveries.settled();
      await github.close();
      await git.close();
    },
  };
}

/** One of GitHub's own example payloads (`@octokit/webhooks-examples`), deep-copied. */
export function examplePayload(event: string, matches: (payload: Record<string, unknown>) => boolean) {
  const found = (createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[])
    .find((e) => e.name === event)
    ?.examples.find(matches);
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The repository part of a payload, made to name `org/repo` in this world. */
function ours(world: GitHubWorld, repository: Record<string, unknown>, repo: string) {
  return {
    ...repository,
    name: repo,
    full_name: `${world.org}/${repo}`,
    owner: { ...(repository.owner as object), login: world.org, type: 'Organization' },
    default_branch: 'main',
    clone_url: `${world.github.url}/${world.org}/${repo}.git`,
  };
}

/** GitHub's example push to the default branch, adapted: `sha` pushed to `org/repo` by a user. */
export function pushPayload(world: GitHubWorld, repo: string, sha: string) {
  const payload = examplePayload(
    'push',
    (p) => p.ref === 'refs/heads/master' && p.installation !== undefined,
  );
  return {
    ...payload,
    ref: 'refs/heads/main',
    after: sha,
    deleted: false,
    repository: { ...ours(world, payload.repository, repo), pushed_at: Math.floor(Date.now() / 1000) },
    installation: { ...payload.installation, id: world.installation },
  };
}

/** GitHub's example of the re-run button on a check run, adapted to one of ours. */
export function rerunPayload(world: GitHubWorld, repo: string, run: CheckRun) {
  const payload = examplePayload('check_run', (p) => p.action === 'rerequested');
  return {
    ...payload,
    check_run: {
      ...payload.check_run,
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      external_id: run.external_id,
    },
    repository: ours(world, payload.repository, repo),
    organization: { ...payload.organization, login: world.org },
    installation: { ...payload.installation, id: world.installation },
  };
}

/** GitHub's example of a pull request moving to a new head, adapted: `pull` in `org/repo` now at `sha`. */
export function pullRequestPayload(world: GitHubWorld, repo: string, pull: number, sha: string) {
  const payload = examplePayload('pull_request', (p) => p.action === 'synchronize');
  return {
    ...payload,
    number: pull,
    pull_request: {
      ...payload.pull_request,
      number: pull,
      state: 'open',
      head: { ...payload.pull_request.head, sha },
    },
    repository: ours(world, payload.repository, repo),
    installation: { ...payload.installation, id: world.installation },
  };
}

/** GitHub's example of the App being installed, adapted to this world's organisation. */
export function installationPayload(world: GitHubWorld) {
  const payload = examplePayload('installation', (p) => p.action === 'created');
  return {
    ...payload,
    installation: {
      ...payload.installation,
      id: world.installation,
      account: { ...payload.installation.account, login: world.org, type: 'Organization' },
    },
  };
}

/** GitHub's example of "Re-run all checks" on a commit, adapted to `org/repo` at `sha`. */
export function rerunSuitePayload(world: GitHubWorld, repo: string, sha: string) {
  const payload = examplePayload('check_suite', (p) => p.action === 'rerequested');
  return {
    ...payload,
    check_suite: { ...payload.check_suite, head_sha: sha },
    repository: ours(world, payload.repository, repo),
    installation: { ...payload.installation, id: world.installation },
  };
}

/**
 * GitHub's example of a comment being created, adapted: `body` by `login` (a `Bot` when `bot`) on
 * pull request `pull` of `org/repo`, as comment `id` made at `at`.
 */
export function pullCommentPayload(
  world: GitHubWorld,
  repo: string,
  comment: { pull: number; id: number; body: string; login: string; at: Date; bot?: boolean },
) {
  const payload = examplePayload(
    'issue_comment',
    (p) => p.action === 'created' && p.installation !== undefined,
  );
  const user = { ...payload.sender, login: comment.login, type: comment.bot ? 'Bot' : 'User' };
  return {
    ...payload,
    issue: {
      ...payload.issue,
      number: comment.pull,
      pull_request: {
        url: `${world.github.url}/repos/${world.org}/${repo}/pulls/${comment.pull}`,
        html_url: '',
        diff_url: '',
        patch_url: '',
        merged_at: null,
      },
    },
    comment: {
      ...payload.comment,
      id: comment.id,
      body: comment.body,
      user,
      created_at: comment.at.toISOString(),
    },
    sender: user,
    repository: ours(world, payload.repository, repo),
    organization: { ...payload.organization, login: world.org },
    installation: { ...payload.installation, id: world.installation },
  };
}
