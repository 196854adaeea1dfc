import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Injectable, Optional } from '@nestjs/common';
import { BaseConfig, BaseLogger, EventCore } from '@app/infrastructure';
import { RingBuffer } from '@app/infrastructure';
import type { AlertEvent, AlertRule } from './alert.types';

export interface AlertNotification {
  status: 'firing' | 'resolved';
  /** The rule's owner: its tenant, or null for a system rule (config file, or `scope: system`). */
  tenant: string | null;
  rule: {
    id: string;
    name: string;
    severity: string;
    series: string;
    comparison: string;
    threshold: number;
    forMs: number;
  };
  value: number | null;
  /** When the alert started firing. */
  startsAt: string;
  /** Set on resolved. */
  endsAt: string | null;
  silenced: boolean;
  /** The replica whose evaluation this is: alert state is kept per replica (README, Monitoring). */
  replica: string;
}

/** What a notification is about: a firing or resolved transition (possibly re-sent after a restart). */
export type NotifiedEvent = Pick<AlertEvent, 'kind' | 'value' | 'silenced' | 'at'> & { replica: string };

export interface Delivery {
  url: string;
  /** The rule's owner (null: a system rule); /status reports only system rules' deliveries. */
  tenant: string | null;
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
  private readonly inFlight = new Set<Promise<boolean>>();
  /** Recent deliveries of every owner's rules. */
  readonly deliveries = new RingBuffer<Delivery>(100);
  /** The last delivery of a system rule, kept apart so tenants' deliveries never push it out (/status). */
  private lastSystem: Delivery | null = null;
  private readonly logger: BaseLogger;

  constructor(
    private readonly config: BaseConfig,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'alerts' });
  }

  /**
   * Emits on the bus and starts the webhook deliveries. Resolves true once every webhook accepted
   * the notification (at once when there is none to call: silenced, or no ALERT_WEBHOOK_URLS),
   * false when a delivery gave up; the evaluator records a delivered notification in the alert
   * state so a restart neither repeats it nor forgets one that never got through.
   */
  notify(rule: AlertRule, event: NotifiedEvent, firingSince: Date): Promise<boolean> {
    const notification: AlertNotification = {
      status: event.kind === 'firing' ? 'firing' : 'resolved',
      tenant: rule.tenant,
      rule: { id: rule.id, name: rule.name, severity: rule.severity, ...rule.expr },
      value: event.value,
      startsAt: firingSince.toISOString(),
      endsAt: event.kind === 'resolved' ? event.at.toISOString() : null,
      silenced: event.silenced,
      replica: event.replica,
    };
    this.events?.emit(notification.status === 'firing' ? 'alert.firing' : 'alert.resolved', notification);
    if (event.silenced) return Promise.resolve(true);
    const deliveries = this.config.values.monitoring.alerts.webhookUrls.map((url) => {
      const delivery: Promise<boolean> = this.deliver(url, notification).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
      return delivery;
    });
    return Promise.all(deliveries).then((ok) => ok.every(Boolean));
  }

  /** The last webhook delivery of a system rule (null: none yet). */
  lastSystemDelivery(): Delivery | null {
    return this.lastSystem;
  }

  /** True when a notification that is not silenced has somewhere to go. */
  hasWebhooks(): boolean {
    return this.config.values.monitoring.alerts.webhookUrls.length > 0;
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(url: string, notification: AlertNotification): Promise<boolean> {
    const { webhookMaxAttempts, webhookBackoffMs, webhookTimeoutMs } = this.config.values.monitoring.alerts;
    // One span per delivery (all its attempts); the URL may carry a token, so only its origin is named.
    const span = trace.getTracer('monitoring').startSpan('monitoring.webhook.deliver', {
      kind: SpanKind.CLIENT,
      attributes: {
        'webhook.origin': new URL(url).origin,
        'alert.rule': notification.rule.name,
        'alert.status': notification.status,
        ...(notification.tenant ? { 'tenant.id': notification.tenant } : {}),
      },
    });
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
      if (attempt < webhookMaxAttempts)
        await new Promise((resolve) => setTimeout(resolve, webhookBackoffMs * 2 ** (attempt - 1)).unref());
    }
    const attempts = Math.min(attempt, webhookMaxAttempts);
    // The URL may carry a token: log only its origin.
    const origin = new URL(url).origin;
    if (error)
      this.logger.warn(
        { webhook: origin, rule: notification.rule.name, attempts, err: error },
        'alert webhook delivery failed',
      );
    const delivery: Delivery = {
      url: origin,
      tenant: notification.tenant,
      status: notification.status,
      rule: notification.rule.name,
      attempts,
      ok: !error,
      error,
      at: new Date().toISOString(),
    };
    this.deliveries.push(delivery);
    if (delivery.tenant === null) this.lastSystem = delivery;
    span.setAttributes({ 'webhook.attempts': attempts, 'webhook.ok': !error });
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end();
    return !error;
  }
}
