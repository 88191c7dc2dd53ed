/**
 * GitHub may deliver a webhook twice (a manual redelivery, a retry after a timeout). A delivery id
 * is remembered once its handling succeeded, for as long as GitHub can redeliver (3 days); a
 * delivery whose handling failed is not remembered, so redelivering it does the work.
 */
import type { DeliveryLog } from '../store/delivery-log.js';

export class Deliveries {
  /** @param handled the deliveries handled so far (`Stores.deliveries`) */
  constructor(private readonly handled: DeliveryLog) {}

  /** Runs `handle` unless this delivery was handled before; says which happened. */
  async once(deliveryId: string, handle: () => Promise<void>): Promise<'handled' | 'duplicate'> {
    if (await this.handled.seen(deliveryId)) return 'duplicate';
    await handle();
    await this.handled.remember(deliveryId);
    return 'handled';
  }
}
