/** A webhook as GitHub signs it, for tests that play GitHub's part. */
import { createHmac, randomUUID } from 'node:crypto';

/** A webhook as GitHub sends it: JSON body, event and delivery headers, HMAC-SHA256 signature. */
export function signedWebhook(
  event: string,
  payload: unknown,
  secret: string,
  deliveryId: string = randomUUID(),
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': signature,
      'user-agent': 'GitHub-Hookshot/test',
    },
  };
}
