/**
 * Hearing the saves `ResultsStore` announces on its channel, for live scoreboards: one subscriber
 * connection of its own (a subscribed connection can do nothing else), which tells the caller of
 * every well-formed announcement, and when it is back after losing Redis, since saves may have gone
 * unheard meanwhile.
 */
import { connectWorker } from '../queue/redis-connection.js';
import { ResultsStore, type ResultsChanged } from './results-store.js';

export interface ResultsListener {
  onChange(change: ResultsChanged): void;
  /** The subscriber is back after losing Redis. */
  onReconnect(): void;
  onError(error: Error): void;
}

export interface ResultsSubscription {
  /** Subscribes; resolves once saves are being heard. */
  start(): Promise<void>;
  close(): void;
}

/** @param prefix the deployment's key prefix */
export function subscribeToResults(
  redisUrl: string,
  prefix: string,
  listener: ResultsListener,
): ResultsSubscription {
  const subscriber = connectWorker(redisUrl);
  subscriber.on('error', (error: Error) => listener.onError(error));
  subscriber.on('message', (_channel: string, message: string) => {
    const change = parseChange(message);
    if (change) listener.onChange(change);
  });
  let connected = false;
  subscriber.on('ready', () => {
    if (connected) listener.onReconnect();
    connected = true;
  });
  return {
    start: async () => {
      await subscriber.subscribe(ResultsStore.channel(prefix));
    },
    close: () => subscriber.disconnect(),
  };
}

function parseChange(message: string): ResultsChanged | null {
  let change: ResultsChanged;
  try {
    change = JSON.parse(message) as ResultsChanged;
  } catch {
    return null;
  }
  if (typeof change.org !== 'string' || typeof change.assignment !== 'string') return null;
  return change;
}
