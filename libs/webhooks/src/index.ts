/** Public face of @app/webhooks: subscriptions, task/run webhooks, the signed and durable delivery outbox. */
export { WebhooksModule } from './webhooks.module';
export { WebhookService } from './subscriptions/webhook.service';
export type { WebhookCaller } from './subscriptions/webhook.service';
export { WebhookDispatcher } from './delivery/webhook-dispatcher';
export { WEBHOOK_URL_MAX_CHARS } from './subscriptions/webhook-targets';
export { SIGNATURE_HEADER } from './security/signature';
export { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_SCOPES } from './webhook.types';
export type {
  CreateSubscriptionInput,
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryStatus,
  TargetWebhookInput,
  WebhookDelivery,
  WebhookEvent,
  WebhookOccurrence,
  WebhookScope,
  WebhookSubscription,
} from './webhook.types';
