/**
 * The repository contract: one suite, run on every dialect. `persistence.sqlite.spec.ts` runs it
 * on a temporary SQLite file (npm test); test/integration/persistence.int-spec.ts on PostgreSQL
 * (npm run test:integration). Named `*.contract-spec.ts` so that neither Jest collects it as a test
 * of its own nor `nest build` ships it.
 */
import { Injectable, Module, ModuleMetadata, OnModuleInit } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import type { Kysely, Migration } from 'kysely';
import { createHash } from 'node:crypto';
import { canonicalEntry, GENESIS_HASH } from '../../audit/audit-chain';
import { AuditChainVerifier } from '../../audit/audit-chain.verifier';
import { AuditLog } from '../../audit/audit-log.service';
import type { AuditLogEntry } from '../../audit/audit-log.types';
import { columnTypes } from '../column-types';
import { AnySchema, Database } from '../database';
import { DatabaseOptions, resolveDialect } from '../database-options';
import { DatabaseHealthIndicator } from '../health/database.health';
import { isId, newId } from '../ids';
import { infrastructureMigrations } from '../migrations';
import { INFRASTRUCTURE_NAMESPACE } from '../migrator/migration-registry';
import { MigrationFailedError, runMigrations } from '../migrator/run-migrations';
import { InvalidCursorError, encodeCursor } from '../pagination/cursor';
import { MAX_PAGE_LIMIT, paginate } from '../pagination/paginate';
import { PersistenceModule } from '../persistence.module';
import {
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
} from '../column-values';

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
    await this.database.db
      .insertInto('contract_items')
      .values({
        id,
        at: toDbTimestamp(new Date()),
        payload: toDbJson(['init']),
        flag: toDbBoolean(this.database.dialect, false),
        n: 1,
      })
      .execute();
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

