import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Agents, their mailboxes (one table, dead letters are status `dead`) and coordination runs. */
export const createAgentTables: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('agents')
      .addColumn('id', t.id, (c) => c.primaryKey())
      // '*' for built-in agents, which every tenant sees.
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('capabilities', t.json, (c) => c.notNull())
      .addColumn('model', t.text)
      .addColumn('max_concurrency', t.integer, (c) => c.notNull())
      .addColumn('metadata', t.json)
      .addColumn('paused', t.boolean, (c) => c.notNull())
      .addColumn('last_heartbeat_at', t.timestamp)
      // Health survives a restart: the averages and counters the score is computed from.
      .addColumn('success_ewma', t.double, (c) => c.notNull())
      .addColumn('latency_ewma_ms', t.double)
      .addColumn('consecutive_failures', t.integer, (c) => c.notNull())
      .addColumn('handled', t.bigint, (c) => c.notNull())
      .addColumn('failed', t.bigint, (c) => c.notNull())
      .addColumn('last_outcome_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('deregistered_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('agents_tenant_created_idx')
      .on('agents')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('agents_tenant_name_idx').on('agents').columns(['tenant', 'name']).execute();

    await db.schema
      .createTable('agent_messages')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('agent_id', t.id, (c) => c.notNull())
      .addColumn('from_agent', t.id)
      .addColumn('broadcast_id', t.id)
      .addColumn('correlation_id', t.text)
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('priority_rank', t.integer, (c) => c.notNull())
      .addColumn('payload', t.json)
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('deliveries', t.integer, (c) => c.notNull())
      .addColumn('max_deliveries', t.integer, (c) => c.notNull())
      .addColumn('lease_id', t.id)
      .addColumn('leased_at', t.timestamp)
      .addColumn('lease_expires_at', t.timestamp)
      .addColumn('available_at', t.timestamp, (c) => c.notNull())
      .addColumn('ttl_ms', t.bigint, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('reply', t.json)
      .addColumn('error', t.json)
      .addColumn('dead_reason', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();
    // Claim: an agent's waiting messages by priority then arrival (ULID order).
    await db.schema
      .createIndex('agent_messages_claim_idx')
      .on('agent_messages')
      .columns(['agent_id', 'status', 'priority_rank', 'id'])
      .execute();
    // Sweeps (lease expiry, TTL) and dead-letter lists.
    await db.schema
      .createIndex('agent_messages_status_idx')
      .on('agent_messages')
      .columns(['status', 'lease_expires_at'])
      .execute();
    await db.schema
      .createIndex('agent_messages_expiry_idx')
      .on('agent_messages')
      .columns(['status', 'expires_at'])
      .execute();
    await db.schema
      .createIndex('agent_messages_tenant_idx')
      .on('agent_messages')
      .columns(['tenant', 'status', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('coordination_runs')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('principal_id', t.text)
      .addColumn('strategy', t.text, (c) => c.notNull())
      .addColumn('task', t.text, (c) => c.notNull())
      .addColumn('selection', t.json, (c) => c.notNull())
      .addColumn('input', t.json)
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('timeout_ms', t.bigint, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('steps', t.json, (c) => c.notNull())
      .addColumn('result', t.json)
      .addColumn('error', t.json)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('deadline_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('coordination_runs_tenant_idx')
      .on('coordination_runs')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('coordination_runs_status_idx').on('coordination_runs').columns(['status']).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('coordination_runs').execute();
    await db.schema.dropTable('agent_messages').execute();
    await db.schema.dropTable('agents').execute();
  },
};
