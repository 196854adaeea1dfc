/**
 * The trace store's tenant contract: one suite, run on every dialect. `trace-store.repository.spec.ts`
 * runs it on temporary SQLite files (npm test); test/integration/trace-store.int-spec.ts on
 * PostgreSQL (npm run test:integration). Named `*.contract-spec.ts` so that neither Jest collects
 * it as a test of its own nor `nest build` ships it.
 */
import { Logger } from '@nestjs/common';
import { Migrator, sql, type Migration } from 'kysely';
import {
  Database,
  DatabaseOptions,
  migrationTableNames,
  openDatabase,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import { langfuseMigrations } from './migrations';
import { createTraceStore } from './migrations/0001_langfuse_trace_store';
import type { SpanRecord } from '../traces/span-record';
import { NOT_A_GENERATION } from '../traces/testing/span-samples';
import { TraceStoreRepository } from './trace-store.repository';
import { ALL_TENANTS, type Score, type TraceSummary } from '../traces/trace-store.types';

export interface TraceStoreTarget {
  readonly options: DatabaseOptions;
  /** Removes whatever the target created (temporary file, schema). */
  cleanup(): Promise<void>;
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const traceId = (n: number) => hex(n, 32);
const spanId = (n: number) => hex(n, 16);

let nextSpan = 1;

/** A finished span as the processor hands it to the store. */
function span(over: Partial<SpanRecord> & { traceId: string; tenant: string | null; atMs: number }): SpanRecord {
  const { atMs, ...rest } = over;
  return {
    spanId: spanId(nextSpan++),
    parentSpanId: null,
    parentRemote: false,
    name: 'op',
    kind: 'internal',
    scope: 'contract',
    startTime: new Date(T0 + atMs),
    endTime: new Date(T0 + atMs + 10),
    durationMs: 10,
    status: 'ok',
    statusMessage: null,
    sessionId: null,
    userId: null,
    operation: null,
    ...NOT_A_GENERATION,
    attributes: rest.tenant ? { 'tenant.id': rest.tenant } : {},
    events: [],
    ...rest,
  };
}

function score(trace: TraceSummary, name: string): Score {
  return {
    id: `01JE${hex(nextSpan++, 22)}`.toUpperCase(),
    traceId: trace.id,
    tenant: trace.tenant,
    observationId: null,
    name,
    dataType: 'NUMERIC',
    value: 1,
    comment: null,
    principalId: 'p',
    createdAt: new Date(T0),
    langfuse: 'not_configured',
  };
}

function migrator(database: Database, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...migrationTableNames('langfuse'),
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

async function migrate(database: Database, migrations: Record<string, Migration>): Promise<void> {
  const { error } = await migrator(database, migrations).migrateToLatest();
  if (error) throw error;
}

/** `tenant:last two hex digits` of each trace part, e.g. `t1:a1`; `-` for no tenant. */
const ids = (items: { id: string; tenant: string | null }[]) =>
  items.map((t) => `${t.tenant ?? '-'}:${t.id.slice(-2)}`);

export function describeTraceStoreContract(name: string, makeTarget: () => Promise<TraceStoreTarget>): void {
  describe(`trace store tenants: ${name}`, () => {
    let target: TraceStoreTarget;
    let database: Database;
    let repo: TraceStoreRepository;
    const t1 = { tenant: 't1' };
    const t2 = { tenant: 't2' };
    // Alice's trace (t1), Bob's (t2), a start-up trace (no tenant), and one id both tenants used:
    // Bob sent Alice's trace id in his traceparent.
    const A = traceId(0xa1);
    const B = traceId(0xb2);
    const S = traceId(0x53);
    const X = traceId(0xaa);

    beforeAll(async () => {
      target = await makeTarget();
      database = await openDatabase(target.options, quiet);
      await migrate(database, { ...langfuseMigrations });
      repo = new TraceStoreRepository(database);
      const rootA = span({ traceId: A, tenant: 't1', atMs: 0, name: 'POST /a', sessionId: 'chat', userId: 'alice' });
      const rootX = span({ traceId: X, tenant: 't1', atMs: 100, name: 'POST /x', kind: 'server' });
      await repo.write([
        rootA,
        span({ traceId: A, tenant: 't1', atMs: 1, parentSpanId: rootA.spanId, name: 'task.execute', inputTokens: 5 }),
        span({ traceId: B, tenant: 't2', atMs: 200, name: 'POST /b', sessionId: 'chat', userId: 'bob' }),
        span({ traceId: S, tenant: null, atMs: 300, name: 'startup' }),
        rootX,
        span({ traceId: X, tenant: 't1', atMs: 101, parentSpanId: rootX.spanId, name: 'alice.child', inputTokens: 7 }),
      ]);
      // Bob's spans under Alice's trace id arrive in a later batch, as from another request.
      await repo.write([
        span({
          traceId: X,
          tenant: 't2',
          atMs: 150,
          parentSpanId: rootX.spanId,
          parentRemote: true,
          name: 'bob.joined',
          status: 'error',
          inputTokens: 1000,
        }),
      ]);
      // Newer than everything of t1: a filter applied after LIMIT would return no t1 trace first.
      for (let i = 0; i < 5; i++) {
        await repo.write([span({ traceId: traceId(0xc0 + i), tenant: 't2', atMs: 1000 + i, name: 'POST /flood' })]);
      }
    });

    afterAll(async () => {
      await database?.close();
      await target?.cleanup();
    });

    it('lists only the tenant’s traces, newest first, filtered before the page is cut', async () => {
      const first = await repo.listTraces(t1, { limit: 1 });
      expect(ids(first.items)).toEqual(['t1:aa']);
      const second = await repo.listTraces(t1, { limit: 1, cursor: first.nextCursor as string });
      expect(ids(second.items)).toEqual(['t1:a1']);
      expect(second.nextCursor).toBeNull();
      const bob = (await repo.listTraces(t2, { limit: 100 })).items;
      expect(ids(bob)).toEqual(['t2:c4', 't2:c3', 't2:c2', 't2:c1', 't2:c0', 't2:b2', 't2:aa']);
    });

    it('gives every tenant’s traces and those of none to the all-tenants scope', async () => {
      const all = (await repo.listTraces(ALL_TENANTS, { limit: 100 })).items;
      expect(all).toHaveLength(10);
      expect(ids(all)).toEqual(expect.arrayContaining(['-:53', 't1:a1', 't2:b2', 't1:aa', 't2:aa']));
      expect(ids((await repo.listTraces({ tenant: 'nobody' }, { limit: 100 })).items)).toEqual([]);
    });

    it('finds a trace only in its own tenant', async () => {
      expect(await repo.getTrace(t2, A)).toBeNull();
      expect(await repo.getTrace(t1, B)).toBeNull();
      expect(await repo.getTrace(t1, S)).toBeNull();
      const alice = await repo.getTrace(t1, A);
      expect(alice).toMatchObject({ id: A, tenant: 't1', spanCount: 2, inputTokens: 5, userId: 'alice' });
      expect(await repo.getTrace(ALL_TENANTS, S)).toMatchObject({ id: S, tenant: null, name: 'startup' });
    });

    it('keeps another tenant’s spans under the same trace id out of a trace’s counts and tree', async () => {
      const alice = (await repo.getTrace(t1, X)) as TraceSummary;
      expect(alice).toMatchObject({ tenant: 't1', name: 'POST /x', spanCount: 2, errorCount: 0, inputTokens: 7 });
      expect(alice.status).toBe('ok');
      const tree = await repo.observations(alice);
      const shape = tree.observations.map((o) => [o.name, o.children.map((c) => c.name)]);
      expect(shape).toEqual([['POST /x', ['alice.child']]]);

      const bob = (await repo.getTrace(t2, X)) as TraceSummary;
      expect(bob).toMatchObject({ tenant: 't2', name: 'bob.joined', spanCount: 1, status: 'error', inputTokens: 1000 });
      expect((await repo.observations(bob)).observations.map((o) => o.name)).toEqual(['bob.joined']);
      // The all-tenants scope gets the part that started first.
      expect(await repo.getTrace(ALL_TENANTS, X)).toMatchObject({ tenant: 't1', spanCount: 2 });
    });

    it('lists a session per tenant, though both tenants used the same session id', async () => {
      expect(ids((await repo.sessionTraces(t1, 'chat', {})).items)).toEqual(['t1:a1']);
      expect(ids((await repo.sessionTraces(t2, 'chat', {})).items)).toEqual(['t2:b2']);
      expect(ids((await repo.sessionTraces(ALL_TENANTS, 'chat', {})).items)).toEqual(['t1:a1', 't2:b2']);
    });

    it('samples only the tenant’s spans for the metrics summary', async () => {
      const names = async (scope: typeof t1 | typeof ALL_TENANTS) =>
        (await repo.spanSamples(scope, new Date(T0 - 1000), 100)).map((s) => s.name).sort();
      expect(await names(t1)).toEqual(['POST /a', 'POST /x', 'alice.child', 'task.execute']);
      expect(await names(t2)).toEqual(['POST /b', ...Array(5).fill('POST /flood'), 'bob.joined']);
      expect(await names(ALL_TENANTS)).toHaveLength(12);
    });

    it('keeps scores with the trace part they score', async () => {
      const alice = (await repo.getTrace(t1, X)) as TraceSummary;
      const bob = (await repo.getTrace(t2, X)) as TraceSummary;
      await repo.insertScore(score(alice, 'alice-score'));
      await repo.insertScore(score(bob, 'bob-score'));
      expect((await repo.scores(alice)).map((s) => [s.name, s.tenant])).toEqual([['alice-score', 't1']]);
      expect((await repo.scores(bob)).map((s) => [s.name, s.tenant])).toEqual([['bob-score', 't2']]);
    });

    it('knows a part’s observations only', async () => {
      const alice = (await repo.getTrace(t1, X)) as TraceSummary;
      const [root] = (await repo.observations(alice)).observations;
      expect(await repo.hasObservation(alice, root.spanId)).toBe(true);
      const bob = (await repo.getTrace(t2, X)) as TraceSummary;
      expect(await repo.hasObservation(bob, root.spanId)).toBe(false);
    });

    describe('migration 0002 on a store written before it', () => {
      let old: Database;
      let oldTarget: TraceStoreTarget;
      const OLD_A = traceId(0x0a);
      const OLD_S = traceId(0x05);

      async function insertOldTrace(id: string, tenant: string | null, atMs: number): Promise<void> {
        const at = (ms: number) => toDbTimestamp(T0 + ms);
        const attributes = toDbJson(tenant ? { 'tenant.id': tenant, 'http.route': '/x' } : { 'http.route': '/x' });
        for (const [n, attrs] of [
          [1, toDbJson({ 'task.id': 'k' })],
          [2, attributes],
        ] as const) {
          await sql`insert into obs_spans
              (id, trace_id, span_id, name, kind, scope, start_time, end_time, duration_ms, status, attributes)
            values (${id + spanId(n)}, ${id}, ${spanId(n)}, ${`span-${n}`}, 'internal', 'old',
              ${at(atMs + n)}, ${at(atMs + n + 5)}, 5, 'ok', ${attrs})`.execute(old.db);
        }
        await sql`insert into obs_traces (id, name, start_time, end_time, start_ms, end_ms, duration_ms, status,
            span_count, error_count, input_tokens, output_tokens)
          values (${id}, 'old', ${at(atMs)}, ${at(atMs + 10)}, ${T0 + atMs}, ${T0 + atMs + 10}, 10, 'ok',
            2, 0, 0, 0)`.execute(old.db);
        await sql`insert into obs_scores (id, trace_id, name, data_type, value_number, created_at, langfuse_status)
          values (${`score-${id}`}, ${id}, 'old', 'NUMERIC', 1, ${at(atMs)}, 'sent')`.execute(old.db);
      }

      beforeAll(async () => {
        oldTarget = await makeTarget();
        old = await openDatabase(oldTarget.options, quiet);
        await migrate(old, { '0001_trace_store': createTraceStore });
        await insertOldTrace(OLD_A, 't1', 0);
        await insertOldTrace(OLD_S, null, 50);
        await migrate(old, { ...langfuseMigrations });
      });

      afterAll(async () => {
        await old?.close();
        await oldTarget?.cleanup();
      });

      it('files each old trace, its spans and scores under the tenant its root span recorded', async () => {
        const store = new TraceStoreRepository(old);
        const alice = await store.getTrace(t1, OLD_A);
        expect(alice).toMatchObject({ tenant: 't1', spanCount: 2 });
        expect((await store.observations(alice as TraceSummary)).observations).toHaveLength(2);
        expect((await store.scores(alice as TraceSummary)).map((s) => s.tenant)).toEqual(['t1']);
        expect(await store.getTrace(t1, OLD_S)).toBeNull();
        const orphan = await store.getTrace(ALL_TENANTS, OLD_S);
        expect(orphan).toMatchObject({ tenant: null });
        expect((await store.scores(orphan as TraceSummary)).map((s) => s.tenant)).toEqual([null]);
        const samples = await store.spanSamples(t1, new Date(T0 - 1000), 10);
        expect(samples.map((s) => s.name).sort()).toEqual(['span-1', 'span-2']);
      });

      it('migrates down to one row per trace id, keeping the part that started first', async () => {
        const store = new TraceStoreRepository(old);
        await store.write([span({ traceId: OLD_A, tenant: 't2', atMs: 500, name: 'late' })]);
        // Down to 0001: later migrations (0003 generation cost) are undone on the way.
        const { error } = await migrator(old, { ...langfuseMigrations }).migrateTo('0001_trace_store');
        expect(error).toBeUndefined();
        const rows = await sql<{ id: string; name: string }>`select id, name from obs_traces order by id`.execute(
          old.db,
        );
        expect(rows.rows).toEqual([
          { id: OLD_S, name: 'old' },
          { id: OLD_A, name: 'old' },
        ]);
        // And up again: the table is the one 0002 expects.
        await migrate(old, { ...langfuseMigrations });
        expect(await new TraceStoreRepository(old).getTrace(t1, OLD_A)).toMatchObject({ tenant: 't1' });
      });
    });
  });
}
