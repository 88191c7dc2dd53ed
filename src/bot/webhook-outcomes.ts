/**
 * Counts every webhook by event and outcome (`gradebot_webhooks_total`). The outcome is the HTTP
 * answer Probot's middleware gave (a refused signature is a 4xx, a handler that threw a 5xx),
 * refined by what the handler noted about its delivery: a duplicate, or a push that concerned no
 * assignment.
 */
import type http from 'node:http';
import type { BotMetrics, WebhookOutcome } from '../metrics/bot-metrics.js';

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => unknown;

const MAX_NOTED = 1_000;

export class WebhookOutcomes {
  /** Outcomes noted by handlers, by delivery id, until the answer is sent. */
  private readonly noted = new Map<string, WebhookOutcome>();

  constructor(private readonly counter: BotMetrics['webhooks']) {}

  /** Called by a handler: this delivery was a duplicate, or ignored. */
  note(deliveryId: string, outcome: 'duplicate' | 'ignored'): void {
    // A handler that outlives Probot's answer (202 after its timeout) notes after the count: bounded.
    if (this.noted.size >= MAX_NOTED) this.noted.delete(this.noted.keys().next().value!);
    this.noted.set(deliveryId, outcome);
  }

  /** The webhook middleware, counting each delivery it answers. */
  counting<M extends Middleware>(middleware: M): M {
    return ((req, res, next) => {
      const event = header(req, 'x-github-event');
      const delivery = header(req, 'x-github-delivery');
      if (event !== null) {
        res.once('finish', () => {
          const noted = delivery === null ? undefined : this.noted.get(delivery);
          if (delivery !== null) this.noted.delete(delivery);
          this.counter.inc({ event, outcome: outcomeOf(res.statusCode, noted, req) });
        });
      }
      return middleware(req, res, next);
    }) as M;
  }
}

function outcomeOf(
  status: number,
  noted: WebhookOutcome | undefined,
  req: http.IncomingMessage,
): WebhookOutcome {
  if (status >= 500) return 'failed';
  const signed = header(req, 'x-hub-signature-256') !== null;
  if (status >= 400) return signed && (status === 400 || status === 401) ? 'bad_signature' : 'bad_request';
  return noted ?? 'handled';
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}
