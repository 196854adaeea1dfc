import { Injectable } from '@nestjs/common';
import {
  Page,
  fromDbInteger,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
  TablesRepository,
} from '@app/infrastructure';
import type { Schedule } from '../scheduler.types';
import { toSchedule } from './row-mapping';
import type { SchedulerDb, SchedulerTables } from './tables';

const ts = (d: Date | null) => (d ? toDbTimestamp(d) : null);

export interface ScheduleListQuery {
  tenant: string;
  job?: string;
  enabled?: boolean;
  limit?: number;
  cursor?: string | null;
}

/**
 * `scheduler_schedules`: SQL only. What a caller reads or changes is filtered by tenant; the
 * engine's statements (what is due, the next fire time, advancing past a firing) and the
 * service-wide count span every tenant by design.
 */
@Injectable()
export class ScheduleRepository extends TablesRepository<SchedulerTables> {
  /** Runs `fn` in one transaction; pass its handle to the methods' `db`. */
  transaction<T>(fn: (trx: SchedulerDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
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
      trace_parent: s.traceParent,
    };
  }

  async insert(s: Schedule, db: SchedulerDb = this.db): Promise<void> {
    await db.insertInto('scheduler_schedules').values(this.values(s)).execute();
  }

  /** Writes every field of `s` over its stored row (of its tenant). */
  async update(s: Schedule, db: SchedulerDb = this.db): Promise<void> {
    const { id, tenant, ...rest } = this.values(s);
    await db.updateTable('scheduler_schedules').set(rest).where('tenant', '=', tenant).where('id', '=', id).execute();
  }

  /** One schedule of `tenant`: another tenant's is not found, so its existence does not leak. */
  async get(tenant: string, id: string, db: SchedulerDb = this.db): Promise<Schedule | null> {
    const row = await db
      .selectFrom('scheduler_schedules')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSchedule(this.database.dialect, row) : null;
  }

  async delete(tenant: string, id: string, db: SchedulerDb = this.db): Promise<boolean> {
    const result = await db
      .deleteFrom('scheduler_schedules')
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Schedules of every tenant: the service-wide bound (SCHEDULER_MAX_SCHEDULES) counts them all. */
  async count(db: SchedulerDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('scheduler_schedules')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  async list(query: ScheduleListQuery, db: SchedulerDb = this.db): Promise<Page<Schedule>> {
    let q = db.selectFrom('scheduler_schedules').selectAll().where('tenant', '=', query.tenant);
    if (query.job !== undefined) q = q.where('job', '=', query.job);
    if (query.enabled !== undefined) q = q.where('enabled', '=', toDbBoolean(this.database.dialect, query.enabled));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => toSchedule(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  /** Enabled schedules of every tenant whose next fire time has come, oldest first. */
  async due(now: Date, limit: number, db: SchedulerDb = this.db): Promise<Schedule[]> {
    const rows = await db
      .selectFrom('scheduler_schedules')
      .selectAll()
      .where('enabled', '=', toDbBoolean(this.database.dialect, true))
      .where('next_fire_at', '<=', toDbTimestamp(now))
      .orderBy('next_fire_at')
      .limit(limit)
      .execute();
    return rows.map((row) => toSchedule(this.database.dialect, row));
  }

  /** The earliest next fire time of any enabled schedule: when the engine must wake up. */
  async earliestNextFire(db: SchedulerDb = this.db): Promise<Date | null> {
    const row = await db
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
  async advance(s: Schedule, firedAt: Date, next: Date | null, now: Date, db: SchedulerDb = this.db): Promise<boolean> {
    const result = await db
      .updateTable('scheduler_schedules')
      .set({ next_fire_at: ts(next), last_fire_at: toDbTimestamp(firedAt), updated_at: toDbTimestamp(now) })
      .where('tenant', '=', s.tenant)
      .where('id', '=', s.id)
      .where('next_fire_at', '=', toDbTimestamp(s.nextFireAt as Date))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
