/**
 * What the bot asked GitHub to redeliver, per event (`guid`), shared by bot replicas and restarts:
 * a hold while a redelivery is under way (SET NX, so one bot asks), the number of attempts, and
 * whether giving up was already said (SET NX, so one bot warns).
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export class RedeliveryBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** How many times each event was asked for (0 if never). */
  async attempts(guids: readonly string[]): Promise<Map<string, number>> {
    if (guids.length === 0) return new Map();
    const values = await this.redis.mget(...guids.map((guid) => this.key('attempts', guid)));
    return new Map(guids.map((guid, i) => [guid, Number(values[i] ?? 0)]));
  }

  /** Holds the event for `seconds` unless a hold is in place; whether this call took it. */
  async hold(guid: string, deliveryId: number, seconds: number): Promise<boolean> {
    return (await this.redis.set(this.key('hold', guid), String(deliveryId), 'EX', seconds, 'NX')) !== null;
  }

  /** Lifts the hold, so the next pass may ask again. */
  async release(guid: string): Promise<void> {
    await this.redis.del(this.key('hold', guid));
  }

  /** Counts one more attempt; the count is kept `seconds` from now. */
  async countAttempt(guid: string, seconds: number): Promise<void> {
    const key = this.key('attempts', guid);
    await this.redis.multi().incr(key).expire(key, seconds).exec();
  }

  /** Marks the event given up, for `seconds`; whether it was not marked before. */
  async giveUp(guid: string, seconds: number): Promise<boolean> {
    return (await this.redis.set(this.key('given-up', guid), '1', 'EX', seconds, 'NX')) !== null;
  }

  private key(kind: 'attempts' | 'hold' | 'given-up', guid: string): string {
    return keys(this.prefix).redelivery(kind, guid);
  }
}
