import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import { Pool } from 'pg';
import { Database, newId } from '@app/infrastructure';
import { lettaMigrations, memoryRecord, MemoryRepository, MemorySearchRepository } from '@app/letta/testing';
import { sqlAdmin, TEST_DATABASE_URL, urlWithSearchPath } from '../support/pg-schema';

const BEFORE = ['0001_letta_memory', '0002_letta_lookup_indexes', '0003_letta_agent_terms'];
const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, lettaMigrations[n]]));

interface Store {
  db: Kysely<any>;
  memories: MemoryRepository;
  search: MemorySearchRepository;
  migrate(migrations: Record<string, Migration>): Promise<void>;
}

function openStore(url: string): Store {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 2 }) }) });
  const database = new Database(db, 'postgres', undefined, 'test');
  return {
    db,
    memories: new MemoryRepository(database),
    search: new MemorySearchRepository(database),
    async migrate(migrations) {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    },
  };
}

const indexes = async (db: Kysely<any>) =>
  (
    await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
      where schemaname = current_schema() and tablename = 'letta_memories'`.execute(db)
  ).rows;

// A database written before 0004, then upgraded: search reads the agent-keyed index, finds what it
// found before, and the access update of a search leaves every index alone.
describe('0004_letta_agent_search_index on PostgreSQL', () => {
  const A = { tenant: 't1', agentId: 'alpha' };
  const B = { tenant: 't1', agentId: 'beta' };
  const now = new Date('2026-12-05T00:00:00Z');
  const schema = `letta_idx_${newId().toLowerCase()}`;
  let store: Store;

  const ids = async (scope: typeof A, terms: string[]) =>
    (await store.search.fullTextCandidates(scope, terms, {}, 10, now)).map((c) => c.id);

  beforeAll(async () => {
    await sqlAdmin(`CREATE SCHEMA "${schema}"`);
    store = openStore(urlWithSearchPath(TEST_DATABASE_URL, schema));
    await store.migrate(pick(BEFORE));
    const rows = Array.from({ length: 300 }, (_, i) => memoryRecord(`note ${i} on eurusd carry`, now));
    await store.memories.insert(A, rows.slice(0, 150));
    await store.memories.insert(B, rows.slice(150));
    await store.memories.insert(A, [memoryRecord('Hedging positions before the ECB meeting', now, { id: 'a-hedge' })]);
    await store.memories.insert(B, [memoryRecord('rare word zanzibar for beta', now, { id: 'b-rare' })]);
    await store.migrate(lettaMigrations);
  });

  afterAll(async () => {
    await store?.db.destroy();
    await sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('replaces the shared GIN index by one keyed by tenant and agent', async () => {
    const all = await indexes(store.db);
    expect(all.map((i) => i.name)).not.toContain('letta_memories_search_idx');
    expect(all.find((i) => i.name === 'letta_memories_agent_search_idx')?.def).toMatch(
      /USING gin \(tenant, agent_id, search\)/,
    );
  });

  it('finds the rows written before, stemmed, by phrase, and only the agent’s own', async () => {
    expect(await ids(A, ['hedged', 'position'])).toEqual(['a-hedge']);
    expect(await ids(A, ['ecb meeting'])).toEqual(['a-hedge']);
    expect(await ids(A, ['meeting ecb'])).toEqual([]);
    expect(await ids(A, ['zanzibar'])).toEqual([]);
    expect(await ids(B, ['zanzibar'])).toEqual(['b-rare']);
    expect((await store.search.fullTextCandidates(A, ['eurusd'], {}, 1000, now)).length).toBe(150);
  });

  it('serves the search statement from the keyed index', async () => {
    // A few hundred rows read fastest in sequence: the plan is asked without that choice.
    const plan = await store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (costs off) select id from letta_memories
        where tenant = ${A.tenant} and agent_id = ${A.agentId} and search @@ to_tsquery('english', 'zanzibar')
        order by created_at desc, id desc limit 1000`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on letta_memories_agent_search_idx\s+Index Cond: \(\(tenant = /);
  });

  it('records an access without changing an indexed column, so the update is HOT', async () => {
    const indexed = await sql<{ column: string }>`select distinct a.attname as column
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = 'letta_memories'::regclass`.execute(store.db);
    expect(indexed.rows.map((r) => r.column)).not.toEqual(expect.arrayContaining(['last_accessed_at']));
    expect(indexed.rows.map((r) => r.column)).not.toEqual(expect.arrayContaining(['access_count']));

    await store.memories.touch(A, ['a-hedge'], new Date(now.getTime() + 1000));
    const [touched] = await store.memories.findByIds(A, ['a-hedge'], now);
    expect(touched).toMatchObject({ accessCount: 1, lastAccessedAt: new Date(now.getTime() + 1000) });

    // This backend's own counts, before and after one update in one transaction: a HOT one.
    const counts = async (db: Kysely<any>) =>
      (
        await sql<{ upd: string; hot: string }>`select n_tup_upd as upd, n_tup_hot_upd as hot
          from pg_stat_xact_user_tables where relid = 'letta_memories'::regclass`.execute(db)
      ).rows[0];
    const hot = await store.db.transaction().execute(async (trx) => {
      const before = await counts(trx);
      await sql`update letta_memories set last_accessed_at = ${now}, access_count = access_count + 1
        where tenant = ${A.tenant} and agent_id = ${A.agentId} and id = 'a-hedge'`.execute(trx);
      const after = await counts(trx);
      return { upd: Number(after.upd) - Number(before.upd), hot: Number(after.hot) - Number(before.hot) };
    });
    expect(hot).toEqual({ upd: 1, hot: 1 });
  });

  it('migrates down to the shared index', async () => {
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => lettaMigrations } });
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const names = (await indexes(store.db)).map((i) => i.name);
    expect(names).toContain('letta_memories_search_idx');
    expect(names).not.toContain('letta_memories_agent_search_idx');
    expect(await ids(B, ['zanzibar'])).toEqual(['b-rare']);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});

