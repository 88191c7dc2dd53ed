/**
 * `POST /runner/token`: a runner holding a job from the GitHub App asks for a token to fetch that
 * job's repository. The bot answers only a runner that knows the runner secret, only for a job that
 * is running now, and only with a token that can read that one repository's contents and expires
 * within the hour. Tokens are reused while they have a while to live.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { queueOfJobId } from '../jobs/job-id.js';
import { parseJobPayload } from '../jobs/job-payload.js';
import type { Logger } from '../log/logger.js';
import type { GradingQueues } from '../queue/grading-queues.js';
import { TOKEN_PATH } from '../jobs/runner-token-route.js';
import type { GitHubClients } from './github-clients.js';

const MAX_BODY_BYTES = 4096;
/** A cached token is handed out only while it has at least this long to live. */
const MIN_REMAINING_MS = 10 * 60 * 1000;

export class RunnerTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly options: { secret: string; clients: GitHubClients; queues: GradingQueues; log: Logger },
  ) {}

  /** Handles the request if it is for the token path; returns false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (new URL(req.url ?? '/', 'http://bot').pathname !== TOKEN_PATH) return false;
    if (req.method !== 'POST') return answer(res, 405, { error: 'use POST' });
    if (!this.authorised(req.headers.authorization))
      return answer(res, 401, { error: 'wrong runner secret' });
    const body = await readBody(req);
    const jobId = (body as { job?: unknown } | null)?.job;
    if (typeof jobId !== 'string') return answer(res, 400, { error: 'expected {"job": "<job id>"}' });
    const queue = queueOfJobId(jobId);
    const state = queue ? await this.options.queues.jobState(queue, jobId) : { state: 'unknown' };
    const parsed = parseJobPayload(state.payload);
    if (state.state !== 'active' || !parsed.ok || !parsed.payload.github) {
      return answer(res, 403, { error: `job ${jobId} is not a running GitHub job` });
    }
    const { org, repo, github } = parsed.payload;
    const token = await this.token(github.installation, org, repo);
    this.options.log.info('fetch token handed out', { job: jobId, repo: `${org}/${repo}` });
    return answer(res, 200, token);
  }

  private async token(installation: number, org: string, repo: string) {
    const key = `${installation}/${org}/${repo}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - Date.now() > MIN_REMAINING_MS) {
      return { token: cached.token, expires_at: new Date(cached.expiresAt).toISOString() };
    }
    const octokit = await this.options.clients.app();
    const { data } = await octokit.rest.apps.createInstallationAccessToken({
      installation_id: installation,
      repositories: [repo],
      permissions: { contents: 'read' },
    });
    this.cache.set(key, { token: data.token, expiresAt: Date.parse(data.expires_at) });
    return { token: data.token, expires_at: data.expires_at };
  }

  private authorised(header: string | undefined): boolean {
    const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
    // Hashing first makes the comparison constant-time whatever the lengths.
    const digest = (text: string) => createHash('sha256').update(text).digest();
    return timingSafeEqual(digest(given), digest(this.options.secret));
  }
}

function answer(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString());
  } catch {
    return null;
  }
}
