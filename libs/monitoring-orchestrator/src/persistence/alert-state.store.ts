import { Injectable } from '@nestjs/common';
import type { ExpressionBuilder, Updateable } from 'kysely';
import { Database, toDbBoolean, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { StoredAlertState } from '../alerts/alert.types';
import { toAlertState } from './row-mapping';
import type { AlertStateRow, MonitoringTables } from './tables';

const TABLE = 'monitoring_alert_states' as const;

/** The row of `replica` and `ruleId` if it is still at `version`: the compare of every compare-and-set. */
function atVersion(replica: string, ruleId: string, version: number) {
  return (eb: ExpressionBuilder<MonitoringTables, typeof TABLE>) =>
    eb.and([eb('replica', '=', replica), eb('rule_id', '=', ruleId), eb('version', '=', version)]);
}

/**
 * `monitoring_alert_states`: the durable copy of the evaluator's state, one row per replica and
 * rule while an alert is pending, firing or owes a resolved notification. Every write that
 * changes a state is a compare-and-set on `version`, so when two evaluators hold the same row
 * (two processes given one replica id, or survivors sweeping a dead replica's rows) exactly one
 * of them makes each transition, and only that one notifies.
 */
@Injectable()
export class AlertStateStore extends TablesRepository<MonitoringTables> {
  get dialect(): Database['dialect'] {
    return this.database.dialect;
  }

  /** Every row of one replica (bounded: one per rule, rules are bounded). */
  async listForReplica(replica: string): Promise<StoredAlertState[]> {
    const rows = await this.db.selectFrom(TABLE).selectAll().where('replica', '=', replica).limit(10_000).execute();
    return rows.map(toAlertState);
  }

  async get(replica: string, ruleId: string): Promise<StoredAlertState | null> {
    const row = await this.db
      .selectFrom(TABLE)
      .selectAll()
      .where('replica', '=', replica)
      .where('rule_id', '=', ruleId)
      .executeTakeFirst();
    return row ? toAlertState(row) : null;
  }

  /** Rows of other replicas not refreshed since `before`: their replica stopped evaluating. */
  async staleOfOtherReplicas(replica: string, before: Date): Promise<StoredAlertState[]> {
    const rows = await this.db
      .selectFrom(TABLE)
      .selectAll()
      .where('replica', '<>', replica)
      .where('evaluated_at', '<', toDbTimestamp(before))
      .orderBy('evaluated_at')
      .limit(1000)
      .execute();
    return rows.map(toAlertState);
  }

  /**
   * Writes `state` if the row is still at `expectedVersion` (0: there must be no row), with the
   * version bumped. False when someone else changed (or made) the row first.
   */
  async compareAndSet(state: Omit<StoredAlertState, 'version'>, expectedVersion: number): Promise<boolean> {
    const values = {
      rule_name: state.ruleName,
      state: state.state,
      since: toDbTimestamp(state.since),
      firing_since: state.firingSince ? toDbTimestamp(state.firingSince) : null,
      value: state.value,
      evaluated_at: toDbTimestamp(state.evaluatedAt),
      notified: toDbBoolean(this.dialect, state.notified),
    };
    if (expectedVersion === 0) {
      const result = await this.db
        .insertInto(TABLE)
        .values({ replica: state.replica, rule_id: state.ruleId, ...values, version: 1 })
        .onConflict((oc) => oc.columns(['replica', 'rule_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    return this.updateAtVersion(state.replica, state.ruleId, expectedVersion, {
      ...values,
      version: expectedVersion + 1,
    });
  }

  /** Deletes the row if it is still at `version`. */
  async removeIf(replica: string, ruleId: string, version: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom(TABLE)
      .where(atVersion(replica, ruleId, version))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Records that the firing notification of `version` was delivered (no transition: version kept). */
  async markNotified(replica: string, ruleId: string, version: number): Promise<boolean> {
    return this.updateAtVersion(replica, ruleId, version, { notified: toDbBoolean(this.dialect, true) });
  }

  /** Heartbeat of a live row (no transition: version kept), so other replicas do not sweep it. */
  async touch(
    replica: string,
    ruleId: string,
    version: number,
    value: number | null,
    evaluatedAt: Date,
  ): Promise<boolean> {
    return this.updateAtVersion(replica, ruleId, version, { value, evaluated_at: toDbTimestamp(evaluatedAt) });
  }

  /** Applies `changes` to the row if it is still at `version`; false when someone else changed it first. */
  private async updateAtVersion(
    replica: string,
    ruleId: string,
    version: number,
    changes: Updateable<AlertStateRow>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable(TABLE)
      .set(changes)
      .where(atVersion(replica, ruleId, version))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A rule was deleted: its state goes on every replica. */
  async removeRule(ruleId: string): Promise<number> {
    const result = await this.db.deleteFrom(TABLE).where('rule_id', '=', ruleId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