/** Unique per test, so tests share one database without seeing each other's audit rows. */
const uniqueTenant = (): string => `tenant-${newId()}`;

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

    describe('AuditLog', () => {
      it('records an entry with a ULID id and returns it as stored', async () => {
        const tenant = uniqueTenant();
        const entry = await audit.record({
          principalId: 'key:ops',
          tenant,
          action: 'task.create',
          target: 'task/1',
          status: 201,
          sourceIp: '10.0.0.7',
          outcome: 'success',
          details: { model: 'forex', priority: 3 },
          requestId: 'req-1',
        });
        expect(isId(entry.id)).toBe(true);
        expect(Math.abs(entry.at.getTime() - Date.now())).toBeLessThan(5000);
        const [stored] = (await audit.list({ tenant })).items;
        expect(stored).toEqual(entry);
        expect(stored).toMatchObject({
          principalId: 'key:ops',
          target: 'task/1',
          status: 201,
          sourceIp: '10.0.0.7',
          requestId: 'req-1',
        });
      });

      it('stores absent optional fields as null', async () => {
        const tenant = uniqueTenant();
        await audit.record({ tenant, action: 'auth.login', outcome: 'denied' });
        const [stored] = (await audit.list({ tenant })).items;
        expect(stored).toMatchObject({
          principalId: null,
          target: null,
          status: null,
          sourceIp: null,
          details: null,
          requestId: null,
          outcome: 'denied',
        });
      });

      it('rejects an entry without action', async () => {
        await expect(audit.record({ action: '', outcome: 'success' })).rejects.toThrow(/action is required/);
      });

      it('lists newest first and filters by tenant, action, principal and time range', async () => {
        const tenant = uniqueTenant();
        const t0 = Date.parse('2030-01-01T00:00:00.000Z');
        const at = (minutes: number) => new Date(t0 + minutes * 60_000);
        await audit.record({ tenant, at: at(0), action: 'a', principalId: 'p1', outcome: 'success' });
        await audit.record({ tenant, at: at(2), action: 'b', principalId: 'p2', outcome: 'success' });
        await audit.record({ tenant, at: at(1), action: 'a', principalId: 'p2', outcome: 'failure' });
        await audit.record({ tenant: uniqueTenant(), at: at(3), action: 'a', principalId: 'p1', outcome: 'success' });

        const minutes = (items: { at: Date }[]) => items.map((e) => (e.at.getTime() - t0) / 60_000);
        expect(minutes((await audit.list({ tenant })).items)).toEqual([2, 1, 0]);
        expect(minutes((await audit.list({ tenant, action: 'a' })).items)).toEqual([1, 0]);
        expect(minutes((await audit.list({ tenant, principalId: 'p2' })).items)).toEqual([2, 1]);
        // from inclusive, to exclusive
        expect(minutes((await audit.list({ tenant, from: at(1), to: at(2) })).items)).toEqual([1]);
        expect(minutes((await audit.list({ action: 'a', principalId: 'p1', from: at(0), to: at(4) })).items)).toEqual([
          3, 0,
        ]);
      });

      it('keeps every concurrent insert', async () => {
        const tenant = uniqueTenant();
        const written = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            audit.record({ tenant, action: 'burst', outcome: 'success', details: { i } }),
          ),
        );
        expect(new Set(written.map((e) => e.id)).size).toBe(50);
        const listed = (await audit.list({ tenant, limit: 100 })).items;
        expect(listed).toHaveLength(50);
        expect(listed.map((e) => e.details?.i).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(50).keys()]);
        const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
        expect(await verifier.verify()).toMatchObject({ ok: true, firstBroken: null });
      });
    });

    describe('AuditLog hash chain', () => {
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      const row = (entry: AuditLogEntry) =>
        database.db.selectFrom('audit_log').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
      const update = (id: string, values: Record<string, unknown>) =>
        database.db.updateTable('audit_log').set(values).where('id', '=', id).execute();
      const entries = (actions: string[]) =>
        actions.map((action) => ({ tenant: uniqueTenant(), action, outcome: 'success' }));

      /** Runs `tamper`, checks what verify names, then puts the row(s) back so the chain is whole again. */
      async function expectBroken(tamper: () => Promise<() => Promise<void>>, expected: object): Promise<void> {
        const restore = await tamper();
        try {
          const report = await verifier.verify();
          expect(report.ok).toBe(false);
          expect(report.firstBroken).toMatchObject(expected);
        } finally {
          await restore();
        }
        expect((await verifier.verify()).ok).toBe(true);
      }

      it('links each entry to the one before: the next sequence number and its predecessor’s SHA-256', async () => {
        const tenant = uniqueTenant();
        const [first, second] = await audit.append([
          { tenant, action: 'POST /api/v1/things', target: 't1', status: 201, outcome: 'success', details: { b: 1 } },
          { tenant, action: 'DELETE /api/v1/things/:id', target: 't1', status: 403, outcome: 'denied' },
        ]);
        expect(second.seq).toBe(first.seq + 1);
        expect(second.prevHash).toBe(first.hash);
        const { hash, ...unhashed } = second;
        expect(hash).toBe(sha256(canonicalEntry(unhashed)));
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        const report = await verifier.verify();
        expect(report).toMatchObject({ ok: true, firstBroken: null, head: { seq: second.seq, hash: second.hash } });
        expect(report.anchor).toMatchObject({ seq: 1, kind: 'genesis', prevHash: GENESIS_HASH });
      });

      it('stores text that PostgreSQL and SQLite would refuse or rewrite so that it still verifies', async () => {
        const tenant = uniqueTenant();
        const target = 'nul\u0000lone\ud800';
        const details = { path: '/x\u0000' };
        const entry = await audit.record({ tenant, action: 'POST /x', target, outcome: 'failure', details });
        expect(entry.target).toBe('nul\ufffdlone\ufffd');
        expect((await verifier.verify()).ok).toBe(true);
      });

      it('names an edited entry (its fields no longer match its hash)', async () => {
        const [refused] = entries(['DELETE /api/v1/things/:id']);
        const [entry] = await audit.append([{ ...refused, outcome: 'denied', status: 403 }]);
        await expectBroken(
          async () => {
            await update(entry.id, { outcome: 'success', status: 200 });
            return async () => {
              await update(entry.id, { outcome: 'denied', status: 403 });
            };
          },
          { seq: entry.seq, id: entry.id, problem: 'hash_mismatch' },
        );
      });

      it('names a deleted entry (a gap in the sequence)', async () => {
        const [, middle, last] = await audit.append(entries(['a', 'b', 'c']));
        await expectBroken(
          async () => {
            const stored = await row(middle);
            await database.db.deleteFrom('audit_log').where('id', '=', middle.id).execute();
            return async () => {
              await database.db.insertInto('audit_log').values(stored).execute();
            };
          },
          { seq: middle.seq, id: null, problem: 'missing_entries' },
        );
        expect(last.seq).toBe(middle.seq + 1);
      });

      it('names re-ordered entries (swapped sequence numbers)', async () => {
        const [a, b] = await audit.append(entries(['a', 'b']));
        const setSeq = (id: string, seq: number) => update(id, { seq });
        const swap = async (x: AuditLogEntry, y: AuditLogEntry) => {
          await setSeq(x.id, -1);
          await setSeq(y.id, x.seq);
          await setSeq(x.id, y.seq);
        };
        await expectBroken(
          async () => {
            await swap(a, b);
            return async () => {
              await setSeq(b.id, -1);
              await setSeq(a.id, a.seq);
              await setSeq(b.id, b.seq);
            };
          },
          { seq: a.seq, id: b.id, problem: 'prev_hash_mismatch' },
        );
      });

      it('names entries removed from the end (the head records more)', async () => {
        const newest = await audit.record({ tenant: uniqueTenant(), action: 'last', outcome: 'success' });
        await expectBroken(
          async () => {
            const stored = await row(newest);
            await database.db.deleteFrom('audit_log').where('id', '=', newest.id).execute();
            return async () => {
              await database.db.insertInto('audit_log').values(stored).execute();
            };
          },
          { seq: newest.seq, id: null, problem: 'missing_tail' },
        );
      });

      it('names a row inserted outside the chain', async () => {
        const id = newId();
        await expectBroken(
          async () => {
            await database.db
              .insertInto('audit_log')
              .values({ id, at: toDbTimestamp(new Date()), action: 'forged', outcome: 'success' })
              .execute();
            return async () => {
              await database.db.deleteFrom('audit_log').where('id', '=', id).execute();
            };
          },
          { id, problem: 'unlinked_entry' },
        );
      });

      it('prunes a prefix of the chain, says so in audit.pruned, and verifies from the oldest kept entry', async () => {
        const tenant = uniqueTenant();
        const old = await audit.record({ tenant, action: 'old', outcome: 'success' });
        // Everything written so far (some tests write entries dated in the 2030s) is older than the cutoff.
        const result = await audit.prune(new Date('2100-01-01T00:00:00.000Z'));
        expect(result.deleted).toBeGreaterThan(0);
        expect(result.throughSeq).toBe(old.seq);
        expect((await audit.list({ tenant })).items).toEqual([]);
        const kept = await audit.record({ tenant, action: 'kept', outcome: 'success' });
        const [pruned] = (await audit.list({ action: 'audit.pruned' })).items;
        expect(pruned).toMatchObject({ seq: old.seq + 1, details: { throughSeq: old.seq, deleted: result.deleted } });

        const report = await verifier.verify();
        expect(report).toMatchObject({
          ok: true,
          firstSeq: pruned.seq,
          lastSeq: kept.seq,
          anchor: { kind: 'retention', seq: pruned.seq },
        });
        expect(await audit.prune(new Date(0))).toEqual({ deleted: 0, throughSeq: pruned.seq - 1 });

        // Removing the pruning record too leaves entries no pruning accounts for.
        await expectBroken(
          async () => {
            const stored = await row(pruned);
            await database.db.deleteFrom('audit_log').where('id', '=', pruned.id).execute();
            return async () => {
              await database.db.insertInto('audit_log').values(stored).execute();
            };
          },
          { seq: 1, id: null, problem: 'missing_entries' },
        );
      });
    });

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
          await database.db
            .insertInto('contract_items')
            .values({
              id,
              at: toDbTimestamp(new Date()),
              payload: null,
              flag: toDbBoolean(database.dialect, true),
              n: 1000 + (i % 2),
            })
            .execute();
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

    describe('row mappers', () => {
      it('round-trips timestamps to the millisecond, in UTC', async () => {
        const tenant = uniqueTenant();
        const instants = ['2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2038-01-19T03:14:08.001+02:00'];
        for (const iso of instants) await audit.record({ tenant, at: new Date(iso), action: 'ts', outcome: 'success' });
        const stored = (await audit.list({ tenant })).items.map((e) => e.at.getTime()).sort((a, b) => a - b);
        expect(stored).toEqual(instants.map((iso) => Date.parse(iso)).sort((a, b) => a - b));
      });

      it('round-trips JSON of every shape, including top-level arrays and strings', async () => {
        const values: unknown[] = [
          { nested: { list: [1, 'two', null, true], unicode: 'żółć €', empty: {} } },
          [1, 2, 3],
          [{ a: 1 }],
          'just a string',
          42.5,
          false,
        ];
        const ids: string[] = [];
        for (const value of values) {
          const id = newId();
          ids.push(id);
          await database.db
            .insertInto('contract_items')
            .values({
              id,
              at: toDbTimestamp(new Date()),
              payload: toDbJson(value),
              flag: toDbBoolean(database.dialect, false),
              n: null,
            })
            .execute();
        }
        const rows = await database.db
          .selectFrom('contract_items')
          .selectAll()
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
        expect(rows.map((r) => fromDbJson(database.dialect, r.payload))).toEqual(values);
        expect(rows.map((r) => fromDbBoolean(r.flag))).toEqual(values.map(() => false));
        expect(rows.every((r) => fromDbTimestamp(r.at) instanceof Date)).toBe(true);
      });

      it('round-trips booleans and 64-bit integers', async () => {
        const id = newId();
        const big = 2 ** 40 + 3;
        await database.db
          .insertInto('contract_items')
          .values({
            id,
            at: toDbTimestamp(new Date()),
            payload: null,
            flag: toDbBoolean(database.dialect, true),
            n: big,
          })
          .execute();
        const row = await database.db
          .selectFrom('contract_items')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(fromDbBoolean(row.flag)).toBe(true);
        expect(fromDbInteger(row.n)).toBe(big);
        expect(fromDbJson(database.dialect, row.payload)).toBeNull();
      });
    });

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
