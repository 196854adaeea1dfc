import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Subscriptions (a tenant's, or one task's or run's), the tenants' signing secrets, and the
 * delivery outbox: one row per event per subscription, claimed atomically by whichever replica
 * delivers it, and kept as the delivery log.
 */
export const createWebhooks: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('webhook_subscriptions')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('scope', t.text, (c) => c.notNull())
      .addColumn('target_id', t.text)
      .addColumn('url', t.text, (c) => c.notNull())
      .addColumn('events', t.json, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('secret', t.text)
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    const subs = (name: string) => db.schema.createIndex(name).on('webhook_subscriptions');
    await subs('webhook_subscriptions_tenant').columns(['tenant', 'scope', 'created_at']).execute();
    await subs('webhook_subscriptions_target').columns(['target_id']).execute();
    await db.schema
      .createTable('webhook_tenant_secrets')
      .addColumn('tenant', t.text, (c) => c.primaryKey())
      .addColumn('secret', t.text, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('subscription_id', t.id, (c) => c.notNull())
      .addColumn('event', t.text, (c) => c.notNull())
      .addColumn('object_id', t.text)
      // subscription:event:object:occurrence; the same occurrence is delivered once.
      .addColumn('dedupe_key', t.text, (c) => c.notNull().unique())
      .addColumn('url', t.text, (c) => c.notNull())
      .addColumn('body', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull())
      .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
      .addColumn('locked_until', t.timestamp)
      .addColumn('last_status_code', t.integer)
      .addColumn('last_error', t.text)
      .addColumn('log', t.json, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('delivered_at', t.timestamp)
      .execute();
    const deliveries = (name: string) => db.schema.createIndex(name).on('webhook_deliveries');
    await deliveries('webhook_deliveries_due').columns(['status', 'next_attempt_at']).execute();
    await deliveries('webhook_deliveries_tenant').columns(['tenant', 'created_at']).execute();
    await deliveries('webhook_deliveries_subscription').columns(['subscription_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('webhook_deliveries').execute();
    await db.schema.dropTable('webhook_tenant_secrets').execute();
    await db.schema.dropTable('webhook_subscriptions').execute();
  },
};
