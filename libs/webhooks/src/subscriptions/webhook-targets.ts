import { AppError } from '@app/infrastructure';
import { WebhookTargetError, WebhookUrlGuard } from '../security/url-guard';

/** Longest webhook URL accepted. */
export const WEBHOOK_URL_MAX_CHARS = 2048;

/**
 * A URL a webhook may be delivered to, checked now (form, literal addresses, localhost) so a bad
 * one is a 400 naming `field`; the resolved addresses are checked before every attempt.
 */
export function checkTargetUrl(guard: WebhookUrlGuard, url: string, field: string): void {
  if (url.length > WEBHOOK_URL_MAX_CHARS) {
    throw AppError.validation([{ field, message: `must be at most ${WEBHOOK_URL_MAX_CHARS} characters` }]);
  }
  try {
    guard.checkLiteral(url);
  } catch (err) {
    if (err instanceof WebhookTargetError) throw AppError.validation([{ field, message: err.message }]);
    throw err;
  }
}
