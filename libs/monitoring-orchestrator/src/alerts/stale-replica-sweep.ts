import type { BaseConfig, BaseLogger } from '@app/infrastructure';
import type { AlertEventRepository } from '../persistence/alert-event.repository';
import type { AlertStateStore } from '../persistence/alert-state.store';
import { isSilenced } from './alert-condition';
import type { AlertDispatch } from './alert-dispatch';
import { eventOf } from './alert-transition';
import type { AlertRule, Silence } from './alert.types';

/**
 * Rows of other replicas that have not been refreshed for staleStateMs belong to replicas that
 * stopped (scaled down, replaced under a new name): their firing alerts are resolved and notified
 * (one sweeping replica wins each row's compare-and-set), pending ones dropped.
 */
export class StaleReplicaSweep {
  constructor(
    private readonly store: AlertStateStore,
    private readonly events: AlertEventRepository,
    private readonly dispatch: AlertDispatch,
    private readonly config: BaseConfig,
    private readonly logger: BaseLogger,
  ) {}

  /** Sweeps the rows of replicas other than `replica` last refreshed before `staleBefore`. */
  async sweep(replica: string, staleBefore: Date, rules: AlertRule[], now: Date, silences: Silence[]): Promise<void> {
    const stale = await this.store.staleOfOtherReplicas(replica, staleBefore);
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const row of stale) {
      if (!(await this.store.removeIf(row.replica, row.ruleId, row.version))) continue;
      const rule = byId.get(row.ruleId);
      this.logger.log(
        { rule: row.ruleName, replica: row.replica, state: row.state },
        'alert state of a stopped replica swept',
      );
      if (!rule || row.state === 'pending') continue;
      const silenced = isSilenced(silences, rule, now);
      let at = row.since;
      if (row.state === 'firing') {
        at = now;
        await this.events.record(
          eventOf(rule, 'resolved', row.value, silenced, at, row.replica),
          this.config.values.monitoring.alerts.historyLimit,
        );
      }
      this.dispatch.deliver(
        rule,
        { kind: 'resolved', value: row.value, silenced, at, replica: row.replica },
        row.firingSince ?? row.since,
        null,
      );
    }
  }
}
