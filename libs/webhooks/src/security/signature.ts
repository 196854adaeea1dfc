import { createHmac, randomBytes } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Webhook-Signature';

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature of one attempt: HMAC-SHA256 keyed by the secret over the timestamp, a dot and the
 * exact body. The timestamp is signed too, so a receiver can refuse replays older than it allows.
 */
export function signWebhook(secret: string, timestampSec: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${digest}`;
}
