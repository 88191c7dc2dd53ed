/**
 * Which webhook deliveries to ask GitHub to redeliver, decided from a page of the App's delivery
 * log (`GET /app/hook/deliveries`) and the time: pure, so the rules are tested with `toEqual`.
 *
 * A delivery failed when GitHub got no 2xx answer (status code 0 when it could not connect). All
 * attempts at one event share its `guid`; an event is recovered once any attempt succeeded. GitHub
 * keeps deliveries for 3 days and redelivers only within them.
 */
import { z } from 'zod';
import { REDELIVERY_WINDOW_MS } from '../jobs/redelivery-window.js';

/** What gradebot reads of one delivery; GitHub's answer is untrusted, so every field is bounded. */
export const deliverySchema = z.object({
  id: z.number().int().nonnegative(),
  guid: z.string().min(1).max(100),
  delivered_at: z.iso.datetime({ offset: true }),
  redelivery: z.boolean(),
  status_code: z.number().int().min(0).max(999),
  event: z.string().max(100),
  action: z.string().max(100).nullable(),
});

/** One page of the delivery log, newest first (GitHub serves at most 100 a page). */
export const deliveryPageSchema = z.array(deliverySchema).max(100);

export type Delivery = z.infer<typeof deliverySchema>;

export const succeeded = (delivery: Delivery): boolean =>
  delivery.status_code >= 200 && delivery.status_code < 300;

export const deliveredAt = (delivery: Delivery): number => Date.parse(delivery.delivered_at);

/**
 * The newest failed attempt of each event that never succeeded and may still be redelivered at
 * `now`, oldest event first (first pushed, first graded). Redelivering that attempt keeps the
 * event's `guid` (the bot's dedupe key).
 */
export function unrecoveredDeliveries(deliveries: readonly Delivery[], now: Date): Delivery[] {
  const horizon = now.getTime() - REDELIVERY_WINDOW_MS;
  const recovered = new Set(deliveries.filter(succeeded).map((d) => d.guid));
  const newest = new Map<string, Delivery>();
  for (const delivery of deliveries) {
    if (recovered.has(delivery.guid) || deliveredAt(delivery) <= horizon) continue;
    const seen = newest.get(delivery.guid);
    if (
      !seen ||
      deliveredAt(delivery) > deliveredAt(seen) ||
      (deliveredAt(delivery) === deliveredAt(seen) && delivery.id > seen.id)
    )
      newest.set(delivery.guid, delivery);
  }
  return [...newest.values()].sort((a, b) => deliveredAt(a) - deliveredAt(b) || a.id - b.id);
}

export interface RetryPlan {
  /** Attempts to redeliver now. */
  redeliver: Delivery[];
  /** Events already retried `maxAttempts` times: left alone, for staff to see in the log. */
  givenUp: Delivery[];
}

/**
 * Splits unrecovered deliveries by how often gradebot already asked for them again
 * (`attempts` by guid; absent means never).
 */
export function planRetries(
  unrecovered: readonly Delivery[],
  attempts: ReadonlyMap<string, number>,
  maxAttempts: number,
): RetryPlan {
  const plan: RetryPlan = { redeliver: [], givenUp: [] };
  for (const delivery of unrecovered) {
    if ((attempts.get(delivery.guid) ?? 0) >= maxAttempts) plan.givenUp.push(delivery);
    else plan.redeliver.push(delivery);
  }
  return plan;
}
