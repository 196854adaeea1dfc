import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import { columnTypes, dialectOf } from '@app/infrastructure';

// Kysely's documented choice for a schema no one module knows in full (see persistence README).
type AnyDb = Kysely<any>;

// Every column of obs_traces as 0001 made it; the copy between shapes names them all.
const TRACE_COLUMNS = [
  'id',
  'name',
  'root_span_id',
  'root_start_ms',
  'start_time',
  'end_time',
  'start_ms',
  'end_ms',
  'duration_ms',
  'status',
  'span_count',
  'error_count',
  'session_id',
  'user_id',
  'input_tokens',
  'output_tokens',
] as const;

const columnList = (alias?: string) => sql.join(TRACE_COLUMNS.map((c) => sql.ref(alias ? `${alias}.${c}` : c)));

/** obs_traces with a tenant column, keyed by (id, tenant) when `perTenant`, else by id as in 0001. */
async function createTraceTable(db: AnyDb, name: string, perTenant: boolean): Promise<void> {
  const t = columnTypes(db);
  let table = db.schema
    .createTable(name)
    .addColumn('id', t.id, (c) => c.notNull())
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('root_span_id', t.text)
    .addColumn('root_start_ms', t.double)
    .addColumn('start_time', t.timestamp, (c) => c.notNull())
    .addColumn('end_time', t.timestamp, (c) => c.notNull())
    .addColumn('start_ms', t.double, (c) => c.notNull())
    .addColumn('end_ms', t.double, (c) => c.notNull())
    .addColumn('duration_ms', t.double, (c) => c.notNull())
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('span_count', t.integer, (c) => c.notNull())
    .addColumn('error_count', t.integer, (c) => c.notNull())
    .addColumn('session_id', t.text)
    .addColumn('user_id', t.text)
    .addColumn('input_tokens', t.bigint, (c) => c.notNull())
    .addColumn('output_tokens', t.bigint, (c) => c.notNull());
  table = perTenant
    ? table
        .addColumn('tenant', t.text, (c) => c.notNull().defaultTo(''))
        // Named apart from 0001's key: PostgreSQL names are per schema, and the old table still exists.
        .addPrimaryKeyConstraint(`${name}_tenant_pk`, ['id', 'tenant'])
    : table.addPrimaryKeyConstraint(`${name}_id_pk`, ['id']);
  await table.execute();
}

async function createIndexes(db: AnyDb, table: string, indexes: Record<string, string[]>): Promise<void> {
  for (const [name, columns] of Object.entries(indexes)) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

/** The `tenant.id` attribute of a span row aliased `s`, on either dialect. */
function tenantAttribute(db: AnyDb): RawBuilder<string | null> {
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`(s.attributes ->> 'tenant.id')`
    : sql<string | null>`json_extract(s.attributes, '$."tenant.id"')`;
}

/**
 * Every trace, span and score belongs to a tenant (or to none: start-up, system jobs,
 * unauthenticated requests, seen by the system admin only), kept in an indexed `tenant` column
 * so reads filter in SQL. A trace becomes one row per tenant that has spans in it, keyed by
 * (id, tenant): a caller who sends another tenant's trace id in its traceparent gets a trace
 * part of its own, and never adds to the other's. Existing traces take the tenant their HTTP
 * root span recorded (`tenant.id`, the earliest span carrying one); traces without one have no
 * tenant.
 */
export const addTraceTenants: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    const attribute = tenantAttribute(db);
    await createTraceTable(db, 'obs_traces_next', true);
    await sql`insert into obs_traces_next (${columnList()}, tenant)
      select ${columnList('obs_traces')}, coalesce((
        select ${attribute} from obs_spans s
        where s.trace_id = obs_traces.id and ${attribute} is not null
        order by s.start_time limit 1
      ), '')
      from obs_traces`.execute(db);
    await db.schema.dropTable('obs_traces').execute();
    await db.schema.alterTable('obs_traces_next').renameTo('obs_traces').execute();
    // Lists: every tenant's (the system admin) or one tenant's, newest first.
    await createIndexes(db, 'obs_traces', {
      obs_traces_start_idx: ['start_time', 'id'],
      obs_traces_tenant_start_idx: ['tenant', 'start_time', 'id'],
      obs_traces_session_idx: ['session_id', 'tenant', 'start_time', 'id'],
      obs_traces_user_idx: ['user_id', 'tenant', 'start_time'],
    });

    for (const table of ['obs_spans', 'obs_scores']) {
      await db.schema
        .alterTable(table)
        .addColumn('tenant', t.text, (c) => c.notNull().defaultTo(''))
        .execute();
      await sql`update ${sql.table(table)} set tenant = (
          select min(tr.tenant) from obs_traces tr where tr.id = ${sql.table(table)}.trace_id
        )
        where trace_id in (select id from obs_traces where tenant <> '')`.execute(db);
    }
    // The metrics summary reads one tenant's spans in a time window.
    await createIndexes(db, 'obs_spans', { obs_spans_tenant_start_idx: ['tenant', 'start_time'] });
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('obs_spans_tenant_start_idx').execute();
    for (const table of ['obs_spans', 'obs_scores']) await db.schema.alterTable(table).dropColumn('tenant').execute();
    await createTraceTable(db, 'obs_traces_prev', false);
    // One row per trace id again: the part that started first.
    await sql`insert into obs_traces_prev (${columnList()})
      select ${columnList('tr')} from obs_traces tr
      where not exists (
        select 1 from obs_traces o
        where o.id = tr.id and (o.start_ms < tr.start_ms or (o.start_ms = tr.start_ms and o.tenant < tr.tenant))
      )`.execute(db);
    await db.schema.dropTable('obs_traces').execute();
    await db.schema.alterTable('obs_traces_prev').renameTo('obs_traces').execute();
    // 0001's indexes.
    await createIndexes(db, 'obs_traces', {
      obs_traces_start_idx: ['start_time', 'id'],
      obs_traces_session_idx: ['session_id', 'start_time', 'id'],
      obs_traces_user_idx: ['user_id', 'start_time'],
    });
  },
};
