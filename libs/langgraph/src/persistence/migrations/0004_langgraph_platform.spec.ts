import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import { TenantStore } from '../../platform/tenant-store';
import { StoreItemRepository } from '../store-item.repository';
import { ThreadRepository } from '../thread.repository';
import { langgraphMigrations } from './index';

const PLATFORM_TABLES = [
  'langgraph_threads',
  'langgraph_assistants',
  'langgraph_store_items',
  'langgraph_crons',
  'langgraph_stream_events',
];

// Migration 0004's tables through their repositories (threads per tenant, the store as LangGraph's
// BaseStore), and the way back.
describe('0004_langgraph_platform', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => langgraphMigrations } });
  const at = new Date('2030-01-02T14:00:00.000Z');
  const tables = async () =>
    (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map(
      (r) => r.name,
    );

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('keeps thread ids unique across tenants and reads a thread only as its tenant', async () => {
    const threads = new ThreadRepository(database);
    const thread = (tenant: string) => ({
      tenant,
      threadId: 'T1',
      metadata: { desk: 'fx' },
      status: 'idle' as const,
      graphId: null,
      assistantId: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(await threads.insert(thread('a'))).toBe(true);
    expect(await threads.insert(thread('b'))).toBe(false);
    expect(await threads.find('b', 'T1')).toBeNull();
    expect(await threads.search('a', { metadata: { desk: 'fx' } }, { limit: 10, offset: 0 })).toHaveLength(1);
    expect(await threads.search('b', { metadata: { desk: 'fx' } }, { limit: 10, offset: 0 })).toEqual([]);
  });

  it('serves LangGraph store operations per tenant: prefix search by whole labels, filters, namespaces', async () => {
    const items = new StoreItemRepository(database);
    const a = new TenantStore('a', items);
    await a.put(['portfolio', 'fx'], 'positions', { EURUSD: 10 });
    await a.put(['portfolio', 'fx_2'], 'positions', { EURUSD: 20 });
    await a.put(['portfolio%'], 'odd', { EURUSD: 30 });
    expect((await a.get(['portfolio', 'fx'], 'positions'))?.value).toEqual({ EURUSD: 10 });
    expect((await a.search(['portfolio', 'fx'])).map((i) => i.namespace)).toEqual([['portfolio', 'fx']]);
    expect(
      (await a.search(['portfolio'], { filter: { EURUSD: { $gte: 20 } } })).map((i) => i.value.EURUSD).sort(),
    ).toEqual([20]);
    expect(await a.listNamespaces({ prefix: ['portfolio'] })).toEqual([
      ['portfolio', 'fx'],
      ['portfolio', 'fx_2'],
    ]);
    expect(await new TenantStore('b', items).get(['portfolio', 'fx'], 'positions')).toBeNull();
    await a.delete(['portfolio', 'fx'], 'positions');
    expect(await a.get(['portfolio', 'fx'], 'positions')).toBeNull();
  });

  it('migrates down without the Platform tables and run columns', async () => {
    expect((await migrator().migrateTo('0003_langgraph_risk_halts')).error).toBeUndefined();
    const names = await tables();
    expect(names).toContain('langgraph_runs');
    for (const gone of PLATFORM_TABLES) expect(names).not.toContain(gone);
    const columns = (await sql<{ name: string }>`pragma table_info(langgraph_runs)`.execute(db)).rows.map(
      (r) => r.name,
    );
    expect(columns).not.toContain('thread_id');
  });
});
