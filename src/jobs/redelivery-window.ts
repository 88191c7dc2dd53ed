/**
 * How long GitHub keeps a webhook delivery and will redeliver it (3 days, "Redelivering webhooks"
 * in GitHub's docs): the bot remembers deliveries that long, asks for failed ones within it, and
 * reads a push time older than it as not belonging to the delivery at hand.
 */
export const REDELIVERY_WINDOW_MS = 3 * 24 * 3600 * 1000;
