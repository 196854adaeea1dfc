import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

type AnyDb = Kysely<any>;

/**
 * Registered workflow definitions (one row per tenant, name and version), runs, their node
 * records and their event log (the SSE stream's source).
 */
export const createWorkflowTables: Migration = {
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
