import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

type AnyDb = Kysely<any>;

/**
 * The LangGraph Platform surface: threads (a checkpointer thread shared by many runs), assistants
 * (versioned configurations of a graph), the long-term store, crons, and each run's stream chunks
 * (what `stream_mode` produced, replayed to a client that joins late or resumes with Last-Event-ID).
 * A run gains the thread it runs on, its assistant and the Platform arguments it was created with.
 */
export const addPlatformTables: Migration = {
  async up(db: AnyDb) {
    const t = columnTypes(db);
    await db.schema.alterTable('langgraph_runs').addColumn('thread_id', t.text).execute();
    await db.schema.alterTable('langgraph_runs').addColumn('assistant_id', t.text).execute();
    await db.schema.alterTable('langgraph_runs').addColumn('kwargs', t.json).execute();
    await db.schema
      .createIndex('langgraph_runs_lg_thread')
      .on('langgraph_runs')
      .columns(['tenant', 'thread_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('langgraph_threads')
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('thread_id', t.text, (c) => c.notNull())
      .addColumn('metadata', t.json, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('graph_id', t.text)
      .addColumn('assistant_id', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('langgraph_threads_pk', ['tenant', 'thread_id'])
      .execute();
    // Thread ids are the checkpointer's thread ids: unique across tenants, so one tenant's id can
    // never address another tenant's checkpoints.
    await db.schema.createIndex('langgraph_threads_id').on('langgraph_threads').column('thread_id').unique().execute();

    await db.schema
      .createTable('langgraph_assistants')
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('assistant_id', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('graph_id', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('config', t.json, (c) => c.notNull())
      .addColumn('context', t.json, (c) => c.notNull())
      .addColumn('metadata', t.json, (c) => c.notNull())
      .addColumn('latest', t.boolean, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('langgraph_assistants_pk', ['tenant', 'assistant_id', 'version'])
      .execute();

    await db.schema
      .createTable('langgraph_store_items')
      .addColumn('tenant', t.text, (c) => c.notNull())
      // Labels joined with '.', the SDK's own wire form (labels cannot contain a period).
      .addColumn('namespace', t.text, (c) => c.notNull())
      .addColumn('key', t.text, (c) => c.notNull())
      .addColumn('value', t.json, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('langgraph_store_items_pk', ['tenant', 'namespace', 'key'])
      .execute();

    await db.schema
      .createTable('langgraph_crons')
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('cron_id', t.text, (c) => c.notNull())
      .addColumn('assistant_id', t.text, (c) => c.notNull())
      .addColumn('thread_id', t.text)
      .addColumn('schedule', t.text, (c) => c.notNull())
      .addColumn('timezone', t.text)
      .addColumn('payload', t.json, (c) => c.notNull())
      .addColumn('metadata', t.json, (c) => c.notNull())
      .addColumn('enabled', t.boolean, (c) => c.notNull())
      .addColumn('schedule_id', t.text)
      .addColumn('end_time', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('langgraph_crons_pk', ['tenant', 'cron_id'])
      .execute();

    await db.schema
      .createTable('langgraph_stream_events')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('run_id', t.id, (c) => c.notNull())
      .addColumn('event', t.text, (c) => c.notNull())
      .addColumn('data', t.json)
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('langgraph_stream_events_run')
      .on('langgraph_stream_events')
      .columns(['run_id', 'id'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of [
      'langgraph_stream_events',
      'langgraph_crons',
      'langgraph_store_items',
      'langgraph_assistants',
      'langgraph_threads',
    ])
      await db.schema.dropTable(table).execute();
    await db.schema.dropIndex('langgraph_runs_lg_thread').execute();
    for (const column of ['kwargs', 'assistant_id', 'thread_id'])
      await db.schema.alterTable('langgraph_runs').dropColumn(column).execute();
  },
};
