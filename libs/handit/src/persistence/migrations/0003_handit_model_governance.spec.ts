import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Database } from '@app/infrastructure';
import { handitMigrations } from '.';
import { ModelRegistryRepository } from '../model-registry.repository';
import { ShadowRunRepository } from '../shadow-run.repository';

// The registry and shadow-run tables of migration 0003, a tenant's shadow runs, and the way back.
describe('0003_handit_model_governance', () => {
  let db: Kysely<any>;
  let database: Database;
  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => handitMigrations } });
  const at = new Date('2026-12-01T00:00:00.000Z');

  beforeEach(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    database = new Database(db, 'sqlite', undefined, ':memory:');
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
  afterEach(() => db.destroy());

  it('stores a model with its first version and a rule, bumping the revision on each change', async () => {
    const repo = new ModelRegistryRepository(database);
    expect(await repo.revision()).toBe(0);
    const model = {
      id: 'm-one',
      name: 'One',
      description: '',
      taskTypes: ['trading_signal' as const],
      assetClasses: ['equities' as const],
      createdBy: 'ops',
      createdAt: at,
    };
    const version = {
      modelId: 'm-one',
      version: 'v1',
      engine: 'equities-technical',
      external: null,
      parameters: { trading_signal: { rsiPeriod: 10 } },
      status: 'active' as const,
      fallbackVersion: null,
      builtIn: false,
      createdBy: 'ops',
      createdAt: at,
      updatedAt: at,
    };
    await repo.createModel(model, version);
    await repo.saveRule({
      modelId: 'm-one',
      tenant: null,
      split: [{ version: 'v1', weight: 1 }],
      sticky: { by: 'symbol' },
      updatedBy: 'ops',
      updatedAt: at,
    });
    await repo.saveRule({
      modelId: 'm-one',
      tenant: null,
      split: [{ version: 'v1', weight: 2 }],
      sticky: null,
      updatedBy: 'ops',
      updatedAt: at,
    });
    const contents = await repo.load(() => false);
    expect(contents.revision).toBe(3);
    expect(contents.models).toEqual([model]);
    expect(contents.versions).toEqual([version]);
    expect(contents.rules).toEqual([
      {
        modelId: 'm-one',
        tenant: null,
        split: [{ version: 'v1', weight: 2 }],
        sticky: null,
        updatedBy: 'ops',
        updatedAt: at,
      },
    ]);
    expect(await repo.deleteRule('m-one', null)).toBe(true);
    expect(await repo.deleteRule('m-one', null)).toBe(false);
    expect(await repo.revision()).toBe(4);
  });

  it('keeps shadow runs per tenant', async () => {
    const repo = new ShadowRunRepository(database);
    const run = {
      id: 's1',
      taskId: 't1',
      tenant: 'desk-a',
      modelId: 'equities-technical',
      championVersion: 'v1',
      version: 'v2',
      status: 'succeeded' as const,
      result: { action: 'buy' },
      error: null,
      durationMs: 3,
      championDurationMs: 2,
      agreed: false,
      createdAt: at,
    };
    await repo.insert(run);
    expect(await repo.forTask('desk-a', 't1')).toEqual([run]);
    expect(await repo.forTask('desk-b', 't1')).toEqual([]);
    const scope = { modelId: 'equities-technical', since: new Date(at.getTime() - 1000), limit: 10 };
    expect(await repo.inWindow({ ...scope, tenant: 'desk-b' })).toEqual([]);
    expect(await repo.inWindow({ ...scope, tenant: null })).toHaveLength(1);
    expect(await repo.deleteBefore(new Date(at.getTime() + 1))).toBe(1);
  });

  it('migrates down to the tasks, lineage and data policy tables', async () => {
    // Down to 0002, through whatever came after 0003.
    expect((await migrator().migrateTo('0002_handit_data_quality')).error).toBeUndefined();
    const rows = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
    const tables = rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['handit_tasks', 'handit_task_lineage', 'handit_data_policies']));
    for (const gone of ['handit_models', 'handit_model_versions', 'handit_routing_rules', 'handit_shadow_runs'])
      expect(tables).not.toContain(gone);
  });
});
