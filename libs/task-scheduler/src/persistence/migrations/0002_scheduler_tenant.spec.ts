import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database, queueMigrations } from '@app/infrastructure';
import { RunRepository } from '../run.repository';
import { ScheduleRepository } from '../schedule.repository';
import { schedulerMigrations } from './index';

// A database written before schedules had owners, then upgraded: its schedules and runs belong
// to tenant `default` (where their tasks ran) and to no other tenant.
describe('scheduler migration 0002 (tenant ownership)', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = (names: string[]) =>
    new Migrator({
      db,
      provider: { getMigrations: async () => Object.fromEntries(names.map((n) => [n, schedulerMigrations[n]])) },
    });

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    // The `queues` namespace runs first in the service (scheduler depends on it).
    await queueMigrations['0001_queues_pauses'].up(db);
    expect((await migrator(['0001_scheduler']).migrateToLatest()).error).toBeUndefined();
    const at = '2030-01-01T00:00:00.000Z';
    const backoff = '{"type":"fixed","delayMs":1000,"maxDelayMs":1000}';
    await sql`insert into scheduler_schedules
        (id, job, input, kind, every_ms, priority, max_attempts, backoff, overlap_policy, missed_policy, enabled,
         created_at, updated_at)
      values ('s1', 'scheduler.heartbeat', '{}', 'every', 60000, 'normal', 3, ${backoff}, 'skip', 'run-once', 1,
        ${at}, ${at})`.execute(db);
    await sql`insert into scheduler_runs
        (id, schedule_id, job, input, priority, priority_rank, status, trigger, attempts, max_attempts, backoff,
         scheduled_for, not_before, errors, created_at, updated_at)
      values ('r1', 's1', 'scheduler.heartbeat', '{}', 'normal', 2, 'succeeded', 'schedule', 1, 3, ${backoff},
        ${at}, ${at}, '[]', ${at}, ${at})`.execute(db);
  });
  afterEach(() => db.destroy());

  it('gives existing schedules and runs to tenant default, with no creator', async () => {
    expect((await migrator(Object.keys(schedulerMigrations)).migrateToLatest()).error).toBeUndefined();
    const schedules = new ScheduleRepository(database);
    expect(await schedules.get('default', 's1')).toMatchObject({ id: 's1', tenant: 'default', createdBy: null });
    expect(await schedules.get('desk-a', 's1')).toBeNull();
    const runs = new RunRepository(database);
    expect((await runs.list({ tenant: 'default' })).items.map((r) => [r.id, r.tenant, r.createdBy])).toEqual([
      ['r1', 'default', null],
    ]);
    expect((await runs.list({ tenant: 'desk-a' })).items).toEqual([]);
  });

  it('migrates down to the unowned tables, rows kept', async () => {
    const all = migrator(['0001_scheduler', '0002_scheduler_tenant']);
    await all.migrateToLatest();
    expect((await all.migrateDown()).error).toBeUndefined();
    const columns = (
      await sql<{ name: string }>`select name from pragma_table_info('scheduler_runs')`.execute(db)
    ).rows.map((r) => r.name);
    expect(columns).not.toContain('tenant');
    expect((await sql<{ n: number }>`select count(*) as n from scheduler_runs`.execute(db)).rows[0].n).toBe(1);
  });
});
