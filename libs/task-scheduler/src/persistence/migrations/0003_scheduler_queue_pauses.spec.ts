import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database, QueuePauseRepository, queueMigrations } from '@app/infrastructure';
import { schedulerMigrations } from './index';

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
