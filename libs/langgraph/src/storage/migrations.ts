import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

type AnyDb = Kysely<any>;

const createWorkflowTables: Migration = {
  async up(db: AnyDb) {
    const t = columnTypes(db);
    await db.schema
      .createTable('langgraph_workflows')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('definition', t.json, (c) => c.notNull())
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('langgraph_workflows_name_version')
      .on('langgraph_workflows')
      .columns(['tenant', 'name', 'version'])
      .unique()
      .execute();

    await db.schema
      .createTable('langgraph_runs')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('principal_id', t.text)
      .addColumn('workflow', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      // template | registered | inline; an inline run keeps its definition here so recovery can rebuild it.
      .addColumn('source', t.text, (c) => c.notNull())
      .addColumn('definition', t.json)
      // The client's threadId: executing again with it returns this run instead of a new one.
      .addColumn('thread_key', t.text)
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('input', t.json, (c) => c.notNull())
      .addColumn('output', t.json)
      .addColumn('error', t.json)
      .addColumn('interrupt', t.json)
      .addColumn('current_node', t.text)
      .addColumn('timeout_ms', t.integer, (c) => c.notNull())
      .addColumn('elapsed_ms', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('langgraph_runs_tenant_created')
      .on('langgraph_runs')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('langgraph_runs_thread')
      .on('langgraph_runs')
      .columns(['tenant', 'thread_key'])
      .unique()
      .execute();
    await db.schema.createIndex('langgraph_runs_status').on('langgraph_runs').columns(['status']).execute();
    await db.schema.createIndex('langgraph_runs_finished').on('langgraph_runs').columns(['finished_at']).execute();

    await db.schema
      .createTable('langgraph_run_nodes')
      .addColumn('run_id', t.id, (c) => c.notNull())
      .addColumn('node_key', t.text, (c) => c.notNull())
      .addColumn('node_id', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('visits', t.integer, (c) => c.notNull().defaultTo(0))
      // Bumped after a failed task attempt: the next attempt submits a new Handit task.
      .addColumn('generation', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('boot_id', t.text)
      .addColumn('started_at', t.timestamp)
      .addColumn('attempt_started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .addColumn('output', t.json)
      .addColumn('error', t.json)
      .addColumn('task_ids', t.json)
      .addPrimaryKeyConstraint('langgraph_run_nodes_pk', ['run_id', 'node_key'])
      .execute();

    await db.schema
      .createTable('langgraph_run_events')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('run_id', t.id, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('data', t.json, (c) => c.notNull())
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('langgraph_run_events_run')
      .on('langgraph_run_events')
      .columns(['run_id', 'id'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ['langgraph_run_events', 'langgraph_run_nodes', 'langgraph_runs', 'langgraph_workflows'])
      await db.schema.dropTable(table).execute();
  },
};

/** A resume's decision is stored with the run, so a crash before the graph consumes it keeps it. */
const addPendingDecision: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('langgraph_runs').addColumn('pending_decision', columnTypes(db).json).execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('langgraph_runs').dropColumn('pending_decision').execute();
  },
};

/**
 * Risk limits per tenant or desk, the approval requests of risk gates (their time and reference
 * prices, so a resumed gate judges expiry against the original request), and kill switches
 * (scope `*` is the global one, any other scope a tenant).
 */
const addRiskAndHalts: Migration = {
  async up(db: AnyDb) {
    const t = columnTypes(db);
    await db.schema
      .createTable('langgraph_risk_limits')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      // '' is the whole tenant; a desk's limits apply on top of the tenant's.
      .addColumn('desk', t.text, (c) => c.notNull())
      .addColumn('metric', t.text, (c) => c.notNull())
      // '' for every symbol; position limits may name one.
      .addColumn('symbol', t.text, (c) => c.notNull())
      .addColumn('max_value', t.double, (c) => c.notNull())
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('langgraph_risk_limits_key')
      .on('langgraph_risk_limits')
      .columns(['tenant', 'desk', 'metric', 'symbol'])
      .unique()
      .execute();

    await db.schema
      .createTable('langgraph_risk_approvals')
      .addColumn('run_id', t.id, (c) => c.notNull())
      .addColumn('node_key', t.text, (c) => c.notNull())
      .addColumn('visit', t.integer, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('desk', t.text)
      .addColumn('breaches', t.json, (c) => c.notNull())
      .addColumn('prices', t.json, (c) => c.notNull())
      .addColumn('price_band', t.double, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('requested_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('decided_by', t.text)
      .addColumn('decided_at', t.timestamp)
      .addColumn('reason', t.text)
      .addPrimaryKeyConstraint('langgraph_risk_approvals_pk', ['run_id', 'node_key', 'visit'])
      .execute();
    // The expiry sweep: pending requests past their time.
    await db.schema
      .createIndex('langgraph_risk_approvals_pending')
      .on('langgraph_risk_approvals')
      .columns(['status', 'expires_at'])
      .execute();

    await db.schema
      .createTable('langgraph_halts')
      .addColumn('scope', t.text, (c) => c.primaryKey())
      .addColumn('reason', t.text, (c) => c.notNull())
      .addColumn('halted_by', t.text)
      .addColumn('halted_at', t.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ['langgraph_halts', 'langgraph_risk_approvals', 'langgraph_risk_limits']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

export const LANGGRAPH_MIGRATIONS: Record<string, Migration> = {
  '0001_langgraph_workflows_runs': createWorkflowTables,
  '0002_langgraph_pending_decision': addPendingDecision,
  '0003_langgraph_risk_halts': addRiskAndHalts,
};
