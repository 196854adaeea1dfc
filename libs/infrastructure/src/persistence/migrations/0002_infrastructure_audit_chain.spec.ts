import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { AuditChainVerifier } from '../../audit/audit-chain.verifier';
import { AuditLogRepository } from '../audit-log.repository';
import { AuditLog } from '../../audit/audit-log.service';
import { Database } from '../database';
import { toDbJson } from '../column-values';
import { createAuditLog } from './0001_infrastructure_audit_log';
import { chainAuditLog } from './0002_infrastructure_audit_chain';

// A database written before 0002 (rows without seq or hashes), then upgraded: the old rows become
// the start of the chain, in time order, and new entries continue it.
describe('0002_audit_chain', () => {
  let db: Kysely<any>;
  const migrator = (migrations: Record<string, Migration>) =>
    new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const all = { '0001_audit_log': createAuditLog, '0002_audit_chain': chainAuditLog };

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    expect((await migrator({ '0001_audit_log': createAuditLog }).migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('links rows written before the chain in (at, id) order and continues the chain after them', async () => {
    const old = [
      { id: '01B', at: '2026-01-02T00:00:00.000Z', action: 'second' },
      { id: '01A', at: '2026-01-01T00:00:00.000Z', action: 'first' },
    ];
    for (const row of old) {
      const values = { ...row, outcome: 'success', resource: 'r', details: toDbJson({ k: 1 }) };
      await db.insertInto('audit_log').values(values).execute();
    }
    expect((await migrator(all).migrateToLatest()).error).toBeUndefined();

    const repository = new AuditLogRepository(new Database(db, 'sqlite', undefined, ':memory:'));
    const log = new AuditLog(repository);
    const added = await log.record({ action: 'third', outcome: 'success' });
    const chain = await repository.chainPage(0, 10, 10);
    expect(chain.map((e) => [e.seq, e.action, e.target])).toEqual([
      [1, 'first', 'r'],
      [2, 'second', 'r'],
      [3, 'third', null],
    ]);
    expect(added.prevHash).toBe(chain[1].hash);
    expect(await new AuditChainVerifier(repository).verify()).toMatchObject({ ok: true, checked: 3, head: { seq: 3 } });
  });

  it('reverts to the 0001 table', async () => {
    await migrator(all).migrateToLatest();
    expect((await migrator(all).migrateDown()).error).toBeUndefined();
    const table = (await db.introspection.getTables()).find((t) => t.name === 'audit_log');
    const columns = ['id', 'at', 'principal_id', 'tenant', 'action', 'resource', 'outcome', 'details', 'request_id'];
    expect(table?.columns.map((c) => c.name)).toEqual(columns);
  });
});
