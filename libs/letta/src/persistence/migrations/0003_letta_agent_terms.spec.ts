import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { Database } from '@app/infrastructure';
import { MemoryRepository } from '../memory.repository';
import { MemorySearchRepository } from '../memory-search.repository';
import { scopeToken } from '../scope-token';
import { createLettaMemory } from './0001_letta_memory';
import { addLookupIndexes } from './0002_letta_lookup_indexes';
import { keyFullTextByAgent } from './0003_letta_agent_terms';
import { memoryRecord } from '../../testing/memory-record';

// A database written by a release before 0003, then upgraded: every memory must stay findable
// through the agent-keyed index, and only by its own agent.
describe('0003_letta_agent_terms', () => {
  const A = { tenant: 't1', agentId: 'alpha' };
  const B = { tenant: 't1', agentId: 'beta' };
  const now = new Date('2026-12-01T00:00:00Z');
  let db: Kysely<any>;
  let repo: MemoryRepository;
  let search: MemorySearchRepository;

  const migrator = (migrations: Record<string, Migration>) =>
    new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const before = { '0001_letta_memory': createLettaMemory, '0002_letta_lookup_indexes': addLookupIndexes };
  const all = { ...before, '0003_letta_agent_terms': keyFullTextByAgent };

  async function insertOldRow(scope: typeof A, seq: number, content: string): Promise<void> {
    const at = now.toISOString();
    const id = `m${String(seq).padStart(6, '0')}`;
    await sql`insert into letta_memories
      (seq, id, tenant, agent_id, scope, type, content, importance, created_at, updated_at, last_accessed_at)
      values (${seq}, ${id}, ${scope.tenant}, ${scope.agentId}, ${scopeToken(scope)}, 'semantic', ${content}, 0.5,
        ${at}, ${at}, ${at})`.execute(db);
  }
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
  const ids = async (scope: typeof A, terms: string[]) =>
    (await search.fullTextCandidates(scope, terms, {}, 10, now)).map((c) => c.id);

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    const database = new Database(db, 'sqlite', undefined, ':memory:');
    repo = new MemoryRepository(database);
    search = new MemorySearchRepository(database);
    expect((await migrator(before).migrateToLatest()).error).toBeUndefined();
    // More rows than one back-fill page (2,000), and the same words for both agents.
    for (let i = 1; i <= 2100; i++) await insertOldRow(i % 2 ? A : B, i, `note ${i} on eurusd carry`);
    await insertOldRow(A, 2101, 'Café au lait before the ECB meeting');
    await insertOldRow(B, 2102, 'rare word zanzibar for beta');
  });

  afterEach(() => db.destroy());

  it('back-fills every row into the keyed index and drops the shared one', async () => {
    expect((await migrator(all).migrateToLatest()).error).toBeUndefined();
    expect(await count('letta_memory_terms')).toBe(2102);
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where name like 'letta_memories_fts%'`.execute(db)
    ).rows;
    expect(tables).toEqual([]);

    expect(await ids(A, ['cafe'])).toEqual(['m002101']); // diacritics folded as before
    expect(await ids(A, ['zanzibar'])).toEqual([]); // B's word is not A's
    expect(await ids(B, ['zanzibar'])).toEqual(['m002102']);
    expect(await ids(B, ['ecb meeting'])).toEqual([]);
    expect(await ids(A, ['ecb meeting'])).toEqual(['m002101']); // phrases still work
    expect(await ids(A, ['meeting ecb'])).toEqual([]);
    expect(await ids(A, ['2099'])).toEqual(['m002099']); // a row of the second page
  });

  it('keeps the index in step with deletes, content updates and new rows', async () => {
    await migrator(all).migrateToLatest();
    await repo.deleteIds(A, ['m002101']);
    expect(await count('letta_memory_terms')).toBe(2101);
    expect(await ids(A, ['cafe'])).toEqual([]);

    await repo.update(B, 'm002102', { type: 'semantic', isMessage: false, content: 'now about tokyo', updatedAt: now });
    expect(await ids(B, ['zanzibar'])).toEqual([]);
    expect(await ids(B, ['tokyo'])).toEqual(['m002102']);
    expect(await count('letta_memory_terms')).toBe(2101);

    const [added] = await repo.insert(A, [memoryRecord('Tokyo open sets the tone', now)]);
    expect(await ids(A, ['tokyo'])).toEqual([added.id]);
    expect(await ids(B, ['tokyo'])).toEqual(['m002102']);
  });

  it('migrates down to the shared index, rebuilt from the rows', async () => {
    await migrator(all).migrateToLatest();
    expect((await migrator(all).migrateDown()).error).toBeUndefined();
    const match = `scope:"${scopeToken(B)}" AND "zanzibar"`;
    const { rows } = await sql<{ rowid: number }>`
      select rowid from letta_memories_fts where letta_memories_fts match ${match}`.execute(db);
    expect(rows.map((r) => r.rowid)).toEqual([2102]);
    expect((await sql`select name from sqlite_master where name = 'letta_memory_terms'`.execute(db)).rows).toEqual([]);
  });
});
