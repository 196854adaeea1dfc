import { Injectable } from '@nestjs/common';
import { Kysely, Transaction } from 'kysely';
import { Database, Page, fromDbInteger, paginate, toDbBoolean, toDbJson, toDbTimestamp } from '@app/infrastructure';
import type { Schedule } from '../scheduler.types';
import { toSchedule } from './row-mapping';
import type { SchedulerTables } from './scheduler-tables';

export type Db = Kysely<SchedulerTables> | Transaction<SchedulerTables>;

const ts = (d: Date | null) => (d ? toDbTimestamp(d) : null);

export interface ScheduleListQuery {
  tenant: string;
  job?: string;
  enabled?: boolean;
  limit?: number;
  cursor?: string | null;
}

@Injectable()
export class ScheduleRepository {
  constructor(private readonly database: Database) {}

  get db(): Kysely<SchedulerTables> {
    return this.database.tables<SchedulerTables>();
  }

  private values(s: Schedule) {
    const dialect = this.database.dialect;
    return {
      id: s.id,
      tenant: s.tenant,
      created_by: s.createdBy,
      name: s.name,
      job: s.job,
      input: toDbJson(s.input),
      kind: s.kind,
      cron: s.cron,
      timezone: s.timezone,
      every_ms: s.everyMs,
      at: ts(s.at),
      market: toDbJson(s.market),
      priority: s.priority,
      max_attempts: s.maxAttempts,
      backoff: toDbJson(s.backoff),
      timeout_ms: s.timeoutMs,
      overlap_policy: s.overlapPolicy,
      missed_policy: s.missedPolicy,
      enabled: toDbBoolean(dialect, s.enabled),
      next_fire_at: ts(s.nextFireAt),
      last_fire_at: ts(s.lastFireAt),
      created_at: toDbTimestamp(s.createdAt),
      updated_at: toDbTimestamp(s.updatedAt),
    };
  }

  async insert(s: Schedule): Promise<void> {
    await this.db.insertInto('scheduler_schedules').values(this.values(s)).execute();
  }

  async update(s: Schedule): Promise<void> {
    const { id, ...rest } = this.values(s);
    await this.db.updateTable('scheduler_schedules').set(rest).where('id', '=', id).execute();
  }

  /** One schedule of `tenant`: another tenant's is not found, so its existence does not leak. */
  async get(tenant: string, id: string): Promise<Schedule | null> {
    const row = await this.db
      .selectFrom('scheduler_schedules')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSchedule(this.database.dialect, row) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('scheduler_schedules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('scheduler_schedules')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  async list(query: ScheduleListQuery): Promise<Page<Schedule>> {
    let q = this.db.selectFrom('scheduler_schedules').selectAll().where('tenant', '=', query.tenant);
    if (query.job !== undefined) q = q.where('job', '=', query.job);
    if (query.enabled !== undefined) q = q.where('enabled', '=', toDbBoolean(this.database.dialect, query.enabled));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => toSchedule(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  /** Enabled schedules whose next fire time has come, oldest first. */
  async due(now: Date, limit: number): Promise<Schedule[]> {
    const rows = await this.db
      .selectFrom('scheduler_schedules')
      .selectAll()
      .where('enabled', '=', toDbBoolean(this.database.dialect, true))
      .where('next_fire_at', '<=', toDbTimestamp(now))
      .orderBy('next_fire_at')
      .limit(limit)
      .execute();
    return rows.map((row) => toSchedule(this.database.dialect, row));
  }

  async earliestNextFire(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('scheduler_schedules')
      .select((eb) => eb.fn.min('next_fire_at').as('t'))
      .where('enabled', '=', toDbBoolean(this.database.dialect, true))
      .executeTakeFirst();
    return row?.t ? new Date(row.t as string | Date) : null;
  }

  /**
   * Moves a schedule past a firing, only if no one else did (compare-and-set on next_fire_at),
   * so two replicas or two overlapping ticks never fire the same slot twice.
   */
  async advance(trx: Db, s: Schedule, firedAt: Date, next: Date | null, now: Date): Promise<boolean> {
    const result = await trx
      .updateTable('scheduler_schedules')
      .set({ next_fire_at: ts(next), last_fire_at: toDbTimestamp(firedAt), updated_at: toDbTimestamp(now) })
      .where('id', '=', s.id)
      .where('next_fire_at', '=', toDbTimestamp(s.nextFireAt as Date))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