// A database whose user may not create extensions (and where btree_gin is not installed): the
// migration keeps the shared index instead of failing, and search works as before.
describe('0004_letta_agent_search_index without btree_gin', () => {
  const A = { tenant: 't1', agentId: 'alpha' };
  const now = new Date('2026-12-05T00:00:00Z');
  const suffix = newId().toLowerCase();
  const database = `letta_noext_${suffix}`;
  const role = `letta_noext_${suffix}`;
  let store: Store | undefined;

  beforeAll(async () => {
    await sqlAdmin(`CREATE ROLE "${role}" LOGIN PASSWORD 'noext'`);
    await sqlAdmin(`CREATE DATABASE "${database}"`);
    // The role owns a schema of its own but has no CREATE on the database: no extension for it.
    const admin = new Pool({ connectionString: TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`), max: 1 });
    try {
      await admin.query(`REVOKE CREATE ON DATABASE "${database}" FROM PUBLIC`);
      await admin.query(`CREATE SCHEMA app AUTHORIZATION "${role}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(TEST_DATABASE_URL);
    url.username = role;
    url.password = 'noext';
    url.pathname = `/${database}`;
    store = openStore(urlWithSearchPath(url.toString(), 'app'));
  });

  afterAll(async () => {
    await store?.db.destroy();
    await sqlAdmin(`DROP DATABASE IF EXISTS "${database}"`);
    await sqlAdmin(`DROP ROLE IF EXISTS "${role}"`);
  });

  it('keeps the shared GIN index and still searches', async () => {
    await store!.migrate(pick(BEFORE));
    await store!.memories.insert(A, [memoryRecord('rare word zanzibar', now, { id: 'a-rare' })]);
    await store!.migrate(lettaMigrations);
    const names = (await indexes(store!.db)).map((i) => i.name);
    expect(names).toContain('letta_memories_search_idx');
    expect(names).not.toContain('letta_memories_agent_search_idx');
    const found = await store!.search.fullTextCandidates(A, ['zanzibar'], {}, 10, now);
    expect(found.map((c) => c.id)).toEqual(['a-rare']);
  });
});
