import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Alert rules made through the API, the alert history and silences. */
export const createAlertTables: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('monitoring_alert_rules')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('name', t.text, (c) => c.notNull().unique())
      .addColumn('expr', t.json, (c) => c.notNull())
      .addColumn('severity', t.text, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('monitoring_alert_events')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('rule_id', t.text, (c) => c.notNull())
      .addColumn('rule_name', t.text, (c) => c.notNull())
      .addColumn('severity', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('value', t.double)
      .addColumn('threshold', t.double, (c) => c.notNull())
      .addColumn('silenced', t.boolean, (c) => c.notNull())
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('monitoring_alert_events_at_idx')
      .on('monitoring_alert_events')
      .columns(['at', 'id'])
      .execute();
    await db.schema
      .createTable('monitoring_silences')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('rule_name', t.text)
      .addColumn('severity', t.text)
      .addColumn('starts_at', t.timestamp, (c) => c.notNull())
      .addColumn('ends_at', t.timestamp, (c) => c.notNull())
      .addColumn('comment', t.text, (c) => c.notNull())
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('monitoring_silences').execute();
    await db.schema.dropTable('monitoring_alert_events').execute();
    await db.schema.dropTable('monitoring_alert_rules').execute();
  },
};
