import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, throttledErrorLog, WebhooksSettings } from '@app/infrastructure';
import { DeliveryRepository } from '../persistence/delivery.repository';
import { SubscriptionRepository } from '../persistence/subscription.repository';

const SWEEP_INTERVAL_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Deletes finished deliveries and task/run webhooks older than WEBHOOK_RETENTION_DAYS, hourly. */
@Injectable()
export class WebhookRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logFailure: (err: Error) => void;

  constructor(
    private readonly settings: WebhooksSettings,
    private readonly deliveries: DeliveryRepository,
    private readonly subscriptions: SubscriptionRepository,
    logger: BaseLogger,
  ) {
    this.logFailure = throttledErrorLog(logger.child({ component: 'webhooks' }), 'webhooks-retention', {
      message: 'Could not sweep old webhook deliveries',
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch(this.logFailure), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<{ deliveries: number; webhooks: number }> {
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    return {
      deliveries: await this.deliveries.deleteFinishedBefore(cutoff),
      webhooks: await this.subscriptions.deleteTargetsBefore(cutoff),
    };
  }
}
