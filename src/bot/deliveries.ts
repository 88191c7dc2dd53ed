/**
 * GitHub may deliver a webhook twice (a manual redelivery, a retry after a timeout). A delivery id
 * is remembered once its handling succeeded, for as long as GitHub can redeliver (3 days); a
 * delivery whose handling failed is not remembered, so redelivering it does the work.
 */
import type { Redis } from 'ioredis';

const REDELIVERY_WINDOW_SECONDS = 3 * 24 * 3600;

export class Deliveries {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Runs `handle` unless this delivery was handled before; says which happened. */
  async once(deliveryId: string, handle: () => Promise<void>): Promise<'handled' | 'duplicate'> {
    const key = `${this.prefix}:delivery:${deliveryId}`;
    if ((await this.redis.exists(key)) === 1) return 'duplicate';
    await handle();
    await this.redis.set(key, '1', 'EX', REDELIVERY_WINDOW_SECONDS);
    return 'handled';
  }
}
