import type { BaseLogger } from '@app/infrastructure';
import type { AlertStateStore } from '../persistence/alert-state.store';
import type { AlertNotifier, NotifiedEvent } from './alert-notifier';
import type { AlertRule } from './alert.types';

/** Called once a notification of the row at `version` reached every webhook and that was recorded. */
export type DeliveryRecorded = (ruleId: string, version: number, kind: NotifiedEvent['kind']) => void;

/**
 * Notification dispatch for one replica's evaluator: sends firing and resolved notifications and,
 * once one reached every webhook, records that in the state row it was sent for (firing: the row
 * is marked notified; resolved: the row goes). Not delivered: the row keeps saying so, and a
 * restart sends it again.
 */
export class AlertDispatch {
  /** Deliveries whose outcome is still to be recorded in the state table. */
  private readonly acknowledgements = new Set<Promise<void>>();

  constructor(
    private readonly notifier: AlertNotifier,
    private readonly store: AlertStateStore,
    private readonly replica: string,
    private readonly logger: BaseLogger,
    private readonly recorded: DeliveryRecorded,
  ) {}

  /** Whether a notification would go anywhere (no webhooks: nothing is owed). */
  hasWebhooks(): boolean {
    return this.notifier.hasWebhooks();
  }

  /** Sends `event`; `version` null: nothing to record once it is delivered. */
  deliver(rule: AlertRule, event: NotifiedEvent, firingSince: Date, version: number | null): void {
    const sent = this.notifier.notify(rule, event, firingSince);
    if (version === null) return;
    const ack: Promise<void> = sent
      .then(async (delivered) => {
        if (!delivered) return;
        const recorded =
          event.kind === 'firing'
            ? await this.store.markNotified(this.replica, rule.id, version)
            : await this.store.removeIf(this.replica, rule.id, version);
        if (recorded) this.recorded(rule.id, version, event.kind);
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, rule: rule.name }, 'could not record an alert notification as delivered'),
      )
      .finally(() => this.acknowledgements.delete(ack));
    this.acknowledgements.add(ack);
  }

  /** Resolves when every delivery started so far has been recorded (or given up). */
  async settled(): Promise<void> {
    while (this.acknowledgements.size) await Promise.allSettled([...this.acknowledgements]);
  }
}
