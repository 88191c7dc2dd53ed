/**
 * The webhook deliveries the bot handled, by GitHub's delivery id. GitHub may deliver a webhook
 * twice (a manual redelivery, a retry after a timeout); a delivery is remembered for as long as
 * GitHub can redeliver it (3 days), so the bot does its work once.
 */
import type { Redis } from 'ioredis';
import { REDELIVERY_WINDOW_MS } from '../jobs/redelivery-window.js';
import { keys } from './keys.js';

export class DeliveryLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Whether the delivery was remembered as handled. */
  async seen(deliveryId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(deliveryId))) === 1;
  }

  /** Remembers the delivery as handled. */
  async remember(deliveryId: string): Promise<void> {
    await this.redis.set(this.key(deliveryId), '1', 'EX', REDELIVERY_WINDOW_MS / 1000);
  }

  private key(deliveryId: string): string {
    return keys(this.prefix).delivery(deliveryId);
  }
}
