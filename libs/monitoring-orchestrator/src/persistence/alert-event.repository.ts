import { Injectable } from '@nestjs/common';
import { newId, Page, paginate, toDbBoolean, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AlertEvent, OwnerFilter } from '../alerts/alert.types';
import type { MonitoringTables } from './tables';
import { ownedBy, ownerIs } from './owner-filter';
import { toAlertEvent } from './row-mapping';

export interface AlertHistoryQuery {
  limit?: number;
  cursor?: string | null;
  ruleName?: string;
}

/** The alert history: one row per state change, kept per owner up to a count. */
@Injectable()
export class AlertEventRepository extends TablesRepository<MonitoringTables> {
  /** Records one state change, then drops what falls beyond the newest `keep` events of its owner. */
  async record(event: Omit<AlertEvent, 'id'>, keep: number): Promise<AlertEvent> {
    const id = newId();
    await this.db
      .insertInto('monitoring_alert_events')
      .values({
        id,
        tenant: event.tenant,
        rule_id: event.ruleId,
        rule_name: event.ruleName,
        severity: event.severity,
        kind: event.kind,
        value: event.value,
        threshold: event.threshold,
        silenced: toDbBoolean(this.database.dialect, event.silenced),
        at: toDbTimestamp(event.at),
        replica: event.replica,
      })
      .execute();
    // Bounded per owner, so one tenant's noisy rules never push out another tenant's history.
    const cutoff = await this.db
      .selectFrom('monitoring_alert_events')
      .select(['at', 'id'])
      .where(ownerIs(event.tenant))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .offset(keep)
      .limit(1)
      .executeTakeFirst();
    if (cutoff) {
      const at = toDbTimestamp(cutoff.at);
      await this.db
        .deleteFrom('monitoring_alert_events')
        .where(ownerIs(event.tenant))
        .where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<=', cutoff.id)])]))
        .execute();
    }
    return { ...event, id };
  }

  /** One page of the events `filter` covers, newest first. */
  async list(filter: OwnerFilter, query: AlertHistoryQuery): Promise<Page<AlertEvent>> {
    let q = this.db.selectFrom('monitoring_alert_events').selectAll().where(ownedBy(filter));
    if (query.ruleName !== undefined) q = q.where('rule_name', '=', query.ruleName);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'at', direction: 'desc' },
    });
    return { items: page.items.map(toAlertEvent), nextCursor: page.nextCursor };
  }
}
