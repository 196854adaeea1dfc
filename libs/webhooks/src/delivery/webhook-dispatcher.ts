import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, throttledErrorLog, WebhooksSettings } from '@app/infrastructure';
import { DeliveryRepository, type AttemptOutcome } from '../persistence/delivery.repository';
import { SubscriptionRepository } from '../persistence/subscription.repository';
import { TenantSecretRepository } from '../persistence/tenant-secret.repository';
import { SIGNATURE_HEADER, signWebhook } from '../security/signature';
import { WebhookTargetError, WebhookUrlGuard } from '../security/url-guard';
import type { WebhookDelivery } from '../webhook.types';
import { WebhooksMetrics } from '../webhooks.metrics';
import { retryDelayMs } from './backoff';
import { sendWebhook, type SendResult } from './webhook-sender';

/**
 * Delivers the outbox: every `pollIntervalMs` (and at once when a row is added) it claims up to
 * `batchSize` due rows and POSTs each, signed. A 2xx delivers; anything else is retried with
 * backoff up to `maxAttempts`; a target the SSRF guard refuses, or a deleted subscription, fails at
 * once. A claim is a lease of twice the attempt timeout: a row whose deliverer was killed mid-POST
 * is claimed again after it, so a restart (or another replica) delivers it.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private again = false;
  private stopped = true;
  private readonly logger: BaseLogger;
  private readonly logPollFailure: (err: Error) => void;

  constructor(
    private readonly settings: WebhooksSettings,
    private readonly deliveries: DeliveryRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly secrets: TenantSecretRepository,
    private readonly guard: WebhookUrlGuard,
    private readonly metrics: WebhooksMetrics,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'webhooks' });
    this.logPollFailure = throttledErrorLog(this.logger, 'webhooks-poll', {
      message: 'Could not poll the webhook outbox',
    });
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.stopped = false;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Deliveries in flight finish (bounded by their timeout); a row left claimed is retaken after its lease.
    await this.polling;
  }

  /** A row was added: poll now rather than at the next interval. */
  kick(): void {
    if (this.stopped) return;
    if (this.polling) this.again = true;
    else this.schedule(0);
  }

  /** One poll: claim, deliver, and poll again at once while rows keep coming. */
  async poll(): Promise<void> {
    const now = new Date();
    const lease = new Date(now.getTime() + 2 * this.settings.timeoutMs + 1000);
    const claimed = await this.deliveries.claim(now, lease, this.settings.batchSize);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    if (claimed.length === this.settings.batchSize) this.again = true;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delayMs);
    this.timer.unref?.();
  }

  private run(): void {
    if (this.stopped || this.polling) return;
    this.again = false;
    this.polling = this.poll()
      .catch((err: Error) => this.logPollFailure(err))
      .finally(() => {
        this.polling = undefined;
        if (!this.stopped) this.schedule(this.again ? 0 : this.settings.pollIntervalMs);
      });
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    const started = Date.now();
    let result: SendResult;
    let final = false;
    const subscription = await this.subscriptions.find(delivery.tenant, delivery.subscriptionId);
    const secret = subscription ? (subscription.secret ?? (await this.secrets.find(delivery.tenant))) : undefined;
    if (!subscription || !secret) {
      result = { statusCode: null, error: subscription ? 'The tenant has no webhook secret' : 'Subscription deleted' };
      final = true;
    } else {
      try {
        const target = await this.guard.vet(delivery.url);
        const timestamp = Math.floor(Date.now() / 1000);
        result = await sendWebhook(
          target,
          delivery.body,
          {
            'x-webhook-id': delivery.id,
            'x-webhook-event': delivery.event,
            'x-webhook-timestamp': String(timestamp),
            'x-webhook-attempt': String(delivery.attempts),
            [SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, timestamp, delivery.body),
          },
          this.settings.timeoutMs,
        );
      } catch (err) {
        if (!(err instanceof WebhookTargetError)) throw err;
        result = { statusCode: null, error: `Refused target: ${err.message}` };
        final = true;
      }
    }
    const attempt = { at: new Date().toISOString(), ...result, durationMs: Date.now() - started };
    const outcome: AttemptOutcome =
      result.error === null
        ? { status: 'succeeded', attempt }
        : final || delivery.attempts >= this.settings.maxAttempts
          ? { status: 'failed', attempt }
          : {
              status: 'pending',
              attempt,
              nextAttemptAt: new Date(
                Date.now() + retryDelayMs(delivery.attempts, this.settings.backoffMs, this.settings.maxBackoffMs),
              ),
            };
    await this.deliveries.recordAttempt(delivery, outcome);
    const counted = outcome.status === 'pending' ? 'retried' : outcome.status;
    this.metrics.attempts.inc({ event: delivery.event, outcome: counted });
    this.metrics.duration.observe({ outcome: counted }, attempt.durationMs / 1000);
    if (outcome.status === 'failed')
      this.logger.warn({ deliveryId: delivery.id, event: delivery.event, error: result.error }, 'Webhook failed');
  }
}
