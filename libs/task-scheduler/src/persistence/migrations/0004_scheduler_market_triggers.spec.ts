import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database, queueMigrations } from '@app/infrastructure';
import { ScheduleRepository } from '../schedule.repository';
import { schedulerMigrations } from './index';

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
    traceParent: null,
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
    // Down to 0003: later migrations (0005 trace columns) are undone first.
    expect((await migrator().migrateTo('0003_scheduler_queue_pauses')).error).toBeUndefined();
    const columns = (await sql<{ name: string }>`select name from pragma_table_info('scheduler_schedules')`.execute(db))
      .rows;
    expect(columns.map((r) => r.name)).not.toContain('market');
    const ids = (await sql<{ id: string }>`select id from scheduler_schedules`.execute(db)).rows.map((r) => r.id);
    expect(ids).toEqual(['e1']);
  });
});
