/**
 * `gradebot health`: a container health check that needs no curl in the image. Exit status 0 when
 * healthy and 1 when not, as Docker's HEALTHCHECK reads it, with one line saying why.
 *
 * - bot (the default): GET the bot's `/healthz` (default `http://127.0.0.1:$PORT/healthz`, PORT 3000),
 *   which answers 200 while the bot reaches Redis.
 * - `--runner`: a runner daemon of this container is alive, that is, Redis holds a heartbeat (they
 *   lapse 15 s after the last one) written from this hostname by a process that exists here. That
 *   also fails while Redis is unreachable, as the bot's check does: neither can work then.
 */
import os from 'node:os';
import { localBotPort } from '../config/cli-settings.js';
import { redisUrl } from '../config/redis-url.js';
import { connectProducer, ready } from '../queue/redis-connection.js';
import { openStores } from '../store/open-stores.js';
import type { RunnerState } from '../store/runner-registry.js';
import { DEFAULT_PREFIX, type QueueOptions } from './queue-options.js';
import type { Terminal } from './terminal.js';

export interface HealthCommandOptions extends QueueOptions {
  /** The bot's health URL (default `http://127.0.0.1:$PORT/healthz`, PORT 3000). */
  url?: string;
  /** Check a runner daemon's heartbeat instead of the bot (default false). */
  runner?: boolean;
  /** Seconds the whole check may take (default 5). */
  timeout?: string;
}

interface Verdict {
  healthy: boolean;
  message: string;
}

export async function runHealth(options: HealthCommandOptions, terminal: Terminal): Promise<number> {
  const seconds = Number(options.timeout ?? '5');
  if (!(seconds > 0)) {
    terminal.err(`gradebot health: --timeout: expected a positive number of seconds, got ${options.timeout}`);
    return 2;
  }
  if (options.runner && options.url !== undefined) {
    terminal.err('gradebot health: --url checks the bot and --runner a runner; give one of them');
    return 2;
  }
  const verdict = options.runner
    ? await checkRunner(redisUrl(options.redis), options.prefix ?? DEFAULT_PREFIX, seconds * 1000)
    : await checkUrl(options.url ?? defaultUrl(), seconds * 1000);
  if (verdict.healthy) terminal.out(`healthy: ${verdict.message}`);
  else terminal.err(`unhealthy: ${verdict.message}`);
  return verdict.healthy ? 0 : 1;
}

function defaultUrl(): string {
  return `http://127.0.0.1:${localBotPort()}/healthz`;
}

async function checkUrl(url: string, timeoutMs: number): Promise<Verdict> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body = (await response.text()).trim().slice(0, 200);
    const said = `${url} answered ${response.status}${body ? `: ${body}` : ''}`;
    return { healthy: response.ok, message: said };
  } catch (error) {
    return { healthy: false, message: `${url}: ${reason(error)}` };
  }
}

async function checkRunner(url: string, prefix: string, timeoutMs: number): Promise<Verdict> {
  const redis = connectProducer(url);
  // A connection refused is retried by ioredis until `ready` gives up; the error events say nothing more.
  redis.on('error', () => undefined);
  try {
    await ready(redis, url, timeoutMs);
    const mine = ownHeartbeats(await openStores(redis, prefix).runners.live(), os.hostname(), processExists);
    if (mine.length === 0) {
      return {
        healthy: false,
        message: `no runner heartbeat from ${os.hostname()} under prefix ${prefix} in the last 15 s`,
      };
    }
    return { healthy: true, message: mine.map(describe).join('; ') };
  } catch (error) {
    return { healthy: false, message: reason(error) };
  } finally {
    redis.disconnect();
  }
}

/**
 * The heartbeats written by runner processes of this machine or container: same hostname, and a
 * process with that pid exists here. (Containers on the host's network share its hostname; the pid
 * check keeps another container's or the host's runners from passing for this one's.)
 */
export function ownHeartbeats(
  states: RunnerState[],
  hostname: string,
  exists: (pid: number) => boolean,
): RunnerState[] {
  return states.filter((state) => state.host === hostname && exists(state.pid));
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (a runner running as root, checked as gradebot).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(state: RunnerState): string {
  const doing = state.running.length > 0 ? `running ${state.running.length} job(s)` : 'idle';
  return `runner ${state.id} alive, ${state.draining ? 'draining, ' : ''}${doing}`;
}

function reason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
