/**
 * GitHub never retries a webhook that failed (the bot was down, restarting, or answered 5xx), so
 * the bot does, as GitHub documents for Apps: on start and every `intervalSeconds` it reads its
 * App's delivery log (`GET /app/hook/deliveries`, authenticated as the App with its JWT), and asks
 * for every event that failed and never succeeded since to be delivered again
 * (`POST /app/hook/deliveries/{id}/attempts`). A redelivery keeps the event's `X-GitHub-Delivery`,
 * so the delivery dedupe keeps a push from being graded twice.
 *
 * What was asked for is kept in the `RedeliveryBook` (Redis), so bot replicas and restarts do not
 * ask twice: a hold per event (for an interval and at least a minute) and an attempt count; after
 * `maxAttempts` the event is left alone with one warning naming it.
 */
import type { ProbotOctokit } from 'probot';
import type { Logger } from '../log/logger.js';
import { REDELIVERY_WINDOW_MS } from '../jobs/redelivery-window.js';
import type { RedeliveryBook } from '../store/redelivery-book.js';
import {
  deliveredAt,
  deliveryPageSchema,
  planRetries,
  unrecoveredDeliveries,
  type Delivery,
} from './failed-deliveries.js';

export interface RedeliveryOptions {
  /** An Octokit authenticated as the App (JWT), with Octokit's throttling and retries. */
  app: () => Promise<ProbotOctokit>;
  /** What was asked for, shared by every bot (`Stores.redeliveries`). */
  book: RedeliveryBook;
  log: Logger;
  /** Seconds between passes, counted from the end of one (default 300); 0 runs no pass at all. */
  intervalSeconds: number;
  /** Asks for one event at most this many times (default 5). */
  maxAttempts?: number;
  /**
   * After asking for an event, no bot asks for it again for this long, however its redelivery went
   * (default: the interval, at least 60 s): GitHub redelivers within seconds.
   */
  holdSeconds?: number;
  /** The clock that judges GitHub's 3-day window (default: the system's). */
  now?: () => Date;
}

export interface PassCounts {
  pages: number;
  listed: number;
  failed: number;
  redelivered: number;
  /** Asked for recently by this or another bot: left to that request. */
  held: number;
  givenUp: number;
  errors: number;
}

/** A bound on one pass: 100 pages of 100 deliveries, far more than 3 days of a course's pushes. */
const MAX_PAGES = 100;
/** No request of a pass waits longer than this for GitHub, so a hung connection cannot stop the loop. */
const REQUEST_TIMEOUT_MS = 60_000;
const WINDOW_SECONDS = REDELIVERY_WINDOW_MS / 1000;

