import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/infrastructure';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookRetention } from './delivery/webhook-retention';
import { DeliveryRepository } from './persistence/delivery.repository';
import { webhooksMigrations } from './persistence/migrations';
import { SubscriptionRepository } from './persistence/subscription.repository';
import { TenantSecretRepository } from './persistence/tenant-secret.repository';
import { WebhookService } from './subscriptions/webhook.service';
import { WebhooksMetrics } from './webhooks.metrics';
import { webhooksSettings, webhookUrlGuard } from './webhooks.settings';

const repositories = [SubscriptionRepository, DeliveryRepository, TenantSecretRepository];

/**
 * Webhooks: subscriptions per tenant, the webhook of one task or run, and the durable outbox they
 * are delivered from (signed, retried with backoff, SSRF-guarded). Generic on purpose: it imports
 * only infrastructure, and the gateway hands it what happened (EventCore events, presented as the
 * API presents them), so no domain library imports it (DESIGN.md, "Where new capabilities go").
 */
@Module({
  imports: [PersistenceModule.forFeature({ namespace: 'webhooks', migrations: webhooksMigrations })],
  providers: [
    webhooksSettings,
    webhookUrlGuard,
    WebhooksMetrics,
    ...repositories,
    WebhookDispatcher,
    WebhookRetention,
    WebhookService,
  ],
  exports: [WebhookService, WebhookDispatcher],
})
export class WebhooksModule {}
