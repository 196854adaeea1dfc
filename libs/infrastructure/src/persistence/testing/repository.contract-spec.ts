/**
 * The repository contract: one suite, run on every dialect. `persistence.sqlite.spec.ts` runs it
 * on a temporary SQLite file (npm test); test/integration/persistence.int-spec.ts on PostgreSQL
 * (npm run test:integration). Named `*.contract-spec.ts` so that neither Jest collects it as a test
 * of its own nor `nest build` ships it.
 */
import { Injectable, Module, ModuleMetadata, OnModuleInit } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import type { Kysely, Migration } from 'kysely';
import { AuditChainVerifier } from '../../audit/audit-chain.verifier';
import { AuditLog } from '../../audit/audit-log.service';
import { columnTypes } from '../column-types';
import { AnySchema, Database } from '../database';
import { DatabaseOptions, resolveDialect } from '../database-options';
import { DatabaseHealthIndicator } from '../health/database.health';
import { newId } from '../ids';
import { infrastructureMigrations } from '../migrations';
import { INFRASTRUCTURE_NAMESPACE } from '../migrator/migration-registry';
import { MigrationFailedError, runMigrations } from '../migrator/run-migrations';
import { InvalidCursorError, encodeCursor } from '../pagination/cursor';
import { MAX_PAGE_LIMIT, paginate } from '../pagination/paginate';
import { PersistenceModule } from '../persistence.module';
import { describeAuditLogContract, uniqueTenant } from './audit-log.contract-spec';
import { describeColumnValuesContract, insertContractItem } from './column-values.contract-spec';
import { fromDbInteger, fromDbJson, toDbBoolean, toDbJson, toDbTimestamp } from '../column-values';

export interface ContractTarget {
  readonly options: DatabaseOptions;
  /** Removes whatever the run created (temporary file, schema). */
  cleanup(): Promise<void>;
}

// A feature library, as handit or letta will be: its own migrations, and a provider that writes
// in onModuleInit, which only works if its migrations ran first.
const itemMigrations: Record<string, Migration> = {
  '0001_contract_items': {
    async up(db: Kysely<AnySchema>) {
      const t = columnTypes(db);
      await db.schema
        .createTable('contract_items')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('payload', t.json)
        .addColumn('flag', t.boolean, (c) => c.notNull())
        .addColumn('n', t.bigint)
        .execute();
    },
  },
};

// Sorts before `contract-items` but needs its table: only dependsOn makes it run second.
const seedMigrations: Record<string, Migration> = {
  '0001_seed_item': {
    async up(db: Kysely<AnySchema>) {
      await db
        .insertInto('contract_items')
        .values({
          id: newId(),
          at: toDbTimestamp(new Date(0)),
          payload: toDbJson({ seeded: true }),
          flag: toDbBoolean(columnTypes(db).boolean === 'boolean' ? 'postgres' : 'sqlite', true),
          n: null,
        })
        .execute();
    },
  },
};

@Injectable()
class WritesOnInit implements OnModuleInit {
  seededId: string | undefined;
  constructor(private readonly database: Database) {}

  async onModuleInit(): Promise<void> {
    const id = newId();
    await insertContractItem(this.database, { id, payload: ['init'], flag: false, n: 1 });
    this.seededId = id;
  }
}

@Module({
  imports: [
    PersistenceModule.forFeature({
      namespace: 'contract-seed',
      migrations: seedMigrations,
      dependsOn: ['contract-items'],
    }),
    PersistenceModule.forFeature({ namespace: 'contract-items', migrations: itemMigrations }),
  ],
  providers: [WritesOnInit],
  exports: [WritesOnInit],
})
class ContractFeatureModule {}

async function boot(
  options: DatabaseOptions,
  extra: NonNullable<ModuleMetadata['imports']> = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ContractFeatureModule, PersistenceModule.forRootAsync({ useFactory: async () => options }), ...extra],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

