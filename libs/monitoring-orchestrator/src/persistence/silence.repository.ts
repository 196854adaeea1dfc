import { Injectable } from '@nestjs/common';
import { fromDbInteger, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AlertOwner, OwnerFilter, Silence } from '../alerts/alert.types';
import type { MonitoringTables } from './tables';
import { ownedBy, ownerIs } from './owner-filter';
import { toSilence } from './row-mapping';

/** Silences, each owned by a tenant or by the system scope. */
@Injectable()
export class SilenceRepository extends TablesRepository<MonitoringTables> {
  async insert(silence: Silence): Promise<void> {
    await this.db
      .insertInto('monitoring_silences')
      .values({
        id: silence.id,
        tenant: silence.tenant,
        rule_name: silence.ruleName,
        severity: silence.severity,
        starts_at: toDbTimestamp(silence.startsAt),
        ends_at: toDbTimestamp(silence.endsAt),
        comment: silence.comment,
        created_by: silence.createdBy,
        created_at: toDbTimestamp(silence.createdAt),
      })
      .execute();
  }

  /** Silences `filter` covers that have not ended by `now`, by start time (at most `limit`). */
  async current(filter: OwnerFilter, now: Date, limit: number): Promise<Silence[]> {
    const rows = await this.db
      .selectFrom('monitoring_silences')
      .selectAll()
      .where(ownedBy(filter))
      .where('ends_at', '>', toDbTimestamp(now))
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toSilence);
  }

  /** Silences of one owner that have not ended by `now`. */
  async countCurrent(owner: AlertOwner, now: Date): Promise<number> {
    const row = await this.db
      .selectFrom('monitoring_silences')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(ownerIs(owner))
      .where('ends_at', '>', toDbTimestamp(now))
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  /** Deletes the silence if `filter` covers it; false for an unknown id or another owner's. */
  async delete(filter: OwnerFilter, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('monitoring_silences')
      .where('id', '=', id)
      .where(ownedBy(filter))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
