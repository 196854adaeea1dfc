import { Injectable } from '@nestjs/common';
import { fromDbInteger, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AlertOwner, AlertRule, OwnerFilter } from '../alerts/alert.types';
import type { MonitoringTables } from './tables';
import { ownedBy, ownerIs } from './owner-filter';
import { toAlertRule } from './row-mapping';

/** Rules made through the API; names are unique per owner (index on coalesce(tenant, ''), name). */
@Injectable()
export class AlertRuleRepository extends TablesRepository<MonitoringTables> {
  /** The rules `filter` covers, oldest first (at most `limit`: the caller bounds how many exist). */
  async list(filter: OwnerFilter, limit: number): Promise<AlertRule[]> {
    const rows = await this.db
      .selectFrom('monitoring_alert_rules')
      .selectAll()
      .where(ownedBy(filter))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => toAlertRule(this.database.dialect, row));
  }

  /** One rule if `filter` covers it: another tenant's is not found, so its existence does not leak. */
  async find(filter: OwnerFilter, id: string): Promise<AlertRule | null> {
    const row = await this.db
      .selectFrom('monitoring_alert_rules')
      .selectAll()
      .where('id', '=', id)
      .where(ownedBy(filter))
      .executeTakeFirst();
    return row ? toAlertRule(this.database.dialect, row) : null;
  }

  /** Rules of one owner (`undefined`: of every owner). */
  async count(owner?: AlertOwner): Promise<number> {
    let q = this.db.selectFrom('monitoring_alert_rules').select((eb) => eb.fn.countAll().as('n'));
    if (owner !== undefined) q = q.where(ownerIs(owner));
    return fromDbInteger((await q.executeTakeFirstOrThrow()).n);
  }

  /** False when its owner already has a rule of that name (the unique index decides, so races cannot pass). */
  async insert(rule: AlertRule): Promise<boolean> {
    const result = await this.db
      .insertInto('monitoring_alert_rules')
      .values({
        id: rule.id,
        tenant: rule.tenant,
        created_by: rule.createdBy,
        name: rule.name,
        expr: toDbJson(rule.expr),
        severity: rule.severity,
        created_at: toDbTimestamp(rule.createdAt),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Deletes the rule of `owner` with this id. */
  async delete(owner: AlertOwner, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('monitoring_alert_rules')
      .where('id', '=', id)
      .where(ownerIs(owner))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
