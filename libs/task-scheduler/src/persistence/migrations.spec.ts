import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database, QueuePauseRepository, queueMigrations } from '@app/infrastructure';
import { schedulerMigrations } from './migrations';
import { RunRepository } from './run.repository';
import { ScheduleRepository } from './schedule.repository';

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
    await sql`insert into scheduler_schedules (id, job, input, kind, every_ms, priority, max_attempts, backoff, overlap_policy, missed_policy, enabled, created_at, updated_at)
      values ('s1', 'scheduler.heartbeat', '{}', 'every', 60000, 'normal', 3, ${'{"type":"fixed","delayMs":1000,"maxDelayMs":1000}'}, 'skip', 'run-once', 1, ${at}, ${at})`.execute(
      db,
    );
    await sql`insert into scheduler_runs (id, schedule_id, job, input, priority, priority_rank, status, trigger, attempts, max_attempts, backoff, scheduled_for, not_before, errors, created_at, updated_at)
      values ('r1', 's1', 'scheduler.heartbeat', '{}', 'normal', 2, 'succeeded', 'schedule', 1, 3, ${'{"type":"fixed","delayMs":1000,"maxDelayMs":1000}'}, ${at}, ${at}, '[]', ${at}, ${at})`.execute(
      db,
    );
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

// A database whose scheduler.runs queue was paused (scheduler_queue_state), then upgraded: the
// pause moves to the store every managed queue shares, and stays.
describe('scheduler migration 0003 (queue pauses in the shared store)', () => {
  let db: Kysely<any>;
  const migrations = (names: string[]) => Object.fromEntries(names.map((n) => [n, schedulerMigrations[n]]));
  const migrator = (names: string[]) => {
    return new Migrator({ db, provider: { getMigrations: async () => migrations(names) } });
  };

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await queueMigrations['0001_queues_pauses'].up(db);
    expect((await migrator(['0001_scheduler', '0002_scheduler_tenant']).migrateToLatest()).error).toBeUndefined();
    const at = '2030-01-01T00:00:00.000Z';
    await sql`insert into scheduler_queue_state (name, paused, updated_at)
      values ('scheduler.runs', 1, ${at}), ('other.queue', 0, ${at})`.execute(db);
  });
  afterEach(() => db.destroy());

  it('keeps a paused scheduler.runs paused, as a whole-queue pause, and drops the old table', async () => {
    expect((await migrator(Object.keys(schedulerMigrations)).migrateToLatest()).error).toBeUndefined();
    const pauses = new QueuePauseRepository(new Database(db, 'sqlite', undefined, ':memory:'));
    expect(await pauses.state('scheduler.runs')).toEqual({ queue: true, tenants: new Set() });
    expect(await pauses.state('other.queue')).toEqual({ queue: false, tenants: new Set() });
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    expect(tables.rows.map((r) => r.name)).not.toContain('scheduler_queue_state');
  });

  it('migrates down to the old table with the whole-queue pause', async () => {
    const all = migrator(['0001_scheduler', '0002_scheduler_tenant', '0003_scheduler_queue_pauses']);
    await all.migrateToLatest();
    expect((await all.migrateDown()).error).toBeUndefined();
    const rows = await sql<{ name: string; paused: number }>`select name, paused from scheduler_queue_state`.execute(
      db,
    );
    expect(rows.rows).toEqual([{ name: 'scheduler.runs', paused: 1 }]);
  });
});

// Market triggers: a `market` JSON column; going down drops the column and the schedules that need it.
describe('scheduler migration 0004 (market triggers)', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => schedulerMigrations } });
  const at = new Date('2030-01-01T00:00:00.000Z');
  const schedule = (id: string, market: { calendar: string; at: string } | null) => ({
    id,
    tenant: 'desk-a',
    createdBy: 'ops',
    name: null,
    job: 'scheduler.heartbeat',
    input: {},
    kind: market ? ('market' as const) : ('every' as const),
    cron: null,
    timezone: null,
    everyMs: market ? null : 60_000,
    at: market ? null : at,
    market,
    priority: 'normal' as const,
    maxAttempts: 3,
    backoff: { type: 'fixed' as const, delayMs: 1000, maxDelayMs: 1000 },
    timeoutMs: null,
    overlapPolicy: 'skip' as const,
    missedPolicy: 'run-once' as const,
    enabled: true,
    nextFireAt: at,
    lastFireAt: null,
    createdAt: at,
    updatedAt: at,
  });

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    await queueMigrations['0001_queues_pauses'].up(db);
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('stores and reads a market trigger', async () => {
    const schedules = new ScheduleRepository(database);
    await schedules.insert(schedule('m1', { calendar: 'XNYS', at: 'open-30m' }));
    await schedules.insert(schedule('e1', null));
    const market = { calendar: 'XNYS', at: 'open-30m' };
    expect(await schedules.get('desk-a', 'm1')).toMatchObject({ kind: 'market', market });
    expect(await schedules.get('desk-a', 'e1')).toMatchObject({ kind: 'every', market: null, everyMs: 60_000 });
  });

  it('migrates down without the column, dropping market schedules and keeping the others', async () => {
    const schedules = new ScheduleRepository(database);
    await schedules.insert(schedule('m1', { calendar: 'XNYS', at: 'open-30m' }));
    await schedules.insert(schedule('e1', null));
    expect((await migrator().migrateDown()).error).toBeUndefined();
    const columns = (await sql<{ name: string }>`select name from pragma_table_info('scheduler_schedules')`.execute(db))
      .rows;
    expect(columns.map((r) => r.name)).not.toContain('market');
    const ids = (await sql<{ id: string }>`select id from scheduler_schedules`.execute(db)).rows.map((r) => r.id);
    expect(ids).toEqual(['e1']);
  });
});
