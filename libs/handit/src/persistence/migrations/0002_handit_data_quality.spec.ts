import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import { handitMigrations } from '.';
import { DataPolicyRepository } from '../data-policy.repository';
import { TaskLineageRepository } from '../task-lineage.repository';
import type { TaskLineage } from '../../lineage/task-lineage.types';

// Lineage and data policies on the tables of migration 0002, tenant by tenant, and the way back.
describe('0002_handit_data_quality', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => handitMigrations } });
  const at = new Date('2026-12-01T00:00:00.000Z');
  const lineage = (taskId: string, tenant: string): TaskLineage => ({
    taskId,
    tenant,
    algorithm: 'sha256',
    digest: 'a'.repeat(64),
    dataDigest: 'b'.repeat(64),
    parametersDigest: 'c'.repeat(64),
    model: { id: 'etf-specialist', version: '1.0.0' },
    record: {
      type: 'trading_signal',
      dataFields: ['candles'],
      series: [],
      engineParameters: { type: 'trading_signal', input: {}, model: {} },
    },
    dataQuality: { policy: 'warn', series: [], warnings: [] },
    createdAt: at,
  });

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('keeps a task lineage for its tenant only, and sweeps it once its task is gone', async () => {
    const repo = new TaskLineageRepository(database);
    await repo.insert(lineage('t1', 'desk-a'));
    await repo.insert(lineage('t2', 'desk-a'));
    expect(await repo.find('desk-a', 't1')).toEqual(lineage('t1', 'desk-a'));
    expect(await repo.find('desk-b', 't1')).toBeUndefined();
    // t2's task still exists: only t1's lineage is an orphan.
    const now = at.toISOString();
    await sql`insert into handit_tasks
      (id, tenant, type, model_id, model_version, priority, status, options, cache_hit, created_at, available_at)
      values ('t2', 'desk-a', 'trading_signal', 'etf-specialist', '1.0.0', 'normal', 'succeeded', '{}', 0,
        ${now}, ${now})`.execute(db);
    expect(await repo.deleteOrphansBefore(new Date('2026-12-02T00:00:00Z'))).toBe(1);
    expect(await repo.find('desk-a', 't1')).toBeUndefined();
    expect(await repo.find('desk-a', 't2')).toBeDefined();
  });

  it('stores one data policy override per tenant, replaced on save', async () => {
    const repo = new DataPolicyRepository(database);
    const override = {
      tenant: 'desk-a',
      policy: 'reject' as const,
      staleness: { '1d': '2d' },
      zeroVolumeRun: null,
      updatedBy: 'ops',
      updatedAt: at,
    };
    await repo.save(override);
    await repo.save({ ...override, policy: null, staleness: { '5m': '20m' }, zeroVolumeRun: 0 });
    const replaced = { ...override, policy: null, staleness: { '5m': '20m' }, zeroVolumeRun: 0 };
    expect(await repo.find('desk-a')).toEqual(replaced);
    expect(await repo.find('desk-b')).toBeUndefined();
    expect(await repo.delete('desk-a')).toBe(true);
    expect(await repo.find('desk-a')).toBeUndefined();
  });

  it('migrates down to the tasks table alone', async () => {
    // Down to 0001, through whatever came after 0002.
    expect((await migrator().migrateTo('0001_handit_tasks')).error).toBeUndefined();
    const rows = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
    const tables = rows.map((r) => r.name);
    expect(tables).toContain('handit_tasks');
    expect(tables).not.toContain('handit_task_lineage');
    expect(tables).not.toContain('handit_data_policies');
  });
});
