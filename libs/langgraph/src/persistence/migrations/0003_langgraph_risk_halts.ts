import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

type AnyDb = Kysely<any>;

/**
 * Risk limits per tenant or desk, the approval requests of risk gates (their time and reference
 * prices, so a resumed gate judges expiry against the original request), and kill switches
 * (scope `*` is the global one, any other scope a tenant).
 */
export const addRiskAndHalts: Migration = {
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
