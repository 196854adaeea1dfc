import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import type { RiskApproval } from '../../risk/risk-approval.types';
import { HaltRepository } from '../halt.repository';
import { langgraphMigrations } from './index';
import { RiskApprovalRepository } from '../risk-approval.repository';
import { RiskLimitRepository } from '../risk-limit.repository';

// Migration 0003's tables through their repositories: limits per tenant and desk, approval
// requests judged once, kill switches; and the way back.
describe('0003_langgraph_risk_halts', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => langgraphMigrations } });
  const at = new Date('2030-01-02T14:00:00.000Z');

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('keeps one limit per tenant, desk, metric and symbol, and lists a desk’s with the tenant-wide ones', async () => {
    const repo = new RiskLimitRepository(database);
    const limit = (id: string, tenant: string, desk: string | null, max: number) => ({
      id,
      tenant,
      desk,
      metric: 'notional' as const,
      symbol: null,
      max,
      createdBy: 'a',
      createdAt: at,
      updatedAt: at,
    });
    expect((await repo.upsert(limit('L1', 't1', null, 100))).created).toBe(true);
    const again = await repo.upsert(limit('L2', 't1', null, 200));
    expect(again).toMatchObject({ created: false, limit: { id: 'L1', max: 200 } });
    await repo.upsert(limit('L3', 't1', 'eq', 50));
    await repo.upsert(limit('L4', 't1', 'fx', 60));
    await repo.upsert(limit('L5', 't2', null, 70));
    const eq = (await repo.list('t1', 'eq')).map((l) => [l.id, l.desk, l.max]);
    expect(eq).toEqual([
      ['L1', null, 200],
      ['L3', 'eq', 50],
    ]);
    expect((await repo.list('t1', null)).map((l) => l.id)).toEqual(['L1']);
    expect((await repo.list('t1')).map((l) => l.id)).toEqual(['L1', 'L3', 'L4']);
    expect(await repo.delete('t2', 'L1')).toBe(false);
    expect(await repo.find('t1', 'L1')).toBeDefined();
  });

  it('stores an approval request once and records one decision', async () => {
    const repo = new RiskApprovalRepository(database);
    const key = { runId: 'r1', nodeKey: 'gate', visit: 1 };
    const request: RiskApproval = {
      ...key,
      tenant: 't1',
      desk: 'eq',
      breaches: [],
      prices: { SPY: 500 },
      priceBand: 0.02,
      status: 'pending',
      requestedAt: at,
      expiresAt: new Date(at.getTime() + 60_000),
      decidedBy: null,
      decidedAt: null,
      reason: null,
    };
    expect(await repo.insertOrGet(request)).toEqual(request);
    // A re-executed gate asking again gets the first request, with its time.
    const later = { ...request, requestedAt: new Date(at.getTime() + 5000) };
    expect((await repo.insertOrGet(later)).requestedAt).toEqual(at);
    expect(await repo.pendingExpiredBefore(new Date(at.getTime() + 30_000))).toEqual([]);
    expect((await repo.pendingExpiredBefore(new Date(at.getTime() + 61_000))).map((a) => a.runId)).toEqual(['r1']);
    expect(await repo.decide(key, 'approved', 'bob', at, 'ok')).toBe(true);
    expect(await repo.decide(key, 'expired', null, at, 'late')).toBe(false);
    expect(await repo.find(key)).toMatchObject({ status: 'approved', decidedBy: 'bob' });
  });

  it('holds a tenant by its own switch or the global one; a second halt keeps the first', async () => {
    const repo = new HaltRepository(database);
    await repo.insert('t1', 'outage', 'ops', at);
    await repo.insert('t1', 'again', 'ops', new Date(at.getTime() + 1000));
    const first = { scope: 'tenant', tenant: 't1', reason: 'outage', haltedBy: 'ops', haltedAt: at };
    expect(await repo.holding('t1')).toEqual([first]);
    expect(await repo.holding('t2')).toEqual([]);
    await repo.insert('*', 'market-wide', 'root', at);
    expect((await repo.holding('t2')).map((h) => h.scope)).toEqual(['global']);
    expect(await repo.delete('t1')).toBe(true);
    expect((await repo.all()).map((h) => h.scope)).toEqual(['global']);
  });

  it('migrates down without the three tables', async () => {
    // Down to the migration before this one (later migrations are undone on the way).
    expect((await migrator().migrateTo('0002_langgraph_pending_decision')).error).toBeUndefined();
    const rows = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
    const tables = rows.map((r) => r.name);
    expect(tables).toContain('langgraph_runs');
    for (const gone of ['langgraph_risk_limits', 'langgraph_risk_approvals', 'langgraph_halts']) {
      expect(tables).not.toContain(gone);
    }
  });
});
