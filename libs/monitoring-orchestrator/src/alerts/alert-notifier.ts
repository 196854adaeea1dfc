import { Injectable, Optional } from '@nestjs/common';
import { BaseConfig, BaseLogger, EventCore } from '@app/infrastructure';
import { RingBuffer } from '@app/infrastructure';
import type { AlertEvent, AlertRule } from './alert.types';

export interface AlertNotification {
  status: 'firing' | 'resolved';
  rule: { id: string; name: string; severity: string; series: string; comparison: string; threshold: number; forMs: number };
  value: number | null;
  /** When the alert started firing. */
  startsAt: string;
  /** Set on resolved. */
  endsAt: string | null;
  silenced: boolean;
}

export interface Delivery {
  url: string;
  status: 'firing' | 'resolved';
  rule: string;
  attempts: number;
  ok: boolean;
  error: string | null;
  at: string;
}

declare module '@app/infrastructure' {
  interface AppEvents {
    'alert.firing': AlertNotification;
    'alert.resolved': AlertNotification;
  }
}

/**
 * Tells the world about firing and resolved alerts: the event bus (`alert.firing` /
 * `alert.resolved`) and a JSON POST to each ALERT_WEBHOOK_URLS entry, retried with doubling
 * backoff up to webhookMaxAttempts. Silenced alerts go to the bus (flagged) but not to webhooks.
 */
@Injectable()
export class AlertNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  /** Recent deliveries for /status and the dashboard. */
  readonly deliveries = new RingBuffer<Delivery>(100);
  private readonly logger: BaseLogger;

  constructor(private readonly config: BaseConfig, logger: BaseLogger, @Optional() private readonly events?: EventCore) {
    this.logger = logger.child({ component: 'alerts' });
  }

  notify(rule: AlertRule, event: AlertEvent, firingSince: Date): void {
    const notification: AlertNotification = {
      status: event.kind === 'firing' ? 'firing' : 'resolved',
      rule: { id: rule.id, name: rule.name, severity: rule.severity, ...rule.expr },
      value: event.value,
      startsAt: firingSince.toISOString(),
      endsAt: event.kind === 'resolved' ? event.at.toISOString() : null,
      silenced: event.silenced,
    };
    this.events?.emit(notification.status === 'firing' ? 'alert.firing' : 'alert.resolved', notification);
    if (event.silenced) return;
    for (const url of this.config.values.monitoring.alerts.webhookUrls) {
      const delivery = this.deliver(url, notification).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(url: string, notification: AlertNotification): Promise<void> {
    const { webhookMaxAttempts, webhookBackoffMs, webhookTimeoutMs } = this.config.values.monitoring.alerts;
    let error: string | null = null;
    let attempt = 0;
    for (attempt = 1; attempt <= webhookMaxAttempts; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'ai-orchestration-service-alerts' },
          body: JSON.stringify(notification),
          signal: AbortSignal.timeout(webhookTimeoutMs),
          redirect: 'error',
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          error = null;
          break;
        }
        error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
      if (attempt < webhookMaxAttempts) await new Promise((resolve) => setTimeout(resolve, webhookBackoffMs * 2 ** (attempt - 1)).unref());
    }
    const attempts = Math.min(attempt, webhookMaxAttempts);
    // The URL may carry a token: log only its origin.
    const origin = new URL(url).origin;
    if (error) this.logger.warn({ webhook: origin, rule: notification.rule.name, attempts, err: error }, 'alert webhook delivery failed');
    this.deliveries.push({ url: origin, status: notification.status, rule: notification.rule.name, attempts, ok: !error, error, at: new Date().toISOString() });
  }
}