export function describeRepositoryContract(name: string, makeTarget: () => Promise<ContractTarget>): void {
  describe(`persistence contract: ${name}`, () => {
    let target: ContractTarget;
    let moduleRef: TestingModule;
    let database: Database;
    let audit: AuditLog;
    let verifier: AuditChainVerifier;

    beforeAll(async () => {
      target = await makeTarget();
      moduleRef = await boot(target.options);
      database = moduleRef.get(Database);
      audit = moduleRef.get(AuditLog);
      verifier = moduleRef.get(AuditChainVerifier);
    });

    afterAll(async () => {
      await moduleRef?.close();
      await target?.cleanup();
    });

    describe('connection and migrations', () => {
      it('uses the dialect the URL asks for and answers ping', async () => {
        expect(database.dialect).toBe(resolveDialect(target.options.url));
        await expect(database.ping()).resolves.toBeUndefined();
      });

      it('records each namespace in its own migration table', async () => {
        const names = async (table: string) =>
          (await database.db.selectFrom(table).select('name').orderBy('name').execute()).map((r) => r.name);
        expect(await names('kysely_migration_infrastructure')).toEqual(Object.keys(infrastructureMigrations));
        expect(await names('kysely_migration_contract_items')).toEqual(['0001_contract_items']);
        expect(await names('kysely_migration_contract_seed')).toEqual(['0001_seed_item']);
      });

      it('runs feature migrations (in dependsOn order) before any onModuleInit queries', async () => {
        const seeded = moduleRef.get(WritesOnInit).seededId;
        expect(seeded).toBeDefined();
        const rows = await database.db.selectFrom('contract_items').select(['id', 'payload']).execute();
        const payloads = rows.map((r) => fromDbJson(database.dialect, r.payload));
        expect(payloads).toEqual(expect.arrayContaining([{ seeded: true }, ['init']]));
        expect(rows.map((r) => r.id)).toContain(seeded);
      });

      it('applies nothing the second time and keeps the data (a restart)', async () => {
        const before = await audit.record({ action: 'restart.check', outcome: 'success', tenant: uniqueTenant() });
        const reports = await runMigrations(database, [
          { namespace: INFRASTRUCTURE_NAMESPACE, migrations: infrastructureMigrations },
          { namespace: 'contract-items', migrations: itemMigrations },
        ]);
        expect(reports.map((r) => r.applied)).toEqual([[], []]);

        const second = await boot(target.options);
        try {
          const page = await second.get(AuditLog).list({ tenant: before.tenant ?? undefined });
          expect(page.items.map((e) => e.id)).toEqual([before.id]);
        } finally {
          await second.close();
        }
      });

      it('stops start-up on a failing migration, naming it, and leaves no partial schema', async () => {
        const broken: Record<string, Migration> = {
          '0001_partial': {
            async up(db: Kysely<AnySchema>) {
              await db.schema.createTable('contract_partial').addColumn('id', 'text').execute();
              throw new Error('boom: column type not supported');
            },
          },
        };
        const attempt = boot(target.options, [
          PersistenceModule.forFeature({ namespace: 'contract-broken', migrations: broken }),
        ]);
        await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
        await expect(attempt).rejects.toMatchObject({
          namespace: 'contract-broken',
          migration: '0001_partial',
          message: expect.stringContaining('boom: column type not supported'),
        });
        const tables = (await database.db.introspection.getTables()).map((t) => t.name);
        expect(tables).not.toContain('contract_partial');
        expect(tables).toContain('audit_log');
        const recorded = await database.db.selectFrom('kysely_migration_contract_broken').select('name').execute();
        expect(recorded).toEqual([]);
      });

      it('reports up through the Terminus indicator', async () => {
        const result = await moduleRef.get(DatabaseHealthIndicator).isHealthy('db', 2000);
        expect(result.db).toMatchObject({ status: 'up', dialect: database.dialect });
      });
    });

    describeAuditLogContract(() => ({ database, audit, verifier }));

    describe('pagination', () => {
      async function walk(query: { tenant: string; limit: number }) {
        const ids: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await audit.list({ ...query, cursor });
          ids.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor !== null && pages < 100);
        return { ids, pages };
      }

      it('walks every entry exactly once, newest first, across pages', async () => {
        const tenant = uniqueTenant();
        const base = Date.parse('2031-03-01T00:00:00.000Z');
        const created = [];
        for (let i = 0; i < 11; i++)
          created.push(await audit.record({ tenant, at: new Date(base + i * 1000), action: 'p', outcome: 'success' }));
        const { ids, pages } = await walk({ tenant, limit: 4 });
        expect(pages).toBe(3);
        expect(ids).toEqual(created.map((e) => e.id).reverse());
      });

      it('orders entries with equal timestamps by id, stably across pages', async () => {
        const tenant = uniqueTenant();
        const same = new Date('2032-07-07T07:07:07.007Z');
        const created = [];
        for (let i = 0; i < 7; i++)
          created.push(await audit.record({ tenant, at: same, action: 'tie', outcome: 'success' }));
        const expected = created
          .map((e) => e.id)
          .sort()
          .reverse();
        for (const limit of [1, 2, 3, 7]) {
          expect((await walk({ tenant, limit })).ids).toEqual(expected);
        }
        // Entries made later in one process get larger ids, so "newest first" holds within a millisecond.
        expect(expected).toEqual(created.map((e) => e.id).reverse());
      });

      it('says there is no next page on the last one', async () => {
        const tenant = uniqueTenant();
        await audit.record({ tenant, action: 'x', outcome: 'success' });
        await audit.record({ tenant, action: 'x', outcome: 'success' });
        expect((await audit.list({ tenant, limit: 2 })).nextCursor).toBeNull();
        expect((await audit.list({ tenant, limit: 1 })).nextCursor).toEqual(expect.any(String));
      });

      it('clamps the limit to 1..max and defaults it', async () => {
        const tenant = uniqueTenant();
        const at = new Date('2033-01-01T00:00:00.000Z');
        await Promise.all(
          Array.from({ length: MAX_PAGE_LIMIT + 5 }, (_, i) =>
            audit.record({ tenant, at: new Date(at.getTime() + i), action: 'many', outcome: 'success' }),
          ),
        );
        expect((await audit.list({ tenant, limit: 0 })).items).toHaveLength(1);
        expect((await audit.list({ tenant, limit: -5 })).items).toHaveLength(1);
        expect((await audit.list({ tenant, limit: 10_000 })).items).toHaveLength(MAX_PAGE_LIMIT);
        expect((await audit.list({ tenant })).items).toHaveLength(20);
      });

      it.each([
        ['not base64url', '***'],
        ['base64 of non-JSON', Buffer.from('nope').toString('base64url')],
        ['wrong shape', Buffer.from(JSON.stringify({ at: 1 })).toString('base64url')],
        ['number key on a timestamp list', encodeCursor({ key: 12, id: '01J00000000000000000000000' })],
        ['non-ISO timestamp key', encodeCursor({ key: '2020-01-01 00:00', id: '01J00000000000000000000000' })],
      ])('rejects an invalid cursor (%s) with a cursor field error', async (_label, cursor) => {
        const error = await audit.list({ cursor }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidCursorError);
        expect(error).toMatchObject({ field: 'cursor', code: 'VALIDATION_FAILED' });
      });

      it('paginates any query on a numeric or text sort column', async () => {
        const ids = [newId(), newId(), newId()];
        for (const [i, id] of ids.entries()) {
          await insertContractItem(database, { id, payload: null, flag: true, n: 1000 + (i % 2) });
        }
        const query = database.db.selectFrom('contract_items').select(['id', 'n']).where('n', '>=', 1000);
        const first = await paginate(query, { limit: 2, orderBy: { column: 'n', direction: 'asc', type: 'number' } });
        const second = await paginate(query, {
          limit: 2,
          cursor: first.nextCursor,
          orderBy: { column: 'n', direction: 'asc', type: 'number' },
        });
        const order = [...first.items, ...second.items].map((r) => [fromDbInteger(r.n), r.id]);
        expect(order).toEqual([
          [1000, ids[0]],
          [1000, ids[2]],
          [1001, ids[1]],
        ]);
        expect(second.nextCursor).toBeNull();
      });
    });

    describeColumnValuesContract(() => ({ database, audit, verifier }));

    describe('shutdown', () => {
      it('closes the connection when the application shuts down', async () => {
        const app = await boot(target.options);
        const db = app.get(Database);
        await app.close();
        expect(db.isClosed).toBe(true);
        await expect(db.ping()).rejects.toThrow(/closed/);
        const health = await app.get(DatabaseHealthIndicator).isHealthy('db', 1000);
        expect(health.db.status).toBe('down');
      });
    });
  });
}
