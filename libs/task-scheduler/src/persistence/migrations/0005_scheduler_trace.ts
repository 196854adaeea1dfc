import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * The W3C traceparent of the request that created a schedule, and of a run's origin, so a
 * scheduled run's spans join the trace that asked for it (a one-off or a manual trigger) or
 * link to it (a recurring firing), as a queued task's do. Older rows have none.
 */
export const addSchedulerTrace: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema.alterTable('scheduler_schedules').addColumn('trace_parent', t.text).execute();
    await db.schema.alterTable('scheduler_runs').addColumn('trace_parent', t.text).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('scheduler_schedules').dropColumn('trace_parent').execute();
    await db.schema.alterTable('scheduler_runs').dropColumn('trace_parent').execute();
  },
};
