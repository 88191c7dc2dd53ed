/**
 * Times and counts every request of an installation's Octokit that writes to GitHub (any method
 * but GET and HEAD), by kind: `gradebot_github_writes_total` and `gradebot_github_write_seconds`.
 * Wrapped around the whole request, so the time includes throttling's spacing and its retries. And
 * the rate-limit answers GitHub gives, counted in throttling's own handlers (Probot's, which wait
 * and retry): `gradebot_github_rate_limited_total`.
 */
import type { ProbotOctokit } from 'probot';
import type { BotMetrics, GitHubWriteOutcome } from '../metrics/bot-metrics.js';

export type GitHubWriteMetrics = Pick<BotMetrics, 'githubWrites' | 'githubWriteSeconds'>;

type Handler = ((...args: unknown[]) => unknown) | undefined;
type ThrottleOptions = { onRateLimit?: Handler; onSecondaryRateLimit?: Handler };

/**
 * The Octokit class with throttling's rate-limit handlers counted: they are set by Probot when it
 * makes each client, so they are wrapped in the options the client is finally made with.
 */
export function countingRateLimits(
  Octokit: typeof ProbotOctokit,
  rateLimited: BotMetrics['githubRateLimited'],
): typeof ProbotOctokit {
  const counted =
    (limit: 'primary' | 'secondary', handler: Handler) =>
    (...args: unknown[]) => {
      rateLimited.inc({ limit });
      return handler?.(...args);
    };
  return Octokit.defaults((options: { throttle?: ThrottleOptions }) => {
    const { throttle } = options;
    if (!throttle) return options;
    return {
      ...options,
      throttle: {
        ...throttle,
        onRateLimit: counted('primary', throttle.onRateLimit),
        onSecondaryRateLimit: counted('secondary', throttle.onSecondaryRateLimit),
      },
    };
  }) as typeof ProbotOctokit;
}

export function countWrites(
  octokit: ProbotOctokit,
  metrics: GitHubWriteMetrics,
  now = Date.now,
): ProbotOctokit {
  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method).toUpperCase();
    if (method === 'GET' || method === 'HEAD') return request(options);
    const kind = kindOf(String(options.url));
    const started = now();
    let outcome: GitHubWriteOutcome = 'ok';
    try {
      return await request(options);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      outcome = typeof status === 'number' && status >= 400 && status < 500 ? 'client_error' : 'server_error';
      throw error;
    } finally {
      metrics.githubWrites.inc({ kind, outcome });
      metrics.githubWriteSeconds.observe({ kind }, (now() - started) / 1000);
    }
  });
  return octokit;
}

/** What a write is about, from its route (`/repos/{owner}/{repo}/check-runs/{check_run_id}`). */
function kindOf(url: string): string {
  if (url.includes('/check-runs')) return 'check_run';
  if (url.includes('/comments')) return 'comment';
  if (url.includes('/statuses')) return 'status';
  return 'other';
}
