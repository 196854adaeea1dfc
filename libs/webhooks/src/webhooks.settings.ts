import { BaseConfig, WebhooksSettings } from '@app/infrastructure';
import { WebhookAllowlist, WebhookUrlGuard } from './security/url-guard';

/** The webhooks slice of the configuration. */
export const webhooksSettings = {
  provide: WebhooksSettings,
  useFactory: (config: BaseConfig) => config.values.webhooks,
  inject: [BaseConfig],
};

/** The SSRF guard with WEBHOOK_ALLOWLIST (a bad CIDR stops start-up here). */
export const webhookUrlGuard = {
  provide: WebhookUrlGuard,
  useFactory: (settings: WebhooksSettings) => new WebhookUrlGuard(new WebhookAllowlist(settings.allowlist)),
  inject: [WebhooksSettings],
};
