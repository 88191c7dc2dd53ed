/**
 * Live scoreboards: every save of a result is announced; one subscription per bot
 * (`subscribeToResults`) hears them and tells the open pages of that board, as server-sent events,
 * to fetch the board again. A regrade saves hundreds of results a minute, so a board's pages are told at
 * most once per `intervalMs`, the last change always included. Comments keep idle streams open
 * through proxies.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../log/logger.js';
import { subscribeToResults, type ResultsSubscription } from '../../store/results-changes.js';
import type { ResultsChanged } from '../../store/results-store.js';
import { boardKey } from './board-cache.js';

export interface LiveUpdatesOptions {
  /** The subscriber opens its own connection. */
  redisUrl: string;
  prefix: string;
  log: Logger;
  /** Called for every announced save, before pages are told. */
  onChange(org: string, assignment: string): void;
  /** Called when the subscriber is back after losing Redis: saves may have gone unheard. */
  onReconnect(): void;
  /** Default 1 s. */
  intervalMs?: number;
  /** Default 25 s. */
  heartbeatMs?: number;
  /** Streams open at once, over all boards (default 2000); pages beyond fall back to polling. */
  maxStreams?: number;
}

export class LiveUpdates {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new Map<string, number>();
  private readonly subscription: ResultsSubscription;
  private readonly heartbeat: NodeJS.Timeout;
  private open = 0;
  private closed = false;

  constructor(private readonly options: LiveUpdatesOptions) {
    this.subscription = subscribeToResults(options.redisUrl, options.prefix, {
      onChange: (change) => this.changed(change),
      onReconnect: () => {
        options.onReconnect();
        this.broadcast('event: results\ndata: {}\n\n');
      },
      onError: (error) => options.log.debug('scoreboard subscriber: Redis error', { reason: error.message }),
    });
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), options.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
  }

  /** Resolves once saves are being heard. */
  async start(): Promise<void> {
    await this.subscription.start();
  }

  /** Answers the request with an event stream for the board. */
  stream(org: string, assignment: string, res: ServerResponse): void {
    if (this.closed || this.open >= (this.options.maxStreams ?? 2000)) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '60' }).end('too many live pages\n');
      return;
    }
    const key = boardKey(org, assignment);
    const set = this.streams.get(key) ?? new Set<ServerResponse>();
    this.streams.set(key, set);
    set.add(res);
    this.open += 1;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx would otherwise hold events back in its buffer.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 5000\n\n');
    // The response is never ended by us: its close is the page going away.
    res.on('close', () => {
      if (!set.delete(res)) return;
      this.open -= 1;
      if (set.size === 0) this.streams.delete(key);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
    this.subscription.close();
  }

  private changed(change: ResultsChanged): void {
    this.options.onChange(change.org, change.assignment);
    const key = boardKey(change.org, change.assignment);
    if (this.pending.has(key) || !this.streams.has(key)) return;
    const interval = this.options.intervalMs ?? 1_000;
    const wait = Math.max(0, (this.lastSent.get(key) ?? 0) + interval - Date.now());
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.lastSent.set(key, Date.now());
      for (const res of this.streams.get(key) ?? []) res.write('event: results\ndata: {}\n\n');
    }, wait);
    this.pending.set(key, timer);
  }

  private broadcast(text: string): void {
    for (const set of this.streams.values()) for (const res of set) res.write(text);
  }
}
