/**
 * The fake GitHub's webhook deliveries, as GitHub keeps them for an App: tests send webhooks through
 * it (signed, to the App's webhook URL), and it records each attempt's outcome, the status code, or
 * 0 when the bot could not be reached. It serves the App's delivery log
 * (`GET /app/hook/deliveries`, newest first, `per_page` up to 100 and a `cursor` in the Link header)
 * and redelivery (`POST /app/hook/deliveries/:id/attempts`: 202, then the same event sent again
 * with the same `X-GitHub-Delivery`, recorded as a redelivery). Both want the App's JWT, as GitHub
 * does, and both pass the fake's check against GitHub's REST description.
 */
import { randomUUID } from 'node:crypto';
import type { FakeGitHub } from './fake-github.js';
import { signedWebhook } from './signed-webhook.js';

/** One attempt, with exactly the fields of GitHub's `hook-delivery-item`. */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
}

export interface DeliveryLog {
  /** Where and how GitHub delivers: the App's webhook URL and secret; null sends nowhere. */
  webhook: { url: string; secret: string } | null;
  /** Every attempt, oldest first. */
  attempts: DeliveryAttempt[];
  /** Delivers an event as GitHub would, and records the outcome. */
  send(event: string, payload: Record<string, unknown>): Promise<DeliveryAttempt>;
  /** Resolves once every redelivery asked for so far has been attempted. */
  settled(): Promise<void>;
}

interface Sent {
  event: string;
  body: Record<string, unknown>;
}

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;
/** GitHub gives up on an answer after 10 s. */
const TIMEOUT_MS = 10_000;

/**
 * Adds the delivery log to a fake GitHub.
 * @param options.apiUrl the API root that next-page links name
 * @param options.now the clock that stamps deliveries (default: the system's)
 */
export function serveDeliveryLog(
  github: FakeGitHub,
  options: { apiUrl: string; now?: () => Date },
): DeliveryLog {
  const now = options.now ?? (() => new Date());
  const sent = new Map<number, Sent>();
  const pending = new Set<Promise<unknown>>();
  let nextId = 1000;

  const log: DeliveryLog = {
    webhook: null,
    attempts: [],
    send: (event, payload) => attempt(event, payload, randomUUID(), false),
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };

  async function attempt(
    event: string,
    body: Record<string, unknown>,
    guid: string,
    redelivery: boolean,
  ): Promise<DeliveryAttempt> {
    const id = nextId++;
    sent.set(id, { event, body });
    const started = performance.now();
    const delivered_at = now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    let status_code = 0;
    let status = 'failed to connect';
    if (log.webhook) {
      const { headers, body: raw } = signedWebhook(event, body, log.webhook.secret, guid);
      try {
        const response = await fetch(log.webhook.url, {
          method: 'POST',
          headers,
          body: raw,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer();
        status_code = response.status;
        status = response.ok ? 'OK' : `Invalid HTTP Response: ${response.status}`;
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') status = 'timed out';
      }
    }
    const recorded: DeliveryAttempt = {
      id,
      guid,
      delivered_at,
      redelivery,
      duration: Number(((performance.now() - started) / 1000).toFixed(3)),
      status,
      status_code,
      event,
      action: typeof body.action === 'string' ? body.action : null,
      installation_id: idOf(body.installation),
      repository_id: idOf(body.repository),
    };
    log.attempts.push(recorded);
    return recorded;
  }

  github.expect({
    method: 'GET',
    path: '/app/hook/deliveries',
    times: 'any',
    respond: ({ query, headers: asked }) => {
      if (!isJwt(asked.authorization)) return unauthorized();
      const perPage = Number(query.get('per_page') ?? DEFAULT_PER_PAGE);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
        return { status: 422, json: { message: `per_page: 1 to ${MAX_PER_PAGE}` } };
      const cursor = query.get('cursor');
      const below = cursor === null ? Infinity : Number(cursor.replace(/^v1_/, ''));
      const newestFirst = [...log.attempts].sort((a, b) => b.id - a.id).filter((a) => a.id <= below);
      const page = newestFirst.slice(0, perPage);
      const next = newestFirst[perPage];
      const link = `<${options.apiUrl}/app/hook/deliveries?per_page=${perPage}&cursor=v1_${next?.id}>; rel="next"`;
      const headers: Record<string, string> = next ? { link } : {};
      return { json: page, headers };
    },
  });
  github.expect({
    method: 'POST',
    path: '/app/hook/deliveries/:id/attempts',
    times: 'any',
    respond: ({ params, headers }) => {
      if (!isJwt(headers.authorization)) return unauthorized();
      const original = log.attempts.find((a) => a.id === Number(params.id));
      const what = sent.get(Number(params.id));
      if (!original || !what) return { status: 404, json: { message: 'Not Found' } };
      // GitHub answers at once and delivers afterwards.
      const redelivered = attempt(what.event, what.body, original.guid, true);
      pending.add(redelivered);
      void redelivered.finally(() => pending.delete(redelivered));
      return { status: 202, json: {} };
    },
  });
  return log;
}

/** The App's own requests carry its JWT (`Bearer header.claims.signature`), not an installation token. */
function isJwt(authorization: string | undefined): boolean {
  return /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(authorization ?? '');
}

function unauthorized() {
  return { status: 401, json: { message: 'A JSON web token could not be decoded' } };
}

function idOf(value: unknown): number | null {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'number' ? id : null;
}