export class Redelivery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly abort = new AbortController();
  private readonly maxAttempts: number;
  private readonly holdSeconds: number;
  private readonly now: () => Date;
  private readonly book: RedeliveryBook;

  constructor(private readonly options: RedeliveryOptions) {
    this.book = options.book;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.holdSeconds = options.holdSeconds ?? Math.max(options.intervalSeconds, 60);
    this.now = options.now ?? (() => new Date());
  }

  /** Runs a pass now, then one every interval until `close()`. */
  start(): void {
    if (this.options.intervalSeconds <= 0 || this.abort.signal.aborted) return;
    this.running = this.pass()
      .catch((error: unknown) => {
        if (!this.abort.signal.aborted)
          this.options.log.warn('redelivery pass failed; will try again', { reason: String(error) });
      })
      .finally(() => {
        this.running = null;
        if (this.abort.signal.aborted) return;
        this.timer = setTimeout(() => this.start(), this.options.intervalSeconds * 1000);
        this.timer.unref();
      });
  }

  /** One pass over the delivery log; logs one line with its counts. */
  async pass(): Promise<PassCounts> {
    const counts: PassCounts = {
      pages: 0,
      listed: 0,
      failed: 0,
      redelivered: 0,
      held: 0,
      givenUp: 0,
      errors: 0,
    };
    const now = this.now();
    const octokit = await this.options.app();
    const deliveries = await this.list(octokit, now, counts);
    const unrecovered = unrecoveredDeliveries(deliveries, now);
    counts.failed = unrecovered.length;
    const plan = planRetries(
      unrecovered,
      await this.book.attempts(unrecovered.map((d) => d.guid)),
      this.maxAttempts,
    );
    for (const delivery of plan.givenUp) {
      counts.givenUp += 1;
      await this.warnGivenUp(delivery);
    }
    for (const delivery of plan.redeliver) {
      if (this.abort.signal.aborted) break;
      const outcome = await this.redeliver(octokit, delivery);
      counts[outcome] += 1;
    }
    this.options.log.info('redelivery pass', { ...counts });
    return counts;
  }

  /** Stops the loop; a pass under way stops at its next request. Safe to call twice. */
  async close(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** The delivery log back to GitHub's window, newest first. */
  private async list(octokit: ProbotOctokit, now: Date, counts: PassCounts): Promise<Delivery[]> {
    const horizon = now.getTime() - REDELIVERY_WINDOW_MS;
    const deliveries: Delivery[] = [];
    let cursor: string | undefined;
    do {
      const response = await octokit.request('GET /app/hook/deliveries', {
        per_page: 100,
        ...(cursor ? { cursor } : {}),
        request: this.requestOptions(),
      });
      const page = deliveryPageSchema.safeParse(response.data);
      if (!page.success) throw new Error(`GitHub's delivery log is not as documented: ${page.error.message}`);
      counts.pages += 1;
      counts.listed += page.data.length;
      deliveries.push(...page.data);
      const oldest = page.data.at(-1);
      cursor = oldest && deliveredAt(oldest) > horizon ? nextCursor(response.headers.link) : undefined;
    } while (cursor && counts.pages < MAX_PAGES);
    return deliveries;
  }

  private async redeliver(
    octokit: ProbotOctokit,
    delivery: Delivery,
  ): Promise<'redelivered' | 'held' | 'errors'> {
    const { log } = this.options;
    if (!(await this.book.hold(delivery.guid, delivery.id, this.holdSeconds))) return 'held';
    await this.book.countAttempt(delivery.guid, WINDOW_SECONDS);
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
        delivery_id: delivery.id,
        request: this.requestOptions(),
      });
      log.debug('asked GitHub to redeliver a webhook', describe(delivery));
      return 'redelivered';
    } catch (error) {
      // The next pass may ask again; this attempt still counts towards giving up.
      await this.book.release(delivery.guid);
      if (!this.abort.signal.aborted)
        log.warn('GitHub refused to redeliver a webhook', { ...describe(delivery), reason: String(error) });
      return 'errors';
    }
  }

  private async warnGivenUp(delivery: Delivery): Promise<void> {
    if (!(await this.book.giveUp(delivery.guid, WINDOW_SECONDS))) return;
    this.options.log.warn(
      `gave up redelivering a webhook after ${this.maxAttempts} attempts; redeliver it from the App's settings once the bot is fixed`,
      describe(delivery),
    );
  }

  /**
   * Octokit's throttling still spaces writes and honours Retry-After, but its retries are off: the
   * next pass is the retry, and `close()` need not wait out a backoff.
   */
  private requestOptions() {
    return {
      signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      retries: 0,
    };
  }
}

/** The `cursor` of the Link header's next page, if there is one. */
export function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const url = next?.match(/<([^>]+)>/)?.[1];
  if (!url) return undefined;
  return new URL(url).searchParams.get('cursor')?.slice(0, 200) || undefined;
}

function describe(delivery: Delivery) {
  return {
    delivery: delivery.id,
    guid: delivery.guid,
    event: delivery.action ? `${delivery.event}.${delivery.action}` : delivery.event,
    deliveredAt: delivery.delivered_at,
    statusCode: delivery.status_code,
  };
}
