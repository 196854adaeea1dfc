import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

const RULE_COLUMNS = ['id', 'name', 'expr', 'severity', 'created_at'] as const;

/**
 * Alert rules, silences and history belong to an owner (before this, every tenant saw, deleted and
 * silenced every rule). `tenant` is the creator's tenant; NULL is the system scope: rules from the
 * config file, and every row stored before this migration. Those were seen by every tenant, so
 * they stay readable by every tenant, and only the system admin may change them now.
 * Rule names become unique per owner; SQLite cannot drop the old UNIQUE(name), so the rules table
 * is rebuilt, with the uniqueness on (coalesce(tenant, ''), name) (tenant ids are never empty).
 */
export const addAlertOwners: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('monitoring_alert_rules_0003')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text)
      .addColumn('created_by', t.text)
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('expr', t.json, (c) => c.notNull())
      .addColumn('severity', t.text, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db
      .insertInto('monitoring_alert_rules_0003')
      .columns([...RULE_COLUMNS])
      .expression(db.selectFrom('monitoring_alert_rules').select([...RULE_COLUMNS]))
      .execute();
    await db.schema.dropTable('monitoring_alert_rules').execute();
    await db.schema.alterTable('monitoring_alert_rules_0003').renameTo('monitoring_alert_rules').execute();
    await db.schema
      .createIndex('monitoring_alert_rules_owner_name_idx')
      .on('monitoring_alert_rules')
      .unique()
      .expression(sql`coalesce(tenant, ''), name`)
      .execute();
    // Lists are per tenant (plus the system rules), oldest first.
    await db.schema
      .createIndex('monitoring_alert_rules_tenant_idx')
      .on('monitoring_alert_rules')
      .columns(['tenant', 'created_at', 'id'])
      .execute();

    await db.schema.alterTable('monitoring_alert_events').addColumn('tenant', t.text).execute();
    // History pages per owner, newest first; the per-owner bound walks the same index.
    await db.schema
      .createIndex('monitoring_alert_events_tenant_idx')
      .on('monitoring_alert_events')
      .columns(['tenant', 'at', 'id'])
      .execute();
    await db.schema.alterTable('monitoring_silences').addColumn('tenant', t.text).execute();
    await db.schema
      .createIndex('monitoring_silences_tenant_idx')
      .on('monitoring_silences')
      .columns(['tenant', 'ends_at'])
      .execute();
  },
  /** Back to unowned rows; rules whose names are then taken twice keep the oldest of each name. */
  async down(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema.dropIndex('monitoring_silences_tenant_idx').execute();
    await db.schema.alterTable('monitoring_silences').dropColumn('tenant').execute();
    await db.schema.dropIndex('monitoring_alert_events_tenant_idx').execute();
    await db.schema.alterTable('monitoring_alert_events').dropColumn('tenant').execute();

    await db.schema
      .createTable('monitoring_alert_rules_0001')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('name', t.text, (c) => c.notNull().unique())
      .addColumn('expr', t.json, (c) => c.notNull())
      .addColumn('severity', t.text, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    const oldest = db
      .selectFrom('monitoring_alert_rules')
      .select((eb) => eb.fn.min('id').as('id'))
      .groupBy('name');
    await db
      .insertInto('monitoring_alert_rules_0001')
      .columns([...RULE_COLUMNS])
      .expression(
        db
          .selectFrom('monitoring_alert_rules')
          .select([...RULE_COLUMNS])
          .where('id', 'in', oldest),
      )
      .execute();
    await db.schema.dropTable('monitoring_alert_rules').execute();
    await db.schema.alterTable('monitoring_alert_rules_0001').renameTo('monitoring_alert_rules').execute();
  },
};
