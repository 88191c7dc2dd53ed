/**
 * Runners hold no GitHub credentials. For a job from the GitHub App they ask the bot, which holds
 * the App's key, for a token that reads the contents of that one repository and expires within the
 * hour; the bot hands one out only for a job that is running. The runner authenticates with the
 * runner secret it shares with the bot.
 */
import { InfrastructureFault } from '../../faults.js';
import { TOKEN_PATH } from '../../jobs/runner-token-route.js';
import type { GitTokenSource } from './workspace.js';

/** The bot refused the request: an infrastructure failure, retried later. */
export class TokenRequestError extends InfrastructureFault {
  override name = 'TokenRequestError';
}

/**
 * The bot could not answer now: it is restarting, or its Redis or GitHub is away (no answer, a 5xx
 * or a 429). Not the job's fault, and no attempt should be spent on it: the job waits for the bot.
 */
export class BotUnavailableError extends InfrastructureFault {
  override name = 'BotUnavailableError';
  override readonly spendsAttempt = false;
  override readonly waitNote = 'the bot cannot hand out a fetch token; the job waits for it';
}

export function botTokenSource(botUrl: string, runnerSecret: string): GitTokenSource {
  return async (payload, jobId) => {
    if (!payload.github) return undefined;
    const url = new URL(TOKEN_PATH, botUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${runnerSecret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ job: jobId }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new BotUnavailableError(
        `could not reach the bot at ${url.origin} for a fetch token: ${String(error)}`,
      );
    }
    const body = (await response.json().catch(() => null)) as { token?: unknown; error?: unknown } | null;
    if (!response.ok || typeof body?.token !== 'string') {
      const reason = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
      const Failure =
        response.status >= 500 || response.status === 429 ? BotUnavailableError : TokenRequestError;
      throw new Failure(`the bot gave no fetch token for job ${jobId}: ${reason}`);
    }
    return body.token;
  };
}

/** Without a bot to ask, a GitHub job cannot be fetched: say so instead of failing at git. */
export function noTokenSource(): GitTokenSource {
  return async (payload) => {
    if (!payload.github) return undefined;
    throw new TokenRequestError(
      'this job came from the GitHub App, but the runner has no bot to ask for a fetch token ' +
        '(set GRADEBOT_BOT_URL and GRADEBOT_RUNNER_SECRET)',
    );
  };
}
