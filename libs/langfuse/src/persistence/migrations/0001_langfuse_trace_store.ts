import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

// Kysely's documented choice for a schema no one module knows in full (see persistence README).
type AnyDb = Kysely<any>;

/**
 * The local trace store: one row per finished span, one summary row per trace (kept up to date
 * as its spans arrive, so listing and filtering never scan spans), and scores.
 */
export const createTraceStore: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('obs_spans')
      .addColumn('id', t.id, (c) => c.primaryKey()) // trace id + span id
      .addColumn('trace_id', t.text, (c) => c.notNull())
      .addColumn('span_id', t.text, (c) => c.notNull())
      .addColumn('parent_span_id', t.text)
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('scope', t.text, (c) => c.notNull())
      .addColumn('start_time', t.timestamp, (c) => c.notNull())
      .addColumn('end_time', t.timestamp, (c) => c.notNull())
      .addColumn('duration_ms', t.double, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('status_message', t.text)
      .addColumn('session_id', t.text)
      .addColumn('user_id', t.text)
      .addColumn('operation', t.text)
      .addColumn('model', t.text)
      .addColumn('input_tokens', t.bigint)
      .addColumn('output_tokens', t.bigint)
      .addColumn('cache_hit', t.boolean)
      .addColumn('attributes', t.json)
      .addColumn('events', t.json)
      .execute();
    await db.schema.createIndex('obs_spans_trace_idx').on('obs_spans').columns(['trace_id', 'start_time']).execute();
    // Serves the metrics window and the retention delete.
    await db.schema.createIndex('obs_spans_start_idx').on('obs_spans').columns(['start_time']).execute();

    await db.schema
      .createTable('obs_traces')
      .addColumn('id', t.id, (c) => c.primaryKey()) // the 32-hex trace id
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('root_span_id', t.text)
      .addColumn('root_start_ms', t.double)
      .addColumn('start_time', t.timestamp, (c) => c.notNull())
      .addColumn('end_time', t.timestamp, (c) => c.notNull())
      // Epoch milliseconds beside the timestamps: merging a late span into the summary (min
      // start, max end, duration) is then plain arithmetic in SQL on both dialects.
      .addColumn('start_ms', t.double, (c) => c.notNull())
      .addColumn('end_ms', t.double, (c) => c.notNull())
      .addColumn('duration_ms', t.double, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('span_count', t.integer, (c) => c.notNull())
      .addColumn('error_count', t.integer, (c) => c.notNull())
      .addColumn('session_id', t.text)
      .addColumn('user_id', t.text)
      .addColumn('input_tokens', t.bigint, (c) => c.notNull())
      .addColumn('output_tokens', t.bigint, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('obs_traces_start_idx').on('obs_traces').columns(['start_time', 'id']).execute();
    await db.schema
      .createIndex('obs_traces_session_idx')
      .on('obs_traces')
      .columns(['session_id', 'start_time', 'id'])
      .execute();
    await db.schema.createIndex('obs_traces_user_idx').on('obs_traces').columns(['user_id', 'start_time']).execute();

    await db.schema
      .createTable('obs_scores')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('trace_id', t.text, (c) => c.notNull())
      .addColumn('observation_id', t.text)
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('data_type', t.text, (c) => c.notNull())
      .addColumn('value_number', t.double)
      .addColumn('value_string', t.text)
      .addColumn('comment', t.text)
      .addColumn('principal_id', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('langfuse_status', t.text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('obs_scores_trace_idx').on('obs_scores').columns(['trace_id', 'created_at']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('obs_scores').execute();
    await db.schema.dropTable('obs_traces').execute();
    await db.schema.dropTable('obs_spans').execute();
  },
};
