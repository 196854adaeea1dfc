import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import { AgentRepository } from '../agent.repository';
import { agentCoordinatorMigrations as AGENT_MIGRATIONS } from './index';

// A database written before breakers were stored, then upgraded: its agents start closed (as
// every start did before), and an outcome then stores the breaker with the averages.
describe('agents migration 0002 (circuit breaker state)', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = (names: string[]) =>
    new Migrator({
      db,
      provider: { getMigrations: async () => Object.fromEntries(names.map((n) => [n, AGENT_MIGRATIONS[n]])) },
    });

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator(['0001_agents']).migrateToLatest()).error).toBeUndefined();
    const at = '2030-01-01T00:00:00.000Z';
    await sql`insert into agents (id, tenant, name, kind, capabilities, model, max_concurrency, metadata, paused, last_heartbeat_at, success_ewma, latency_ewma_ms, consecutive_failures, handled, failed, last_outcome_at, created_at, updated_at, deregistered_at)
      values ('a1', 'acme', 'desk', 'external', '["job"]', null, 1, '{}', 0, ${at}, 0.5, 12.5, 2, 10, 4, ${at}, ${at}, ${at}, null)`.execute(
      db,
    );
  });
  afterEach(() => db.destroy());

  it('existing agents read as closed; an outcome stores the breaker, which reads back', async () => {
    expect((await migrator(Object.keys(AGENT_MIGRATIONS)).migrateToLatest()).error).toBeUndefined();
    const agents = new AgentRepository(database);
    expect(await agents.findById('a1')).toMatchObject({
      consecutiveFailures: 2,
      handled: 10,
      breaker: { state: 'closed', openedAt: null, failures: 0, attempt: 0 },
    });
    expect(await agents.listOpenBreakers()).toEqual([]);
    const openedAt = Date.parse('2030-01-01T00:00:05.000Z');
    await agents.recordOutcome('a1', {
      successEwma: 0.35,
      latencyEwmaMs: 12.5,
      consecutiveFailures: 3,
      ok: false,
      at: new Date(openedAt),
      breaker: { state: 'open', openedAt, failures: 3, attempt: 1 },
    });
    expect(await agents.findById('a1')).toMatchObject({
      consecutiveFailures: 3,
      handled: 11,
      failed: 5,
      breaker: { state: 'open', openedAt, failures: 3, attempt: 1 },
    });
    expect((await agents.listOpenBreakers()).map((a) => a.id)).toEqual(['a1']);
  });

  it('migrates down to the table without breaker columns, rows kept', async () => {
    const all = migrator(Object.keys(AGENT_MIGRATIONS));
    await all.migrateToLatest();
    // Down to 0001: later migrations (0003 message trace) are undone on the way.
    expect((await all.migrateTo('0001_agents')).error).toBeUndefined();
    const columns = (await sql<{ name: string }>`select name from pragma_table_info('agents')`.execute(db)).rows.map(
      (r) => r.name,
    );
    expect(columns.filter((c) => c.startsWith('breaker_'))).toEqual([]);
    expect((await sql<{ n: number }>`select count(*) as n from agents`.execute(db)).rows[0].n).toBe(1);
  });
});
