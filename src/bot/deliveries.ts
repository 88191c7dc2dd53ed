/**
 * GitHub may deliver a webhook twice (a manual redelivery, a retry after a timeout). A delivery id
 * is remembered once its handling succeeded, for as long as GitHub can redeliver (3 days); a
 * delivery whose handling failed is not remembered, so redelivering it does the work.
 */
import type { Redis } from 'ioredis';
import { DeliveryLog } from '../store/delivery-log.js';

export class Deliveries {
  private readonly handled: DeliveryLog;

  constructor(redis: Redis, prefix: string) {
    this.handled = new DeliveryLog(redis, prefix);
  }

  /** Runs `handle` unless this delivery was handled before; says which happened. */
  async once(deliveryId: string, handle: () => Promise<void>): Promise<'handled' | 'duplicate'> {
    if (await this.handled.seen(deliveryId)) return 'duplicate';
    await handle();
    await this.handled.remember(deliveryId);
    return 'handled';
  }
}
